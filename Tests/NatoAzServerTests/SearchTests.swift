import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// Search through the daemon: results come from the real index over the seeds, errors name
/// the field, and a slow query never holds up a Ping on another connection.
@Suite("natoazd search", .hangGuard)
struct SearchTests {
    let directory: TemporaryDirectory
    let daemon: DaemonProcess
    let client: TestClient

    init() throws {
        directory = try TemporaryDirectory()
        daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            arguments: ["--max-results", "50"], logDirectory: directory.path)
        client = try daemon.waitUntilServing()
    }

    private func search(_ request: SearchRequest) throws -> SearchResponse {
        let response = try client.call(.search(request))
        guard case .search(let search)? = response.body else {
            throw TestFailure("Search failed: \(response)")
        }
        return search
    }

    @Test("hits carry id, title, snippet and in-bounds highlights of the query's words")
    func hits() throws {
        let results = try search(SearchRequest(query: "NATO", limit: 10))
        #expect(results.total > 0)
        #expect(results.hits.count == min(10, Int(results.total)))
        #expect(results.generation == 1)
        for hit in results.hits {
            #expect(!hit.id.isEmpty)
            #expect(hit.score > 0)
            let snippet = Array(hit.snippet.utf8)
            for range in hit.highlights {
                #expect(range.start < range.end && Int(range.end) <= snippet.count)
                let word = String(
                    decoding: snippet[Int(range.start)..<Int(range.end)], as: UTF8.self)
                #expect(word.lowercased().contains("nato") || word.lowercased().contains("нато"))
            }
            // The hit is a real document: Get finds it.
            #expect(try client.call(.get(GetRequest(id: hit.id))).errorCode == nil)
        }
        // Scores are in descending order.
        #expect(results.hits.map(\.score) == results.hits.map(\.score).sorted(by: >))
    }

    @Test("paging: offset skips, limit caps, total stays")
    func paging() throws {
        let all = try search(SearchRequest(query: "NATO", limit: 50))
        let second = try search(SearchRequest(query: "NATO", limit: 1, offset: 1))
        #expect(second.total == all.total)
        if all.hits.count > 1 {
            #expect(second.hits.map(\.id) == [all.hits[1].id])
        }
    }

    @Test(
        "bad queries and arguments are INVALID_ARGUMENT naming the field",
        arguments: [
            (SearchRequest(query: ""), "query"),
            (SearchRequest(query: "\"unbalanced"), "query"),
            (SearchRequest(query: "nato", limit: 51), "limit"),
        ])
    func invalid(request: SearchRequest, field: String) throws {
        let response = try client.call(.search(request))
        #expect(response.errorCode == .invalidArgument)
        #expect(response.error?.field == field)
        #expect(response.error?.message.isEmpty == false)
    }

    @Test("a query error says at which column")
    func column() throws {
        let response = try client.call(.search(SearchRequest(query: "nato \"open")))
        #expect(response.error?.message.contains("column") == true)
    }

    @Test("pipelined searches and pings are all answered, by id")
    func pipelinedSearches() throws {
        let codec = FrameCodec()
        var bytes: [UInt8] = []
        for id in UInt64(1)...60 {
            let body: Request.Body =
                id % 2 == 0
                ? .search(SearchRequest(query: id % 4 == 0 ? "NATO" : "Azerbaijan"))
                : .ping(PingRequest(payload: [UInt8(id)]))
            bytes += try codec.encodeFrame(Request(id: id, body: body))
        }
        try client.sendRaw(bytes)
        var ids: [UInt64] = []
        for _ in 0..<60 {
            let response = try client.receive()
            #expect(response.errorCode == nil, "\(response)")
            ids.append(response.id)
        }
        #expect(Set(ids) == Set(1...60))
    }
}
