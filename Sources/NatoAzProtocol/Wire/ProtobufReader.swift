/// Reads protobuf wire format in place, without trusting it and without copying it.
///
/// Every length is checked against the bytes that remain before anything is read or
/// allocated, so hostile input costs at most its own size in memory. Unknown fields of
/// every wire type (groups included) can be skipped. Errors are `ProtocolError`s naming the
/// byte offset; the caller adds which field it was reading.
///
/// A reader borrows the bytes it reads (a server decodes a request straight from its read
/// buffer): it is valid only while they are, so make one inside `withUnsafeBytes` or use
/// `WireMessage.init(decoding:)`, which does.
public struct ProtobufReader {
    /// Groups nested deeper than this are rejected instead of skipped (they are deprecated and
    /// natoaz never sends them; the bound keeps skipping from recursing without limit).
    static let maxGroupDepth = 32

    private let bytes: UnsafeRawBufferPointer
    private var index: Int
    private let end: Int

    /// Reads `bytes` whole. The reader must not outlive them.
    public init(unsafeBytes bytes: UnsafeRawBufferPointer) {
        self.init(bytes, range: 0..<bytes.count)
    }

    /// Reads `range` of `bytes` (no copy).
    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    /// True when every byte has been read.
    public var isAtEnd: Bool { index >= end }

