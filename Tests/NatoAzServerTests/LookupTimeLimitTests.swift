import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// A Kwic or Collocations request without a deadline ran to the end however long it took (a
/// Kwic of 64 common words OR'd: 2.2 s at 100k articles), holding a worker. Now the server
/// bounds it (`--lookup-time-limit`) and answers with what it has, marked truncated (a Search
/// or Similar request: DEADLINE_EXCEEDED); a request with a deadline is bounded by its
/// deadline alone, as before.
@Suite("natoazd lookup time limit", .hangGuard)
struct LookupTimeLimitTests {
    let directory: TemporaryDirectory
    let daemon: DaemonProcess
    let client: TestClient

    /// 2,000 articles with `alliance` three times each: far more than 1 ms of work (a debug
    /// build reads 256 documents between polls).
    init() throws {
        directory = try TemporaryDirectory()
        let corpus = directory.path + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        for number in 0..<2_000 {
            let text =
                "Report \(number)\n\nThe alliance met partners. Partners of the alliance "
                + "spoke; the alliance agreed on exercise \(number % 7). President Ilham "
                + "Aliyev attended.\n"
            try text.write(
                toFile: corpus + "/doc\(10_000 + number).txt", atomically: false, encoding: .utf8)
        }
        daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            arguments: ["--lookup-time-limit", "1ms"], logDirectory: directory.path)
        client = try daemon.waitUntilServing()
    }

    private func call(_ body: Request.Body, deadlineMs: UInt32 = 0) throws -> Response.Body {
        let response = try client.call(body, deadlineMs: deadlineMs)
        guard let answer = response.body else {
            throw TestFailure("\(body.method) failed: \(response)")
        }
        return answer
    }

    @Test("Hello announces the bound")
    func announced() throws {
        let other = try TestClient(path: daemon.socketPath, timeout: .seconds(30))
        #expect(try other.hello().limits?.lookupTimeLimitMs == 1)
    }

    @Test("a Kwic without a deadline stops at the bound and says so; with one it does not")
    func kwic() throws {
        for sort in [KwicSort.document, .left] {
            guard
                case .kwic(let bounded) = try call(
                    .kwic(KwicRequest(query: "alliance", sort: sort, limit: 5)))
            else { throw TestFailure("kwic") }
            #expect(bounded.truncated)
            #expect(bounded.total < 6_000)
            guard
                case .kwic(let whole) = try call(
                    .kwic(KwicRequest(query: "alliance", sort: sort, limit: 5)),
                    deadlineMs: 600_000)
            else { throw TestFailure("kwic") }
            #expect(!whole.truncated)
            #expect(whole.total == 6_000)
            #expect(whole.lines.count == 5)
        }
    }

    /// Session 13's QA: Search and Similar had no bound without a deadline (64 OR'd phrases
    /// of common words searched for 3.7 s at 100k articles). A ranking cut short would give
    /// the wrong top hits, so they are refused, saying what to do.
    @Test("Search and Similar without a deadline fail at the bound; with one they do not")
    func searchAndSimilar() throws {
        let phrases = (0..<7).map { "\"exercise \($0)\"" }.joined(separator: " OR ")
        let requests: [Request.Body] = [
            .search(SearchRequest(query: "alliance OR partners OR " + phrases)),
            .similar(SimilarRequest(id: "doc10000")),
        ]
        for body in requests {
            let bounded = try client.call(body, deadlineMs: 0)
            #expect(bounded.error?.code == .deadlineExceeded, "\(body.method)")
            #expect(bounded.error?.message.contains("lookup-time-limit") == true)
            #expect(bounded.error?.message.contains("deadline_ms") == true)
            let whole = try call(body, deadlineMs: 600_000)
            if case .search(let search) = whole { #expect(search.total == 2_000) }
            if case .similar(let similar) = whole { #expect(similar.documents.count == 5) }
        }
    }

    /// Session 13's QA: Entities had no bound (44.6 ms at 100k articles for the full list;
    /// reading back 1,000 mention lines decompresses up to 1,000 bodies). Like a Search, a
    /// page cut short would be wrong without saying so: it is refused, saying what to do.
    @Test("Entities without a deadline fail at the bound; with one they do not")
    func entities() throws {
        let body = Request.Body.entities(EntitiesRequest(name: "Ilham Aliyev"))
        let bounded = try client.call(body, deadlineMs: 0)
        #expect(bounded.error?.code == .deadlineExceeded)
        #expect(bounded.error?.message.contains("lookup-time-limit") == true)
        guard case .entities(let whole) = try call(body, deadlineMs: 600_000) else {
            throw TestFailure("entities")
        }
        #expect(whole.entities.first?.mentions == 2_000)
        #expect(whole.entities.first?.mentionLines.count == 1_000)
    }

    @Test("Collocations without a deadline stop at the bound and say so")
    func collocations() throws {
        guard
            case .collocations(let bounded) = try call(
                .collocations(CollocationsRequest(word: "alliance")))
        else { throw TestFailure("collocations") }
        #expect(bounded.truncated)
        guard
            case .collocations(let whole) = try call(
                .collocations(CollocationsRequest(word: "alliance")), deadlineMs: 600_000)
        else { throw TestFailure("collocations") }
        #expect(!whole.truncated)
        #expect(whole.nodeFrequency == 6_000)
        #expect(whole.collocates.contains { $0.term == "partners" })
    }
}
