/// Small UTF-8 helpers for the analyzer's paths on bytes (no `String` per word).
enum UTF8Scalars {
    /// Whether `bytes` are ASCII and well-formed two-byte sequences only (U+0000...U+07FF): the
    /// words the byte path handles. Anything else, including malformed bytes (which a `String`
    /// would repair), is left to the `String` path.
    static func isOneOrTwoByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // C0 and C1 would be overlong; E0 and up lead longer sequences.
            guard lead >= 0xC2, lead < 0xE0, index + 1 < bytes.count,
                bytes[index + 1] & 0xC0 == 0x80
            else { return false }
            index += 2
        }
        return true
    }

    /// Decodes valid UTF-8 into `scalars` (room for `bytes.count`); returns how many.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, into scalars: UnsafeMutableBufferPointer<UInt32>
    ) -> Int {
        var count = 0
        var index = 0
        while index < bytes.count {
            let lead = UInt32(bytes[index])
            let value: UInt32
            if lead < 0x80 {
                value = lead
                index += 1
            } else if lead < 0xE0 {
                value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0 {
                value =
                    (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
                    | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                value =
                    (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                index += 4
            }
            scalars[count] = value
            count += 1
        }
        return count
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0 if there is none
    /// (Unicode 15, table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
    @inline(__always)
    static func validSequenceLength(
        _ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int
    ) -> Int {
        @inline(__always) func continuation(
            _ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF
        )
            -> Bool
        {
            index + offset < count && base[index + offset] >= low && base[index + offset] <= high
        }
        switch base[index] {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// The byte count of the UTF-8 sequence `lead` starts (valid UTF-8).
    @inline(__always)
    static func sequenceLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Scalars in valid UTF-8 (bytes that are not continuation bytes).
    static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Whether every byte is ASCII.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var all: UInt8 = 0
        for byte in bytes { all |= byte }
        return all < 0x80
    }
}

/// Writes bytes into a fixed buffer, refusing (and remembering it) once one would not fit: the
/// byte paths then decline the word rather than grow anything.
struct ByteWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0
    private(set) var overflowed = false

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        guard count < buffer.count else {
            overflowed = true
            return
        }
        buffer[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Appends a scalar's UTF-8.
    mutating func append(scalar value: UInt32) {
        if value < 0x80 {
            append(UInt8(value))
        } else if value < 0x800 {
            append(UInt8(0xC0 | value >> 6))
            append(UInt8(0x80 | value & 0x3F))
        } else if value < 0x10000 {
            append(UInt8(0xE0 | value >> 12))
            append(UInt8(0x80 | value >> 6 & 0x3F))
            append(UInt8(0x80 | value & 0x3F))
        } else {
            append(UInt8(0xF0 | value >> 18))
            append(UInt8(0x80 | value >> 12 & 0x3F))
            append(UInt8(0x80 | value >> 6 & 0x3F))
            append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// What was written.
    var written: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffer[0..<count])
    }
}
