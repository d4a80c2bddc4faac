/// Appends protobuf wire format to a byte array, proto3-style: scalar fields equal to their
/// default (0, false, empty) are not written; present messages always are.
///
/// ```
/// field 1, string "nato":  0a 04 6e 61 74 6f
///                          │  │  └ UTF-8 bytes
///                          │  └ length (varint)
///                          └ tag: field 1 << 3 | length-delimited (2)
/// ```
/// Embedded messages are written in place: a one-byte length is reserved, the message is
/// written after it, and the length is widened afterwards only in the rare case it does not
/// fit in one byte, so encoding allocates nothing but the output array.
public struct ProtobufWriter: Sendable {
    /// The bytes written so far.
    public internal(set) var bytes: [UInt8]

    /// An empty writer; `capacity` avoids regrowing for typical messages.
    public init(reservingCapacity capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// A writer that appends to `bytes` (reserving nothing: an empty array allocates no
    /// storage until written to).
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func writeTag(_ field: UInt32, _ wireType: WireType) {
        Varint.append(UInt64(field) << 3 | UInt64(wireType.rawValue), to: &bytes)
    }

    /// A uint64 field (varint); omitted when 0.
    public mutating func writeUInt64(_ field: UInt32, _ value: UInt64) {
        guard value != 0 else { return }
        writeTag(field, .varint)
        Varint.append(value, to: &bytes)
    }

    /// A uint32 field (varint); omitted when 0.
    public mutating func writeUInt32(_ field: UInt32, _ value: UInt32) {
        writeUInt64(field, UInt64(value))
    }

    /// int32 and enums: negative values are sign-extended to 10 bytes, as protobuf requires.
    public mutating func writeInt32(_ field: UInt32, _ value: Int32) {
        writeUInt64(field, UInt64(bitPattern: Int64(value)))
    }

    /// A bool field (varint 1); omitted when false.
    public mutating func writeBool(_ field: UInt32, _ value: Bool) {
        writeUInt64(field, value ? 1 : 0)
    }

    /// A double as fixed64 little-endian; +0.0 is the default and is not written (-0.0 is).
    public mutating func writeDouble(_ field: UInt32, _ value: Double) {
        let bits = value.bitPattern
        guard bits != 0 else { return }
        writeTag(field, .fixed64)
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
    }

    /// A string field (UTF-8, length-delimited); omitted when empty.
    public mutating func writeString(_ field: UInt32, _ value: String) {
        guard !value.isEmpty else { return }
        writeStringAlways(field, value)
    }

    /// A bytes field (length-delimited); omitted when empty.
    public mutating func writeBytes(_ field: UInt32, _ value: [UInt8]) {
        guard !value.isEmpty else { return }
        writeTag(field, .lengthDelimited)
        Varint.append(UInt64(value.count), to: &bytes)
        bytes.append(contentsOf: value)
    }

    /// Repeated strings are written one per element, empty ones included.
    public mutating func writeRepeatedString(_ field: UInt32, _ values: [String]) {
        for value in values { writeStringAlways(field, value) }
    }

    /// Repeated varint scalars are packed (proto3's default): one length-delimited run.
    public mutating func writePackedUInt32(_ field: UInt32, _ values: [UInt32]) {
        guard !values.isEmpty else { return }
        writeTag(field, .lengthDelimited)
        let size = values.reduce(0) { $0 + Varint.size(of: UInt64($1)) }
        Varint.append(UInt64(size), to: &bytes)
        for value in values { Varint.append(UInt64(value), to: &bytes) }
    }

    /// An embedded message; written even when all its fields are defaults (presence matters).
    public mutating func writeMessage(_ field: UInt32, _ message: some WireMessage) {
        writeTag(field, .lengthDelimited)
        let lengthAt = bytes.count
        bytes.append(0)
        message.encode(to: &self)
        let length = bytes.count - lengthAt - 1
        if length < 0x80 {
            bytes[lengthAt] = UInt8(length)
        } else {
            widenLength(at: lengthAt, to: length)
        }
    }

    /// Makes room for a multi-byte length by moving the message body right, in place: a
    /// temporary array here cost two allocations per embedded message over 127 bytes (every
    /// search hit).
    private mutating func widenLength(at lengthAt: Int, to length: Int) {
        let size = Varint.size(of: UInt64(length))
        let bodyStart = lengthAt + 1
        bytes.append(contentsOf: repeatElement(0, count: size - 1))
        bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            (base + bodyStart + size - 1).update(from: base + bodyStart, count: length)
            var value = UInt64(length)
            for index in 0..<size {
                let more: UInt8 = index + 1 < size ? 0x80 : 0
                base[lengthAt + index] = UInt8(truncatingIfNeeded: value & 0x7F) | more
                value >>= 7
            }
        }
    }

    /// A repeated message field: one length-delimited occurrence per element.
    public mutating func writeRepeatedMessage(_ field: UInt32, _ messages: [some WireMessage]) {
        for message in messages { writeMessage(field, message) }
    }

    private mutating func writeStringAlways(_ field: UInt32, _ value: String) {
        writeTag(field, .lengthDelimited)
        var value = value
        value.withUTF8 { utf8 in
            Varint.append(UInt64(utf8.count), to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }
}
