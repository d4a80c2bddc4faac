import NatoAzProtocol
import Testing

@testable import NatoAzBenchKit

@Suite("RequestFrameTemplate")
struct RequestFrameTemplateTests {
    @Test(
        "a templated frame is byte for byte the codec's frame of the same request",
        arguments: [
            UInt64(2), 127, 128, 16_383, 16_384, 1 << 21, 1 << 35, 1 << 63, UInt64.max,
        ])
    func matchesTheCodec(id: UInt64) throws {
        let body = Request.Body.ping(PingRequest())
        let codec = FrameCodec(limits: .standard)
        var output: [UInt8] = [0xAA]
        RequestFrameTemplate(body: body).append(id: id, to: &output)
        let expected = try codec.encodeFrame(Request(id: id, body: body))
        #expect(Array(output.dropFirst()) == expected)
        #expect(output.first == 0xAA, "appends after what the buffer holds")
        var decoder = FrameDecoder(limits: .standard)
        decoder.append(Array(output.dropFirst()))
        let frame = try #require(try decoder.nextFrame())
        #expect(try codec.decode(frame, as: Request.self) == Request(id: id, body: body))
    }
}
