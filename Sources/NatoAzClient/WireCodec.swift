import NatoAzProtocol

/// Turns requests into frame bytes and received bytes into responses, for one connection.
///
/// Frames arrive through `FrameDecoder`, so bytes may come split anywhere and every limit is
/// checked before memory is committed. Until the handshake is done the limits are the
/// protocol's small handshake limits, so a peer that is not natoazd costs almost nothing.
struct WireCodec {
    private var decoder = FrameDecoder(limits: .handshake)
    private let codec = FrameCodec(limits: .handshake, peerMaxFrameBytes: 4096)

    /// The frame for `request` (compressed when negotiated and worthwhile).
    func encode(_ request: Request) throws(ProtocolError) -> [UInt8] {
        try codec.encodeFrame(request)
    }

    /// The dictionary ids to offer in the Hello: natoaz's bundled one.
    static var offeredDictionaryIDs: [UInt32] { [ZstdDictionary.bundled.id] }

    /// Adopts what the handshake settled: the announced limits, compression, dictionary.
    mutating func adopt(_ hello: HelloResponse) throws(ProtocolError) {
        let limits = hello.limits.map(ProtocolLimits.init(announced:)) ?? .standard
        decoder.limits = limits
        codec.limits = limits
        codec.peerMaxFrameBytes = limits.maxFrameBytes
        guard hello.compression else { return }
        if hello.dictionaryID == 0 {
            codec.enableCompression(dictionary: nil)
        } else if hello.dictionaryID == ZstdDictionary.bundled.id {
            codec.enableCompression(dictionary: .bundled)
        } else {
            throw .malformedPayload(
                "the server chose zstd dictionary \(hello.dictionaryID), which was not offered",
                field: "hello.dictionary_id")
        }
    }

    /// Adds bytes read from the socket.
    mutating func append(_ bytes: [UInt8]) {
        decoder.append(bytes)
    }

    /// The next whole response, or nil when more bytes are needed.
    mutating func nextResponse() throws(ProtocolError) -> Response? {
        guard let frame = try decoder.nextFrame() else { return nil }
        return try codec.decode(frame, as: Response.self)
    }

    /// At end of stream: throws if the peer closed in the middle of a frame.
    mutating func finish() throws(ProtocolError) {
        try decoder.finish()
    }
}
