import NatoAzProtocol
import Testing

@Suite("Handshake")
struct HandshakeTests {
    static let offer = Handshake.Offer(limits: Fixtures.limits, serverVersion: "0.1.0")

    @Test func agreesOnVersionAndCompression() throws {
        let hello = Handshake.hello(clientName: "test", compression: true)
        let agreement = try Handshake.agree(to: hello, offer: Self.offer)
        #expect(agreement.response.version == ProtocolVersion.current)
        #expect(agreement.response.compression)
        #expect(agreement.response.dictionaryID == 0)
        #expect(agreement.response.limits == Fixtures.limits)
        #expect(agreement.dictionary == nil)
    }

    @Test("the highest common version is chosen")
    func highestCommon() throws {
        let offer = Handshake.Offer(versions: 1...3, limits: Limits(), serverVersion: "x")
        let hello = HelloRequest(minVersion: 2, maxVersion: 5)
        #expect(try Handshake.agree(to: hello, offer: offer).response.version == 3)
        let exact = HelloRequest(minVersion: 2)  // max 0 means "only min"
        #expect(try Handshake.agree(to: exact, offer: offer).response.version == 2)
    }

    @Test(
        "versions that do not meet are UNSUPPORTED_VERSION",
        arguments: [
            HelloRequest(minVersion: 2, maxVersion: 9),
            HelloRequest(),  // an empty Hello offers version 0 only
            HelloRequest(minVersion: 5, maxVersion: 1),
        ])
    func unsupported(hello: HelloRequest) {
        let error = #expect(throws: ProtocolError.self) {
            try Handshake.agree(to: hello, offer: Self.offer)
        }
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.closesConnection == true)
    }

    @Test("compression is on only when both sides want it")
    func compressionNeedsBoth() throws {
        var offer = Self.offer
        offer.compression = false
        let hello = Handshake.hello(clientName: "t", compression: true)
        #expect(try Handshake.agree(to: hello, offer: offer).response.compression == false)
        let plain = Handshake.hello(clientName: "t", compression: false)
        #expect(try Handshake.agree(to: plain, offer: Self.offer).response.compression == false)
    }
}
