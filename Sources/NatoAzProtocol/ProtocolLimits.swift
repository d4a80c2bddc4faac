/// The limits a codec enforces on what it receives, before it commits memory.
///
/// The server announces its limits in the handshake (`Limits`), so a client never has to find
/// them out by being disconnected.
public struct ProtocolLimits: Sendable, Hashable {
    /// Largest accepted value of a frame's length prefix (flags byte + payload as sent).
    public var maxFrameBytes: Int
    /// Largest payload accepted after zstd decompression.
    public var maxDecompressedBytes: Int

    /// 4 MiB frames, 16 MiB decompressed: far above any natoaz message, small enough that a
    /// few hostile connections cannot exhaust memory.
    public static let standard = ProtocolLimits(
        maxFrameBytes: 4 << 20, maxDecompressedBytes: 16 << 20)

    /// Until the handshake is done a peer has not shown it speaks natoaz: a Hello is a few
    /// dozen bytes, so a server can hold the first frame to this.
    public static let handshake = ProtocolLimits(maxFrameBytes: 4096, maxDecompressedBytes: 4096)

    /// Values are clamped to what the wire can express (1 ... 2^32-1).
    public init(maxFrameBytes: Int, maxDecompressedBytes: Int) {
        self.maxFrameBytes = min(max(maxFrameBytes, 1), Int(UInt32.max))
        self.maxDecompressedBytes = min(max(maxDecompressedBytes, 0), Int(UInt32.max))
    }

    /// The limits a peer announced; 0 (not announced) falls back to `standard`.
    public init(announced limits: Limits) {
        self.init(
            maxFrameBytes: limits.maxFrameBytes == 0
                ? Self.standard.maxFrameBytes : Int(limits.maxFrameBytes),
            maxDecompressedBytes: limits.maxDecompressedBytes == 0
                ? Self.standard.maxDecompressedBytes : Int(limits.maxDecompressedBytes))
    }
}
