import NatoAzProtocol
import Testing

@testable import NatoAzBenchKit

@Suite("Response summary: the fields natoaz-bench counts, read in place")
struct ResponseSummaryTests {
    private func summary(_ bytes: [UInt8]) throws(ProtocolError) -> ResponseSummary {
        try bytes.withUnsafeBytes(Self.scan).get()
    }

    private static func scan(_ raw: UnsafeRawBufferPointer) -> Result<
        ResponseSummary, ProtocolError
    > {
        do {
            return .success(try ResponseSummary(scanning: raw))
        } catch {
            return .failure(error)
        }
    }

    static let responses: [(Response, ResponseSummary)] = [
        (Response(id: 7, body: .ping(PingResponse())), ResponseSummary(id: 7, bodyField: 12)),
        (
            Response(id: 1 << 40, body: .ping(PingResponse(payload: [1, 2, 3]))),
            ResponseSummary(id: 1 << 40, bodyField: 12)
        ),
        (
            Response(
                id: 9,
                body: .search(
                    SearchResponse(
                        total: 12_345,
                        hits: [
                            Hit(
                                id: "a", score: 1.5, title: "t", date: "2020-01-01", lang: "en",
                                snippet: "s", highlights: [], dateInferred: false)
                        ], generation: 3))),
            ResponseSummary(id: 9, bodyField: 15, searchTotal: 12_345)
        ),
        (
            Response(id: 3, error: ResponseError(code: .deadlineExceeded, message: "late")),
            ResponseSummary(id: 3, errorCode: 8)
        ),
        (
            Response(id: 0, error: ResponseError(code: .unspecified, message: "")),
            ResponseSummary(
                id: 0, errorCode: 0)
        ),
        (Response(id: 4), ResponseSummary(id: 4)),
        (Response(id: 5, body: .info(InfoResponse())), ResponseSummary(id: 5, bodyField: 13)),
    ]

    @Test("agrees with the full decoder on real encoded responses", arguments: responses.indices)
    func agreesWithDecoder(index: Int) throws {
        let (response, expected) = Self.responses[index]
        let bytes = response.encode()
        var got = try summary(bytes)
        #expect(
            bytes.withUnsafeBytes { got.errorMessage(in: $0) } == (response.error?.message ?? ""))
        got.errorMessageRange = 0..<0
        #expect(got == expected)
        // The same facts the full decoder gives.
        let decoded = try Response(decoding: bytes)
        #expect(got.id == decoded.id)
        #expect(got.errorCode == decoded.error.map { $0.code.rawValue })
        #expect(got.bodyField == (decoded.body.map { UInt32($0.method.rawValue + 10) } ?? 0))
    }

    @Test("unknown fields of every wire type are skipped")
    func unknownFields() throws {
        // field 3 varint, field 4 fixed64, field 5 bytes, field 6 fixed32, then id 42 and ping.
        let bytes: [UInt8] =
            [0x18, 0x96, 0x01, 0x21] + [UInt8](repeating: 0xFF, count: 8)
            + [0x2A, 0x02, 0x41, 0x42, 0x35] + [UInt8](repeating: 0, count: 4)
            + [0x08, 0x2A, 0x62, 0x00]
        #expect(try summary(bytes) == ResponseSummary(id: 42, bodyField: 12))
    }

    @Test(
        "malformed payloads are errors, never a crash or a guess",
        arguments: [
            ("varint cut off", [0x08, 0x96]),
            ("length past the end", [0x08, 0x01, 0x62, 0x05, 0x00]),
            ("error length past the end", [0x12, 0x09, 0x08, 0x08]),
            ("fixed64 cut off", [0x21, 0x00, 0x00]),
            ("field number 0", [0x00, 0x01]),
            ("group wire type", [0x0B, 0x0C]),
            ("varint over 64 bits", [0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x02]),
        ] as [(String, [UInt8])])
    func malformed(name: String, bytes: [UInt8]) {
        let error = #expect(throws: ProtocolError.self, "\(name)") { try summary(bytes) }
        #expect(error?.code == .malformedFrame, "\(name)")
        #expect(error?.message.contains("of a response") == true, "\(name)")
    }
}
