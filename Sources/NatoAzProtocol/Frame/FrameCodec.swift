/// One connection's codec between messages and frames, in both directions: compression as
/// negotiated in the handshake, limits on what is received, and the peer's limit on what is
/// sent.
///
/// ```
/// send:    message ──encode──▶ payload ──(≥ threshold? zstd [+ dict])──▶ header + payload
/// receive: Frame ──(flags: zstd? checked, bounded decompress)──▶ payload ──decode──▶ message
/// ```
/// Not Sendable: it owns zstd contexts. Use one per connection.
public final class FrameCodec {
    /// Limits on frames and payloads received.
    public var limits: ProtocolLimits
    /// The largest frame the peer accepts (its announced `max_frame_bytes`); a message that
    /// would exceed it is refused with TOO_LARGE instead of being sent.
    public var peerMaxFrameBytes: Int
    /// Outgoing payloads are compressed when they have at least this many bytes and
    /// compression is enabled; smaller ones cost more CPU than they save (BENCHMARKS.md).
    public var compressionThreshold: Int

    /// Whether outgoing frames may be compressed (negotiated in the handshake).
    public private(set) var compressionEnabled = false
    /// The negotiated dictionary, used for outgoing frames and required by incoming frames
    /// flagged `dictionary`.
    public private(set) var dictionary: ZstdDictionary?

    private var compressor: ZstdCompressor?
    private var decompressor: (instance: ZstdDecompressor, windowLog: Int32)?

    /// Compress payloads of at least 256 bytes without a dictionary (below that zstd's frame
    /// overhead eats the gain), or 64 bytes with one (BENCHMARKS.md, "Protocol").
    public static let defaultThreshold = 256
    public static let defaultDictionaryThreshold = 64

    public init(limits: ProtocolLimits = .standard, peerMaxFrameBytes: Int? = nil) {
        self.limits = limits
        self.peerMaxFrameBytes = peerMaxFrameBytes ?? limits.maxFrameBytes
        self.compressionThreshold = Self.defaultThreshold
    }

    /// Turns on compression of outgoing frames, with `dictionary` when one was negotiated.
    public func enableCompression(dictionary: ZstdDictionary?) {
        compressionEnabled = true
        self.dictionary = dictionary
        compressionThreshold =
            dictionary == nil ? Self.defaultThreshold : Self.defaultDictionaryThreshold
    }

    /// The frame carrying `message`, compressed if enabled and worthwhile.
    public func encodeFrame(_ message: some WireMessage) throws(ProtocolError) -> [UInt8] {
        var output: [UInt8] = []
        try encodeFrame(message, appendingTo: &output)
        return output
    }

    /// Appends the frame carrying `message` to `output` (e.g. a connection's write buffer).
    public func encodeFrame<M: WireMessage>(
        _ message: M, appendingTo output: inout [UInt8]
    ) throws(ProtocolError) {
        let start = output.count
        // Room for a typical response up front: growing an empty array by doubling to a few
        // kilobytes cost about eight reallocations per frame. (Only when empty: reserving on a
        // buffer that frames are appended to would defeat its geometric growth.)
        if output.isEmpty { output.reserveCapacity(1_024) }
        // Encode in place after a header placeholder: the plain path copies nothing.
        var writer = ProtobufWriter(reservingCapacity: 0)
        swap(&writer.bytes, &output)
        writer.bytes.append(contentsOf: repeatElement(0, count: Frame.headerSize))
        message.encode(to: &writer)
        swap(&writer.bytes, &output)
        var flags: FrameFlags = []
        let plainCount = output.count - start - Frame.headerSize
        if compressionEnabled && plainCount >= compressionThreshold {
            let payloadStart = start + Frame.headerSize
            let compressor = try compressorInstance()
            let dictionary = dictionary
            let compressed = try output.withUnsafeBytes { bytes in
                Result { () throws(ProtocolError) in
                    try compressor.compress(
                        UnsafeRawBufferPointer(rebasing: bytes[payloadStart...]),
                        dictionary: dictionary)
                }
            }.get()
            if compressed.count < plainCount {
                output.replaceSubrange(payloadStart..., with: compressed)
                flags = dictionary == nil ? [.compressed] : [.compressed, .dictionary]
            }
        }
        let payloadCount = output.count - start - Frame.headerSize
        guard payloadCount + 1 <= peerMaxFrameBytes else {
            output.removeSubrange(start...)
            throw ProtocolError(
                code: .tooLarge,
                message: "a \(M.protoName) of \(payloadCount) bytes exceeds the peer's frame "
                    + "limit of \(peerMaxFrameBytes) bytes",
                closesConnection: false)
        }
        FrameEncoder.writeHeader(flags: flags, payloadCount: payloadCount, at: start, in: &output)
    }

    /// The frame's payload, decompressed when its flags say so, within `limits`.
    public func payload(of frame: Frame) throws(ProtocolError) -> [UInt8] {
        guard frame.flags.contains(.compressed) else {
            guard frame.payload.count <= limits.maxDecompressedBytes else {
                throw .tooLarge(
                    "payload of \(frame.payload.count) bytes exceeds the limit of "
                        + "\(limits.maxDecompressedBytes) bytes")
            }
            return frame.payload
        }
        var frameDictionary: ZstdDictionary?
        if frame.flags.contains(.dictionary) {
            guard let dictionary else {
                throw .malformedFrame(
                    "frame flagged as compressed with a dictionary, but none was negotiated")
            }
            frameDictionary = dictionary
        }
        return try decompressorInstance().decompress(
            frame.payload, maxOutput: limits.maxDecompressedBytes, dictionary: frameDictionary)
    }

    /// The message a frame carries.
    public func decode<M: WireMessage>(
        _ frame: Frame, as type: M.Type = M.self
    ) throws(ProtocolError) -> M {
        try M(decoding: payload(of: frame))
    }

    private func compressorInstance() throws(ProtocolError) -> ZstdCompressor {
        if let compressor { return compressor }
        let made = try ZstdCompressor()
        compressor = made
        return made
    }

    /// The decompressor, made anew when the limits changed its window cap.
    private func decompressorInstance() throws(ProtocolError) -> ZstdDecompressor {
        let log = windowLog(for: limits.maxDecompressedBytes)
        if let decompressor, decompressor.windowLog == log { return decompressor.instance }
        let made = try ZstdDecompressor(maxWindowLog: log)
        decompressor = (made, log)
        return made
    }

    /// The smallest window that still decodes any frame within the limit (zstd never needs
    /// a window larger than the content), between zstd's minimum (10) and 27.
    private func windowLog(for maxBytes: Int) -> Int32 {
        var log: Int32 = 10
        while log < 27 && (1 << log) < maxBytes { log += 1 }
        return log
    }
}

@available(*, unavailable, message: "owns zstd contexts; use one codec per connection")
extension FrameCodec: Sendable {}
