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

    /// `writePlainFrame` is how a server frames a Ping's answer when `plainFrameSize` says
    /// it goes out plain: the same bytes as the codec's frame of the same Response.
    @Test("writes the frame the codec makes of the Response to a Ping", arguments: cases)
    func writesPlainFrame(id: UInt64, payloadCount: Int) throws {
        let payload = (0..<payloadCount).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let answer = PingAnswer(id: id, payload: payload)
        let codec = FrameCodec()
        let size = try #require(codec.plainFrameSize(of: answer))
        var written = [UInt8](repeating: 0xEE, count: size + 3)
        let count = written.withUnsafeMutableBytes {
            answer.writePlainFrame(payloadCount: size - Frame.headerSize, to: $0)
        }
        #expect(count == size)
        #expect(written.suffix(3) == [0xEE, 0xEE, 0xEE], "nothing written past the frame")
        let expected = try codec.encodeFrame(
            Response(id: id, body: .ping(PingResponse(payload: payload))))
        #expect(Array(written.prefix(count)) == expected)
    }

    @Test("no plain frame size when the answer would be compressed or is over the peer's limit")
    func plainFrameSizeLimits() {
        let small = PingAnswer(id: 1, payload: [1, 2, 3])
        let large = PingAnswer(id: 1, payload: [UInt8](repeating: 7, count: 1024))
        let compressing = FrameCodec()
        compressing.enableCompression(dictionary: nil)
        #expect(compressing.plainFrameSize(of: small) == Frame.headerSize + small.encodedSize)
        #expect(compressing.plainFrameSize(of: large) == nil)
        #expect(FrameCodec().plainFrameSize(of: large) == Frame.headerSize + large.encodedSize)
        let limited = FrameCodec(peerMaxFrameBytes: 100)
        #expect(limited.plainFrameSize(of: large) == nil)
        #expect(limited.plainFrameSize(of: small) != nil)
    }

    @Test("decodes the id and payload of a Response to a Ping")
    func decodesResponse() throws {
        let response = Response(id: 99, body: .ping(PingResponse(payload: [1, 2, 3])))
        #expect(
            try PingAnswer(decoding: response.encode()) == PingAnswer(id: 99, payload: [1, 2, 3]))
    }
}
