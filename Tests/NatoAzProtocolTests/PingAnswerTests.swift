import NatoAzProtocol
import Testing

@Suite("PingAnswer")
struct PingAnswerTests {
    /// Ids at the varint length boundaries, and payloads from empty to the 1 KiB limit (a
    /// payload of 128 bytes or more needs a two-byte length, and so does its message).
    static let cases: [(id: UInt64, payloadCount: Int)] = [
        (0, 0), (1, 1), (127, 5), (128, 125), (300, 126), (UInt64.max, 127), (42, 128),
        (7, 1024),
    ]

    @Test("encodes the same bytes as the Response to a Ping", arguments: cases)
    func sameBytesAsResponse(id: UInt64, payloadCount: Int) {
        let payload = (0..<payloadCount).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let answer = PingAnswer(id: id, payload: payload)
        let response = Response(id: id, body: .ping(PingResponse(payload: payload)))
        #expect(answer.encode() == response.encode())
    }

    @Test("frames the same bytes as the Response to a Ping, compressed or not")
    func sameFrameAsResponse() throws {
        let payload = [UInt8](repeating: 0x61, count: 1024)
        let plain = FrameCodec()
        let compressing = FrameCodec()
        compressing.enableCompression(dictionary: nil)
        for codec in [plain, compressing] {
            var fromAnswer: [UInt8] = [9]
            var fromResponse: [UInt8] = [9]
            try codec.encodeFrame(PingAnswer(id: 5, payload: payload), appendingTo: &fromAnswer)
            try codec.encodeFrame(
                Response(id: 5, body: .ping(PingResponse(payload: payload))),
                appendingTo: &fromResponse)
            #expect(fromAnswer == fromResponse)
        }
    }

    /// The codec writes a Ping's answer straight (`PingAnswer.appendPlainFrame`) unless it
    /// compresses it: with compression on, the small cases take the straight path and the
    /// large ones the generic one.
    @Test(
        "frames the bytes of the Response to a Ping, each size, compression on or off",
        arguments: cases)
    func sameFrameEachSize(id: UInt64, payloadCount: Int) throws {
        let payload = (0..<payloadCount).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let compressing = FrameCodec()
        compressing.enableCompression(dictionary: nil)
        for codec in [FrameCodec(), compressing] {
            var fromAnswer: [UInt8] = [9, 9]
            var fromResponse: [UInt8] = [9, 9]
            try codec.encodeFrame(PingAnswer(id: id, payload: payload), appendingTo: &fromAnswer)
            try codec.encodeFrame(
                Response(id: id, body: .ping(PingResponse(payload: payload))),
                appendingTo: &fromResponse)
            #expect(fromAnswer == fromResponse)
            var decoder = FrameDecoder()
            decoder.append(Array(fromAnswer.dropFirst(2)))
            let frame = try #require(try decoder.nextFrame())
            let decoded = try PingAnswer(decoding: try codec.payload(of: frame))
            #expect(decoded == PingAnswer(id: id, payload: payload))
        }
    }

    @Test("an answer over the peer's frame limit is refused as TOO_LARGE, nothing appended")
    func overPeerLimit() {
        let codec = FrameCodec(peerMaxFrameBytes: 100)
        var output: [UInt8] = [1, 2, 3]
        #expect(throws: ProtocolError.self) {
            try codec.encodeFrame(
                PingAnswer(id: 1, payload: [UInt8](repeating: 0, count: 200)),
                appendingTo: &output)
        }
        #expect(output == [1, 2, 3])
        try? codec.encodeFrame(
            PingAnswer(id: 1, payload: [UInt8](repeating: 0, count: 10)), appendingTo: &output)
        #expect(output.count == 3 + Frame.headerSize + 2 + 2 + 2 + 10)
    }

    @Test("decodes the id and payload of a Response to a Ping")
    func decodesResponse() throws {
        let response = Response(id: 99, body: .ping(PingResponse(payload: [1, 2, 3])))
        #expect(
            try PingAnswer(decoding: response.encode()) == PingAnswer(id: 99, payload: [1, 2, 3]))
    }
}
