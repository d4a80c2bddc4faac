import NatoAzProtocol
import Testing

@Suite("Protobuf wire primitives")
struct WireTests {
    @Test(
        "varints encode to the protobuf bytes and back",
        arguments: [
            (0, [0x00]),
            (1, [0x01]),
            (127, [0x7F]),
            (128, [0x80, 0x01]),
            (300, [0xAC, 0x02]),
            (16_383, [0xFF, 0x7F]),
            (16_384, [0x80, 0x80, 0x01]),
            (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
            (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        ] as [(UInt64, [UInt8])])
    func varint(value: UInt64, bytes: [UInt8]) throws {
        var encoded: [UInt8] = []
        Varint.append(value, to: &encoded)
        #expect(encoded == bytes)
        #expect(Varint.size(of: value) == bytes.count)
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            var reader = ProtobufReader(unsafeBytes: raw)
            #expect(try reader.readVarint() == value)
            #expect(reader.isAtEnd)
        }
    }

    @Test(
        "malformed payloads are rejected with a clear error, never a crash",
        arguments: [
            ("varint cut off", [0x10, 0x96], "cut off"),
            ("11-byte varint", [0x10] + [UInt8](repeating: 0xFF, count: 10) + [0x01], "overflows"),
            (
                "10th varint byte above 1", [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x02],
                "overflows"
            ),
            ("field number 0", [0x00, 0x01], "invalid field number 0"),
            ("wire type 6", [0x0E], "invalid wire type 6"),
            ("wire type 7", [0x0F], "invalid wire type 7"),
            ("length past the end", [0x0A, 0x05, 0x61], "runs past the end"),
            ("huge length", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "runs past the end"),
            ("invalid UTF-8", [0x0A, 0x02, 0xC3, 0x28], "not valid UTF-8"),
            ("string where varint expected", [0x12, 0x01, 0x31], "where varint was expected"),
            ("uint32 overflow", [0x10, 0x80, 0x80, 0x80, 0x80, 0x10], "does not fit in uint32"),
            ("fixed64 cut off", [0x39, 0x01, 0x02], "cut off"),
            ("fixed32 cut off", [0x3D, 0x01], "cut off"),
            ("group without end", [0x3B, 0x08, 0x01], "no end-group"),
            ("group closed by another", [0x3B, 0x44], "closed by end-group 8"),
            ("stray end-group", [0x3C], "without a start-group"),
            ("groups nested too deep", [UInt8](repeating: 0x3B, count: 40), "nested deeper"),
        ] as [(String, [UInt8], String)])
    func malformed(name: String, payload: [UInt8], expected: String) {
        // SearchRequest: 1 query (string), 2 limit (uint32), 3 offset, 4 no_fuzzy.
        let error = #expect(throws: ProtocolError.self, "\(name)") {
            try SearchRequest(decoding: payload)
        }
        #expect(error?.code == .malformedFrame, "\(name)")
        #expect(error?.closesConnection == false, "\(name): framing is intact")
        #expect(error?.message.contains(expected) == true, "\(name): \(String(describing: error))")
    }

    @Test("errors inside nested messages name the path to the field")
    func errorPath() {
        // Response.search (15) { hits (2) { highlights (7) { start (1): string } } }
        let payload: [UInt8] = [0x7A, 0x07, 0x12, 0x05, 0x3A, 0x03, 0x0A, 0x01, 0x41]
        let error = #expect(throws: ProtocolError.self) { try Response(decoding: payload) }
        #expect(error?.field == "search.hits.highlights.start")
    }

    @Test(
        "an embedded message's length is widened in place when it needs 1, 2 or 3 bytes",
        arguments: [1, 127, 128, 300, 16_383, 16_384, 70_000])
    func embeddedMessageLengths(snippetBytes: Int) throws {
        // SearchResponse.hits (2) { snippet (6): string }, then total (1) after it.
        let snippet = String(repeating: "a", count: snippetBytes)
        let response = SearchResponse(total: 7, hits: [Hit(snippet: snippet), Hit(id: "x")])
        let bytes = response.encode()
        let hitLength = snippetBytes + 1 + Varint.size(of: UInt64(snippetBytes))
        var expected: [UInt8] = [0x08, 0x07, 0x12]
        Varint.append(UInt64(hitLength), to: &expected)
        expected.append(0x32)
        Varint.append(UInt64(snippetBytes), to: &expected)
        expected += Array(snippet.utf8) + [0x12, 0x03, 0x0A, 0x01, 0x78]
        #expect(bytes == expected)
        #expect(try SearchResponse(decoding: bytes) == response)
    }

    @Test("decoding into a used value replaces it whole: absent fields go back to defaults")
    func replaceDecoding() throws {
        var request = Request(
            id: 9, deadlineMs: 250, body: .search(SearchRequest(query: "NATO", limit: 5)))
        let ping = Request(id: 3, body: .ping(PingRequest(payload: [1, 2])))
        try ping.encode().withUnsafeBytes { try request.replace(decoding: $0) }
        #expect(request == ping, "deadline and body from before are gone")

        try Request().encode().withUnsafeBytes { try request.replace(decoding: $0) }
        #expect(request == Request())

        // A malformed payload throws, as init(decoding:) does.
        let truncated: [UInt8] = [0x08, 0x80]
        #expect(throws: ProtocolError.self) {
            try truncated.withUnsafeBytes { try request.replace(decoding: $0) }
        }
    }

    @Test("doubles are little-endian fixed64; +0.0 is omitted, -0.0 is not")
    func doubles() throws {
        #expect(Hit(score: 0).encode() == [])
        #expect(Hit(score: -0.0).encode() == [0x11, 0, 0, 0, 0, 0, 0, 0, 0x80])
        #expect(Hit(score: 1.5).encode() == [0x11, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F])
        #expect(try Hit(decoding: Hit(score: .pi).encode()).score == .pi)
    }

    @Test("hostile input of every length up to 64 never crashes the decoder")
    func exhaustiveShortInputs() {
        // A deterministic pseudo-random stream: xorshift64.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in 0...64 {
            for _ in 0..<200 {
                var bytes: [UInt8] = []
                for _ in 0..<length {
                    state ^= state << 13
                    state ^= state >> 7
                    state ^= state << 17
                    bytes.append(UInt8(truncatingIfNeeded: state))
                }
                _ = try? Request(decoding: bytes)
                _ = try? Response(decoding: bytes)
            }
        }
    }
}
