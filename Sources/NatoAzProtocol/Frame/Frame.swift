/// One frame: the unit of the byte stream in both directions.
///
/// ```
///  byte 0         4        5
///  ┌──────────────┬────────┬──────────────────────────────┐
///  │ length       │ flags  │ payload                      │
///  │ u32 BE       │ u8     │ (length - 1) bytes           │
///  └──────────────┴────────┴──────────────────────────────┘
///  length counts flags + payload, so it is at least 1.
///  flags: bit 0 = payload is one zstd frame
///         bit 1 = ... compressed with the negotiated dictionary (needs bit 0)
///         bits 2-7 reserved: a frame with any of them set is malformed
/// ```
/// The payload (after decompression) is a protobuf `Request` or `Response`.
public struct Frame: Sendable, Hashable {
    /// Bytes before the payload: the length prefix and the flags byte.
    public static let headerSize = 5

    /// Compression flags (see the layout above).
    public var flags: FrameFlags
    /// The payload as it travelled: compressed when `flags` says so.
    public var payload: [UInt8]

    /// A frame carrying `payload` as it is (compress it first if `flags` says so).
    public init(flags: FrameFlags = [], payload: [UInt8]) {
        self.flags = flags
        self.payload = payload
    }
}

/// The flags byte of a frame.
public struct FrameFlags: OptionSet, Sendable, Hashable {
    /// The flags byte as sent.
    public var rawValue: UInt8

    /// Flags from the byte as sent; reserved bits are kept, for the decoder to refuse.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The payload is a single zstd frame that declares its content size.
    public static let compressed = FrameFlags(rawValue: 1 << 0)
    /// The zstd frame was compressed with the dictionary negotiated in the handshake.
    public static let dictionary = FrameFlags(rawValue: 1 << 1)

    /// Every bit this version defines; any other bit makes the frame malformed.
    public static let known: FrameFlags = [.compressed, .dictionary]
}
