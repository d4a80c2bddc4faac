import NatoAzProtocol
import Testing

@Suite("Messages")
struct MessageRoundTripTests {
    @Test("every request body survives encode and decode", arguments: Fixtures.requests)
    func requestRoundTrip(name: String, body: Request.Body) throws {
        let request = Request(id: 42, deadlineMs: 250, body: body)
        let decoded = try Request(decoding: request.encode())
        #expect(decoded == request, "\(name)")
        #expect(decoded.body?.method.displayName.lowercased() == name)
    }

    @Test("every response body survives encode and decode", arguments: Fixtures.responses)
    func responseRoundTrip(name: String, body: Response.Body) throws {
        let response = Response(id: 42, body: body)
        let decoded = try Response(decoding: response.encode())
        #expect(decoded == response, "\(name)")
        #expect(decoded.body?.method.displayName.lowercased() == name)
    }

    @Test func errorResponseRoundTrip() throws {
        let response = Response(id: UInt64.max, error: Fixtures.error)
        #expect(try Response(decoding: response.encode()) == response)
    }

    @Test("defaults are not written: an empty message is zero bytes")
    func defaultsOmitted() {
        #expect(Request().encode() == [])
        #expect(SearchRequest(query: "", limit: 0, offset: 0, noFuzzy: false).encode() == [])
        // A present but empty message is still written, so its presence survives.
        #expect(Request(body: .info(InfoRequest())).encode() == [0x6a, 0x00])
    }

    @Test("a body field this build does not know decodes as an unknown method")
    func unknownMethod() throws {
        // Field 40 (method 30), length-delimited, 2 bytes of content.
        let payload: [UInt8] = [0x08, 0x07, 0xC2, 0x02, 0x02, 0x08, 0x01]
        let request = try Request(decoding: payload)
        #expect(request.id == 7)
        #expect(request.body == .unknown(fieldNumber: 40))
        #expect(request.body?.method == Method(rawValue: 30))
        #expect(request.body?.method.name == "Method(30)")
    }

    @Test("unknown fields of every wire type are skipped, known ones still read")
    func unknownFieldsSkipped() throws {
        var payload: [UInt8] = []
        payload += [0x38, 0x96, 0x01]  // field 7 varint 150
        payload += [0x41] + [UInt8](repeating: 0xAB, count: 8)  // field 8 fixed64
        payload += [0x4A, 0x03, 0x61, 0x62, 0x63]  // field 9 length-delimited "abc"
        payload += [0x53, 0x08, 0x01, 0x54]  // field 10 group { field 1 varint 1 }
        payload += [0x5D, 0x01, 0x02, 0x03, 0x04]  // field 11 fixed32
        payload += [0x0A, 0x04, 0x6E, 0x61, 0x74, 0x6F]  // field 1 "nato"
        payload += [0x10, 0x05]  // field 2 varint 5
        let search = try SearchRequest(decoding: payload)
        #expect(search == SearchRequest(query: "nato", limit: 5))
    }

    /// Info's fields 16-19 (where the generation came from, whether its lookups are ready)
    /// were added without a version bump: an older server's answer lacks them and reads as
    /// "not said"; a newer answer is the older one plus those fields, which an older client
    /// skips as unknown.
    @Test("Info's corpus source and lookups state are optional both ways")
    func infoSourceFieldsAreOptional() throws {
        let older = InfoResponse(
            serverVersion: "0.1.0", protocolVersion: 1, generation: 2, documentCount: 5,
            corpusPath: "/srv/natoaz/corpus", bytesRead: 15_435)
        let fromOlderServer = try InfoResponse(decoding: older.encode())
        #expect(fromOlderServer == older)
        #expect(fromOlderServer.corpusSource == .unspecified)
        #expect(fromOlderServer.lookupsState == .unspecified)
        #expect(fromOlderServer.snapshotPath.isEmpty)
        #expect(fromOlderServer.snapshotWrittenAtUnixMs == 0)

        var newer = older
        newer.corpusSource = .snapshot
        newer.snapshotPath = "/var/cache/natoaz/corpus-1.snapshot"
        newer.snapshotWrittenAtUnixMs = 1_764_098_940_000
        newer.lookupsState = .building
        let bytes = newer.encode()
        #expect(Array(bytes.prefix(older.encode().count)) == older.encode())
        #expect(try InfoResponse(decoding: bytes) == newer)
        // What an older client sees: fields 1-15 as before, then four numbers it skips.
        let numbers = try bytes.withUnsafeBytes { raw throws -> [UInt32] in
            var reader = ProtobufReader(unsafeBytes: raw)
            var numbers: [UInt32] = []
            while let tag = try reader.nextTag() {
                numbers.append(tag.number)
                try reader.skip(tag)
            }
            return numbers
        }
        #expect(numbers.filter { $0 > 15 } == [16, 17, 18, 19])
        // A value a newer server may add reads back as itself.
        newer.corpusSource = CorpusSource(rawValue: 9)
        #expect(try InfoResponse(decoding: newer.encode()).corpusSource.name == "CorpusSource(9)")
    }