    /// The next field's tag, or nil at the end of the message.
    public mutating func nextTag() throws(ProtocolError) -> FieldTag? {
        guard index < end else { return nil }
        let at = index
        let key = try readVarint()
        let number = key >> 3
        guard number != 0, number <= UInt64(FieldTag.maxFieldNumber) else {
            throw .malformedPayload("invalid field number \(number) at byte \(at)")
        }
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw .malformedPayload("invalid wire type \(key & 7) at byte \(at)")
        }
        return FieldTag(number: UInt32(number), wireType: wireType)
    }

    /// A raw varint; more than 10 bytes or a 10th byte above 1 is malformed.
    public mutating func readVarint() throws(ProtocolError) -> UInt64 {
        // Tags, lengths and small values (most of a request) are one byte.
        if index < end, case let byte = bytes[index], byte < 0x80 {
            index += 1
            return UInt64(byte)
        }
        return try readMultibyteVarint()
    }

    private mutating func readMultibyteVarint() throws(ProtocolError) -> UInt64 {
        let start = index
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < end {
            let byte = bytes[index]
            index += 1
            if shift == 63 && byte > 1 {
                throw .malformedPayload("varint at byte \(start) overflows 64 bits")
            }
            // `&<<`: `shift` is at most 63 here (a 10th byte returns or throws), so the
            // masking shift is exact and skips the checks of the smart one.
            result |= UInt64(byte & 0x7F) &<< shift
            if byte < 0x80 { return result }
            shift &+= 7
        }
        throw .malformedPayload("varint at byte \(start) is cut off by the end of the message")
    }

    /// A uint64 field.
    public mutating func readUInt64(_ tag: FieldTag) throws(ProtocolError) -> UInt64 {
        try expect(tag, .varint)
        return try readVarint()
    }

    /// A uint32 field; a value above 2^32-1 is rejected rather than silently truncated.
    public mutating func readUInt32(_ tag: FieldTag) throws(ProtocolError) -> UInt32 {
        let at = index
        let value = try readUInt64(tag)
        guard let narrow = UInt32(exactly: value) else {
            throw .malformedPayload("value \(value) at byte \(at) does not fit in uint32")
        }
        return narrow
    }

    /// int32 and enum fields: protobuf defines these as the low 32 bits of the varint.
    public mutating func readInt32(_ tag: FieldTag) throws(ProtocolError) -> Int32 {
        Int32(truncatingIfNeeded: try readUInt64(tag))
    }

    /// A bool field: any non-zero varint is true, as protobuf specifies.
    public mutating func readBool(_ tag: FieldTag) throws(ProtocolError) -> Bool {
        try readUInt64(tag) != 0
    }

    /// A double field (fixed64 little-endian).
    public mutating func readDouble(_ tag: FieldTag) throws(ProtocolError) -> Double {
        try expect(tag, .fixed64)
        return Double(bitPattern: try readFixed64())
    }

    /// A string field; invalid UTF-8 is rejected (proto3 strings must be valid UTF-8).
    public mutating func readString(_ tag: FieldTag) throws(ProtocolError) -> String {
        try expect(tag, .lengthDelimited)
        let range = try readLengthDelimited()
        let utf8 = UnsafeRawBufferPointer(rebasing: bytes[range]).assumingMemoryBound(
            to: UInt8.self)
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw .malformedPayload("string at byte \(range.lowerBound) is not valid UTF-8")
        }
        return string
    }

    /// A bytes field, copied out of the message.
    public mutating func readBytes(_ tag: FieldTag) throws(ProtocolError) -> [UInt8] {
        try expect(tag, .lengthDelimited)
        return Array(UnsafeRawBufferPointer(rebasing: bytes[try readLengthDelimited()]))
    }

    /// One occurrence of a repeated uint32: packed (a run) or not (one varint); both are legal.
    public mutating func readRepeatedUInt32(
        _ tag: FieldTag, into values: inout [UInt32]
    ) throws(ProtocolError) {
        guard tag.wireType == .lengthDelimited else {
            values.append(try readUInt32(tag))
            return
        }
        let range = try readLengthDelimited()
        var packed = ProtobufReader(bytes, range: range)
        let varintTag = FieldTag(number: tag.number, wireType: .varint)
        while !packed.isAtEnd {
            values.append(try packed.readUInt32(varintTag))
        }
    }

    /// An embedded message field.
    public mutating func readMessage<M: WireMessage>(
        _ tag: FieldTag, as type: M.Type = M.self
    ) throws(ProtocolError) -> M {
        var message = M()
        try mergeMessage(tag, into: &message)
        return message
    }

    /// A singular message field seen again merges into the first, as protobuf specifies.
    public mutating func mergeMessage<M: WireMessage>(
        _ tag: FieldTag, into message: inout M?
    ) throws(ProtocolError) {
        var merged = message ?? M()
        try mergeMessage(tag, into: &merged)
        message = merged
    }

    private mutating func mergeMessage<M: WireMessage>(
        _ tag: FieldTag, into message: inout M
    ) throws(ProtocolError) {
        try expect(tag, .lengthDelimited)
        var nested = ProtobufReader(bytes, range: try readLengthDelimited())
        try message.merge(from: &nested)
    }

    /// Skips the value of a field this reader's caller does not know.
    public mutating func skip(_ tag: FieldTag) throws(ProtocolError) {
        try skip(tag, depth: 0)
    }

    private mutating func skip(_ tag: FieldTag, depth: Int) throws(ProtocolError) {
        switch tag.wireType {
        case .varint: _ = try readVarint()
        case .fixed64: try advance(by: 8)
        case .fixed32: try advance(by: 4)
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup:
            guard depth < Self.maxGroupDepth else {
                throw .malformedPayload("groups nested deeper than \(Self.maxGroupDepth)")
            }
            while true {
                guard let inner = try nextTag() else {
                    throw .malformedPayload("group \(tag.number) has no end-group tag")
                }
                if inner.wireType == .endGroup {
                    guard inner.number == tag.number else {
                        throw .malformedPayload(
                            "group \(tag.number) closed by end-group \(inner.number)")
                    }
                    return
                }
                try skip(inner, depth: depth + 1)
            }
        case .endGroup:
            throw .malformedPayload("end-group tag \(tag.number) without a start-group")
        }
    }

    private mutating func expect(_ tag: FieldTag, _ wireType: WireType) throws(ProtocolError) {
        guard tag.wireType == wireType else {
            throw .malformedPayload(
                "wire type \(tag.wireType) where \(wireType) was expected (byte \(index))")
        }
    }

    private mutating func readFixed64() throws(ProtocolError) -> UInt64 {
        let start = index
        try advance(by: 8)
        var value: UInt64 = 0
        for offset in 0..<8 {
            value |= UInt64(bytes[start + offset]) << UInt64(8 * offset)
        }
        return value
    }

    /// A varint length, checked against the bytes left before the range is returned.
    private mutating func readLengthDelimited() throws(ProtocolError) -> Range<Int> {
        let at = index
        let length = try readVarint()
        guard length <= UInt64(end - index) else {
            throw .malformedPayload(
                "length \(length) at byte \(at) runs past the end of the message "
                    + "(\(end - index) bytes left)")
        }
        let start = index
        index += Int(length)
        return start..<index
    }

    private mutating func advance(by count: Int) throws(ProtocolError) {
        guard end - index >= count else {
            throw .malformedPayload(
                "\(count)-byte value at byte \(index) is cut off by the end of the message")
        }
        index += count
    }
}

@available(*, unavailable, message: "a reader is a cursor owned by one decoding call")
extension ProtobufReader: Sendable {}
