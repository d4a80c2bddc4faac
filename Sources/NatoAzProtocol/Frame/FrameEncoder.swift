/// Writes frame headers (see `Frame` for the layout).
public enum FrameEncoder {
    /// Appends a frame: the u32 big-endian length of flags + payload, the flags, the payload.
    public static func append(
        flags: FrameFlags, payload: [UInt8], to output: inout [UInt8]
    ) {
        let at = output.count
        output.append(contentsOf: repeatElement(0, count: Frame.headerSize))
        output.append(contentsOf: payload)
        writeHeader(flags: flags, payloadCount: payload.count, at: at, in: &output)
    }

    /// One frame as bytes.
    public static func encode(_ frame: Frame) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(Frame.headerSize + frame.payload.count)
        append(flags: frame.flags, payload: frame.payload, to: &output)
        return output
    }

    /// Fills in the 5 header bytes at `at` for a payload that follows them.
    static func writeHeader(
        flags: FrameFlags, payloadCount: Int, at: Int, in output: inout [UInt8]
    ) {
        let length = UInt32(truncatingIfNeeded: payloadCount + 1)
        output[at] = UInt8(truncatingIfNeeded: length >> 24)
        output[at + 1] = UInt8(truncatingIfNeeded: length >> 16)
        output[at + 2] = UInt8(truncatingIfNeeded: length >> 8)
        output[at + 3] = UInt8(truncatingIfNeeded: length)
        output[at + 4] = flags.rawValue
    }
}
