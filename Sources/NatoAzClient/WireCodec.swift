import NatoAzProtocol

/// Turns requests into frame bytes and received bytes into responses, for one connection.
///
/// Frames arrive through `FrameDecoder`, so bytes may come split anywhere and every limit is
/// checked before memory is committed.
struct WireCodec {
    private var decoder = FrameDecoder(limits: .standard)

    /// The frame for `request`, uncompressed.
    func encode(_ request: Request) -> [UInt8] {
        let payload = request.encode()
        let length = UInt32(payload.count + 1)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Frame.headerSize + payload.count)
        bytes.append(UInt8(truncatingIfNeeded: length >> 24))
        bytes.append(UInt8(truncatingIfNeeded: length >> 16))
        bytes.append(UInt8(truncatingIfNeeded: length >> 8))
        bytes.append(UInt8(truncatingIfNeeded: length))
        bytes.append(0)
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// Adopts what the handshake settled: the limits the server announced.
    mutating func adopt(_ hello: HelloResponse) {
        if let limits = hello.limits {
            decoder.limits = ProtocolLimits(announced: limits)
        }
    }

    /// Adds bytes read from the socket.
    mutating func append(_ bytes: [UInt8]) {
        decoder.append(bytes)
    }

    /// The next whole response, or nil when more bytes are needed.
    mutating func nextResponse() throws(ProtocolError) -> Response? {
        guard let frame = try decoder.nextFrame() else { return nil }
        guard frame.flags.isEmpty else {
            throw .malformedFrame("a compressed frame, but compression was not negotiated")
        }
        return try Response(decoding: frame.payload)
    }

    /// At end of stream: throws if the peer closed in the middle of a frame.
    mutating func finish() throws(ProtocolError) {
        try decoder.finish()
    }
}
