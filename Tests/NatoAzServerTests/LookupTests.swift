import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// The corpus lookups through the real daemon over the seeds (with seeds/entities.tsv):
/// each answers from the index, and bad arguments name their field.
@Suite("natoazd lookups", .hangGuard)
struct LookupTests {
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

    private func call(_ body: Request.Body) throws -> Response.Body {
        let response = try client.call(body)
        guard let answer = response.body else {
            throw TestFailure("\(body.method) failed: \(response)")
        }
        return answer
    }

    @Test("Info reports the alias table and does not list it as ignored")
    func info() throws {
        guard case .info(let info) = try call(.info(InfoRequest())) else {
            throw TestFailure("info")
        }
        #expect(info.entityTable.hasPrefix("entities.tsv: "))
        #expect(!info.entityTable.contains("skipped"))
        #expect(!info.ignored.contains("entities.tsv"))
    }

    @Test("Kwic, Terms, Suggest and Timeline answer from the seeds")
    func lookups() throws {
        guard case .kwic(let kwic) = try call(.kwic(KwicRequest(query: "Stoltenberg", limit: 2)))
        else { throw TestFailure("kwic") }
        #expect(kwic.total >= 2 && kwic.lines.count == 2)
        #expect(kwic.lines.allSatisfy { $0.match.contains("Столтенберг") })
        guard case .terms(let terms) = try call(.terms(TermsRequest(prefix: "nat", limit: 3)))
        else { throw TestFailure("terms") }
        #expect(terms.terms.first?.term == "nato")
        guard case .suggest(let suggest) = try call(.suggest(SuggestRequest(prefix: "turk")))
        else { throw TestFailure("suggest") }
        #expect(suggest.suggestions.contains { $0.term == "Türkiye" })
        guard
            case .timeline(let timeline) = try call(
                .timeline(TimelineRequest(dateFrom: "2021-12", dateTo: "2021-12")))
        else { throw TestFailure("timeline") }
        #expect(timeline.entries.map { String($0.id.prefix(3)) } == ["002", "003"])
    }

    @Test("Entities, Collocations and Similar answer from the seeds")
    func entitiesAndMore() throws {
        guard case .entities(let one) = try call(.entities(EntitiesRequest(name: "Ильхам Алиев")))
        else { throw TestFailure("entities") }
        #expect(one.entities.first?.name == "Ilham Aliyev")
        #expect(
            one.entities.first?.mentionLines.contains { $0.surface == "Ильхамом Алиевым" } == true)
        guard case .entities(let people) = try call(.entities(EntitiesRequest(type: "person")))
        else { throw TestFailure("entities") }
        #expect(people.entities.allSatisfy { $0.type == "person" } && people.total > 5)
        guard
            case .collocations(let collocations) = try call(
                .collocations(CollocationsRequest(word: "Resolute")))
        else { throw TestFailure("collocations") }
        #expect(collocations.collocates.contains { $0.term == "support" })
        guard
            case .similar(let similar) = try call(
                .similar(SimilarRequest(id: "002_163f1bbd0ac872e2", limit: 2)))
        else { throw TestFailure("similar") }
        #expect(
            Set(similar.documents.map(\.id)) == ["000_b63174de97e40d1a", "003_285129050a8aee72"])
    }

    @Test("bad arguments name the field; unknown ids are NOT_FOUND")
    func errors() throws {
        #expect(try client.call(.kwic(KwicRequest(query: "\"nato"))).error?.field == "query")
        #expect(
            try client.call(.timeline(TimelineRequest(dateFrom: "June"))).error?.field
                == "date_from")
        #expect(try client.call(.terms(TermsRequest(lang: "xx"))).error?.field == "lang")
        #expect(
            try client.call(.collocations(CollocationsRequest(word: "a b"))).error?.field == "word")
        // A word with nothing to search for was answered as "collocates of  (0 occurrences)".
        let punctuation = try client.call(.collocations(CollocationsRequest(word: "...")))
        #expect(punctuation.error?.field == "word")
        #expect(punctuation.error?.message.contains("'...' has no letters or digits") == true)
        #expect(try client.call(.similar(SimilarRequest(id: "nope"))).errorCode == .notFound)
        #expect(
            try client.call(.entities(EntitiesRequest(name: "Nobody Atall"))).errorCode == .notFound
        )
        #expect(
            try client.call(.suggest(SuggestRequest(prefix: "a", limit: 51))).error?.field
                == "limit")
        // A misspelt type is an error that lists the types, not an empty list.
        let typo = try client.call(.entities(EntitiesRequest(type: "persn"))).error
        #expect(typo?.code == .invalidArgument && typo?.field == "type")
        #expect(typo?.message.contains("person") == true, "\(String(describing: typo))")
        #expect(try client.call(.entities(EntitiesRequest(type: "PERSON"))).error == nil)
    }
}
