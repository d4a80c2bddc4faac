/// LEB128 unsigned variable-length integers: 7 bits per byte, low bits first, high bit set on
/// every byte but the last.
///
/// ```
/// 300 = 0b1_0010_1100  ->  [1010_1100] [0000_0010]
///                            ^ more      ^ last
/// ```
enum VarInt {
    @inline(__always)
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Writes `value` at `pointer` (room for ``size(_:)`` bytes); returns the bytes written.
    @inline(__always)
    static func write(_ value: UInt32, to pointer: UnsafeMutablePointer<UInt8>) -> Int {
        var value = value
        var written = 0
        while value >= 0x80 {
            pointer[written] = UInt8(truncatingIfNeeded: value) | 0x80
            value >>= 7
            written += 1
        }
        pointer[written] = UInt8(value)
        return written + 1
    }

    /// Reads one value at `offset` and advances it. The index writes its own bytes, so the
    /// input is trusted; a truncated value still stops at the buffer's end.
    @inline(__always)
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> UInt32 {
        var byte = bytes[offset]
        offset += 1
        if byte < 0x80 { return UInt32(byte) }
        var value = UInt32(byte & 0x7F)
        var shift: UInt32 = 7
        while offset < bytes.count, shift < 32 {
            byte = bytes[offset]
            offset += 1
            value |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return value
    }

    /// Moves `offset` past one value without decoding it (trusted input, as ``read(_:_:)``).
    @inline(__always)
    static func skip(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) {
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte < 0x80 { return }
        }
    }

    /// A 64-bit value, for the fields that may pass 32 bits (document metadata).
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Reads one 64-bit value at `offset` and advances it; nil if the bytes end first or the
    /// value runs past 64 bits (for bytes from elsewhere, checked before they are trusted).
    static func readChecked64(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int)
        -> UInt64?
    {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// Reads one 64-bit value at `offset` and advances it (trusted input, as ``read(_:_:)``).
    static func read64(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return value
    }
}
