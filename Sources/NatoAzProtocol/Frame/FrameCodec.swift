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
    public var peerMaxFrameBytes: Int {
        get { sending.peerMaxFrameBytes }
        set { sending.peerMaxFrameBytes = newValue }
    }
    /// Outgoing payloads are compressed when they have at least this many bytes and
    /// compression is enabled; smaller ones cost more CPU than they save (BENCHMARKS.md).
    public var compressionThreshold: Int {
        get { sending.compressionThreshold }
        set { sending.compressionThreshold = newValue }
    }

    /// Whether outgoing frames may be compressed (negotiated in the handshake).
    public var compressionEnabled: Bool { sending.compressionEnabled }

    /// What encoding a frame reads, in one place: one read (one exclusivity check) per frame
    /// instead of one per setting; a server encodes a frame per answer.
    fileprivate struct SendSettings: Sendable {
        var peerMaxFrameBytes: Int
        var compressionThreshold: Int
        var compressionEnabled = false
    }
    private var sending: SendSettings
    /// The negotiated dictionary, used for outgoing frames and required by incoming frames
    /// flagged `dictionary`.
    public private(set) var dictionary: ZstdDictionary?

    private var compressor: ZstdCompressor?
    private var decompressor: (instance: ZstdDecompressor, windowLog: Int32)?

    /// What this codec sends with: the limits, the peer's frame limit, the compression
    /// threshold, and compression with its dictionary. ``init(sendingAs:)`` makes a codec of
    /// another thread's own from it (one encodes a large answer off the event loop).
    public struct Configuration: Sendable {
        fileprivate var limits: ProtocolLimits
        fileprivate var sending: SendSettings
        fileprivate var dictionary: ZstdDictionary?
    }

    /// This codec's ``Configuration``, to encode as it does elsewhere.
    public var configuration: Configuration {
        Configuration(limits: limits, sending: sending, dictionary: dictionary)
    }

    /// A codec that encodes as the one `configuration` came from, compressing with
    /// `compressor` (one its thread keeps between codecs: a fresh zstd context costs about
    /// 12 µs, where a small payload takes 2 µs to compress) or, when nil, a context of its own.
    public convenience init(
        sendingAs configuration: Configuration, compressor: ZstdCompressor? = nil
    ) {
        self.init(limits: configuration.limits)
        sending = configuration.sending
        dictionary = configuration.dictionary
        self.compressor = compressor
    }

    /// Zeros where a frame's header goes until its payload's size is known.
    private static let headerPlaceholder = [UInt8](repeating: 0, count: Frame.headerSize)

    /// Compress payloads of at least 256 bytes without a dictionary (below that zstd's frame
    /// overhead eats the gain), or 64 bytes with one (BENCHMARKS.md, "Protocol").
    public static let defaultThreshold = 256
    /// See ``defaultThreshold``.
    public static let defaultDictionaryThreshold = 64

    /// A codec enforcing `limits` on the frames it reads and refusing to send a frame over
    /// `peerMaxFrameBytes` (the peer's announced `max_frame_bytes`; `limits`' own when nil).
    public init(limits: ProtocolLimits = .standard, peerMaxFrameBytes: Int? = nil) {
        self.limits = limits
        self.sending = SendSettings(
            peerMaxFrameBytes: peerMaxFrameBytes ?? limits.maxFrameBytes,
            compressionThreshold: Self.defaultThreshold)
    }

    /// Turns on compression of outgoing frames, with `dictionary` when one was negotiated.
    public func enableCompression(dictionary: ZstdDictionary?) {
        sending.compressionEnabled = true
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

    /// Appends the frame carrying `response` to `output` (e.g. a connection's write buffer).
    /// (A concrete overload: the generic one, called from another module, is not
    /// specialised, and a server calls this once per answer.)
    public func encodeFrame(
        _ response: Response, appendingTo output: inout [UInt8]
    ) throws(ProtocolError) {
        try encodeFrame(message: response, appendingTo: &output)
    }

    /// Appends the frame carrying the answer to a Ping to `output` (concrete, as above).
    public func encodeFrame(
        _ answer: PingAnswer, appendingTo output: inout [UInt8]
    ) throws(ProtocolError) {
        try encodeFrame(message: answer, appendingTo: &output)
    }

    /// The size of the frame carrying `answer` when it goes out plain and within the peer's
    /// limit, which is every Ping answer unless compression is on and its payload is large:
    /// then `PingAnswer.writePlainFrame` writes it straight. Nil otherwise: encode it as any
    /// other message (compressed, or refused as TOO_LARGE).
    public func plainFrameSize(of answer: PingAnswer) -> Int? {
        let payloadCount = answer.encodedSize
        let settings = sending
        guard !(settings.compressionEnabled && payloadCount >= settings.compressionThreshold),
            payloadCount + 1 <= settings.peerMaxFrameBytes
        else { return nil }
        return Frame.headerSize + payloadCount
    }

    /// Appends the frame carrying `request` to `output` (e.g. a client's write buffer).
    public func encodeFrame(
        _ request: Request, appendingTo output: inout [UInt8]
    ) throws(ProtocolError) {
        try encodeFrame(message: request, appendingTo: &output)
    }

    /// Appends the frame carrying `message` to `output` (e.g. a connection's write buffer).
    public func encodeFrame<M: WireMessage>(
        _ message: M, appendingTo output: inout [UInt8]
    ) throws(ProtocolError) {
        try encodeFrame(message: message, appendingTo: &output)
    }

    private func encodeFrame<M: WireMessage>(
        message: M, appendingTo output: inout [UInt8]
    ) throws(ProtocolError) {
        let start = output.count
        // Room for a typical response up front: growing an empty array by doubling to a few
        // kilobytes cost about eight reallocations per frame. (Only when empty: reserving on a
        // buffer that frames are appended to would defeat its geometric growth.)
        if output.isEmpty { output.reserveCapacity(1_024) }
        // Encode in place after a header placeholder: the plain path copies nothing.
        var writer = ProtobufWriter(bytes: [])  // no storage of its own: it takes `output`'s
        swap(&writer.bytes, &output)
        writer.bytes.append(contentsOf: Self.headerPlaceholder)
        message.encode(to: &writer)
        swap(&writer.bytes, &output)
        var flags: FrameFlags = []
        let plainCount = output.count - start - Frame.headerSize
        // The peer holds every payload, once decompressed, to `maxDecompressedBytes` (the
        // limits both sides apply after the handshake): a larger one is refused here, with
        // the limit named. (Session 15's QA: natoazd, its max-file-bytes raised, sent a Get
        // of 17.8 MB compressed, and natoazctl called the frame invalid, asking whether the
        // versions matched.)
        guard plainCount <= limits.maxDecompressedBytes else {
            output.removeSubrange(start...)
            throw ProtocolError(
                code: .tooLarge,
                message: "a \(M.protoName) of \(plainCount) bytes exceeds the limit of "
                    + "\(limits.maxDecompressedBytes) bytes after decompression "
                    + "(max_decompressed_bytes)",
                closesConnection: false, limit: .decompressedBytes)
        }
        let settings = sending
        if settings.compressionEnabled && plainCount >= settings.compressionThreshold {
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
        guard payloadCount + 1 <= settings.peerMaxFrameBytes else {
            output.removeSubrange(start...)
            throw ProtocolError(
                code: .tooLarge,
                message: "a \(M.protoName) of \(payloadCount) bytes exceeds the peer's frame "
                    + "limit of \(settings.peerMaxFrameBytes) bytes",
                closesConnection: false, limit: .frameBytes)
        }
        FrameEncoder.writeHeader(flags: flags, payloadCount: payloadCount, at: start, in: &output)
    }

    /// The frame's payload, decompressed when its flags say so, within `limits`.
    public func payload(of frame: Frame) throws(ProtocolError) -> [UInt8] {
        guard frame.flags.contains(.compressed) else {
            try checkPlainSize(frame.payload.count)
            return frame.payload
        }
        return try frame.payload.withUnsafeBytes { raw in
            Result { () throws(ProtocolError) in try decompress(raw, flags: frame.flags) }
        }.get()
    }

    /// The payload of a frame lent in place (as `FrameDecoder.withNextFrame` lends it),
    /// decompressed when `flags` say so, within `limits`, and lent to `body`. A plain payload
    /// is not copied: a request is decoded straight from the read buffer.
    @inlinable
    public func withPayload<R>(
        flags: FrameFlags, bytes: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) throws(ProtocolError) -> R
    ) throws(ProtocolError) -> R {
        guard flags.contains(.compressed) else {
            try checkPlainSize(bytes.count)
            return try body(bytes)
        }
        let plain = try decompress(bytes, flags: flags)
        return try plain.withUnsafeBytes { raw in
            Result { () throws(ProtocolError) in try body(raw) }
        }.get()
    }

    @usableFromInline
    func checkPlainSize(_ count: Int) throws(ProtocolError) {
        guard count <= limits.maxDecompressedBytes else {
            throw .tooLarge(
                "payload of \(count) bytes exceeds the limit of "
                    + "\(limits.maxDecompressedBytes) bytes", limit: .decompressedBytes)
        }
    }

    @usableFromInline
    func decompress(
        _ bytes: UnsafeRawBufferPointer, flags: FrameFlags
    ) throws(ProtocolError) -> [UInt8] {
        var frameDictionary: ZstdDictionary?
        if flags.contains(.dictionary) {
            guard let dictionary else {
                throw .malformedFrame(
                    "frame flagged as compressed with a dictionary, but none was negotiated")
            }
            frameDictionary = dictionary
        }
        return try decompressorInstance().decompress(
            bytes, maxOutput: limits.maxDecompressedBytes, dictionary: frameDictionary)
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
