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

    /// Adopts what the handshake settled: the announced limits and compression.
    mutating func adopt(_ hello: HelloResponse) {
        let limits = hello.limits.map(ProtocolLimits.init(announced:)) ?? .standard
        decoder.limits = limits
        codec.limits = limits
        codec.peerMaxFrameBytes = limits.maxFrameBytes
        if hello.compression {
            codec.enableCompression(dictionary: nil)
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