    @Test("a singular message field sent twice is merged, as protobuf specifies")
    func singularMessageMerges() throws {
        // HelloResponse.limits twice: first sets max_frame_bytes, second max_in_flight.
        let payload: [UInt8] = [0x22, 0x02, 0x08, 0x64, 0x22, 0x02, 0x18, 0x07]
        let hello = try HelloResponse(decoding: payload)
        #expect(hello.limits == Limits(maxFrameBytes: 100, maxInFlight: 7))
    }

    @Test("repeated uint32 is accepted packed and unpacked")
    func packedAndUnpacked() throws {
        let packed: [UInt8] = [0x22, 0x03, 0x01, 0x96, 0x01]
        let unpacked: [UInt8] = [0x20, 0x01, 0x20, 0x96, 0x01]
        #expect(try HelloRequest(decoding: packed).dictionaryIDs == [1, 150])
        #expect(try HelloRequest(decoding: unpacked).dictionaryIDs == [1, 150])
        #expect(HelloRequest(dictionaryIDs: [1, 150]).encode() == packed)
    }

    @Test("an enum value this build does not know survives a round trip")
    func openEnums() throws {
        let request = KwicRequest(query: "x", sort: KwicSort(rawValue: 9))
        let decoded = try KwicRequest(decoding: request.encode())
        #expect(decoded.sort.rawValue == 9)
        #expect(decoded.sort.name == "KwicSort(9)")
        // Negative enum values take 10 bytes, as protobuf requires.
        let negative = ErrorCount(code: ErrorCode(rawValue: -1), count: 0).encode()
        #expect(negative == [0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
        #expect(try ErrorCount(decoding: negative).code.rawValue == -1)
    }

    @Test("large nested messages get multi-byte length prefixes")
    func longNestedMessage() throws {
        let long = String(repeating: "Столтенберг ", count: 2000)
        let response = Response(
            id: 1, body: .get(GetResponse(article: Article(id: "x", paragraphs: [long]))))
        let bytes = response.encode()
        #expect(try Response(decoding: bytes) == response)
        #expect(bytes.count > 2000 * 22)
    }

    @Test("peekID finds the id of a payload that fails to decode")
    func peekID() {
        // id 9, then a search body whose length runs past the end.
        let payload: [UInt8] = [0x08, 0x09, 0x7A, 0x20, 0x0A]
        #expect(throws: ProtocolError.self) { try Request(decoding: payload) }
        #expect(Request.peekID(in: payload) == 9)
        #expect(Request.peekID(in: [0xFF]) == 0)
    }

    @Test("Describe lists every method and error code with docs")
    func describe() {
        let describe = DescribeResponse.thisBuild
        #expect(describe.methods.map(\.name).first == "Hello")
        #expect(describe.methods.count == 15)
        #expect(describe.methods.allSatisfy { !$0.doc.isEmpty })
        #expect(describe.methods.filter(\.admin).map(\.name) == ["Stats", "Reload"])
        #expect(describe.errors.map(\.name).contains("INVALID_ARGUMENT"))
        #expect(describe.errors.allSatisfy { !$0.doc.isEmpty })
    }
}
