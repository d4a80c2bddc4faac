import NatoAzProtocol
import Testing

@Suite("zstd dictionary")
struct DictionaryTests {
    static let response = Response(id: 7, body: Fixtures.responses.first { $0.0 == "search" }!.1)

    @Test("the bundled dictionary is Protocol/natoaz.dict, id NAZ1")
    func bundledMatchesFile() throws {
        let file = try RepositoryFile.bytes("Protocol/natoaz.dict")
        #expect(ZstdDictionary.bundled.bytes == file)
        #expect(ZstdDictionary.bundled.id == 0x4E41_5A31)
    }

    @Test("frames compressed with the negotiated dictionary round-trip and are smaller")
    func roundTrip() throws {
        let sender = FrameCodec()
        sender.enableCompression(dictionary: .bundled)
        let receiver = FrameCodec()
        receiver.enableCompression(dictionary: .bundled)
        var decoder = FrameDecoder()
        decoder.append(try sender.encodeFrame(Self.response))
        let frame = try #require(try decoder.nextFrame())
        #expect(frame.flags == [.compressed, .dictionary])
        #expect(try receiver.decode(frame, as: Response.self) == Self.response)

        let plainZstd = try ZstdCompressor().compress(Self.response.encode())
        #expect(frame.payload.count < plainZstd.count, "the dictionary helps on natoaz messages")
    }

    @Test("a codec made from another's configuration encodes the same frames")
    func sendingAsAnother() throws {
        let original = FrameCodec(peerMaxFrameBytes: 1 << 16)
        original.enableCompression(dictionary: .bundled)
        original.compressionThreshold = 1_000
        let copy = FrameCodec(sendingAs: original.configuration)
        #expect(copy.dictionary === ZstdDictionary.bundled)
        #expect(copy.compressionEnabled && copy.compressionThreshold == 1_000)
        #expect(copy.peerMaxFrameBytes == 1 << 16)
        #expect(try copy.encodeFrame(Self.response) == original.encodeFrame(Self.response))
        let plain = FrameCodec(sendingAs: FrameCodec().configuration)
        #expect(!plain.compressionEnabled)
        #expect(try plain.encodeFrame(Self.response) == FrameCodec().encodeFrame(Self.response))
    }

    @Test("a dictionary frame cannot be read without the dictionary")
    func needsDictionary() throws {
        let payload = try ZstdCompressor().compress(Self.response.encode(), dictionary: .bundled)
        // Flagged honestly, but this side negotiated no dictionary.
        let flagged = Frame(flags: [.compressed, .dictionary], payload: payload)
        #expect(throws: ProtocolError.self) { try FrameCodec().payload(of: flagged) }
        // Flagged as plain zstd: the frame names dictionary NAZ1, which is not in use.
        let unflagged = Frame(flags: .compressed, payload: payload)
        let error = #expect(throws: ProtocolError.self) { try FrameCodec().payload(of: unflagged) }
        #expect(error?.message.contains("needs dictionary 1312905777") == true)
    }

    @Test("the handshake picks the bundled dictionary when both sides hold it")
    func negotiated() throws {
        let offer = Handshake.Offer(
            dictionaries: [.bundled], limits: Fixtures.limits, serverVersion: "0.1.0")
        let hello = Handshake.hello(
            clientName: "t", compression: true, dictionaryIDs: [99, ZstdDictionary.bundled.id])
        let agreement = try Handshake.agree(to: hello, offer: offer)
        #expect(agreement.response.dictionaryID == ZstdDictionary.bundled.id)
        #expect(agreement.dictionary === ZstdDictionary.bundled)

        let unknown = Handshake.hello(clientName: "t", compression: true, dictionaryIDs: [99])
        #expect(try Handshake.agree(to: unknown, offer: offer).response.dictionaryID == 0)
        let noCompression = HelloRequest(
            minVersion: 1, compression: false, dictionaryIDs: [ZstdDictionary.bundled.id])
        #expect(try Handshake.agree(to: noCompression, offer: offer).dictionary == nil)
    }

    @Test("bytes that are not a dictionary are refused")
    func notADictionary() {
        #expect(throws: ProtocolError.self) { try ZstdDictionary(bytes: [1, 2, 3, 4, 5, 6, 7, 8]) }
        #expect(throws: ProtocolError.self) { try ZstdDictionary(bytes: []) }
    }
}
