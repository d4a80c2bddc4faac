import Foundation
import NatoAzCorpus
import NatoAzProtocol
import NatoAzTestSupport
import Testing

@testable import NatoAzServer

/// Suggest and the frequency lists are built after the load (``ServingCorpus/lookupsBuild``):
/// the answers must be those of a build in the load, and requests arriving during the build
/// must wait for it rather than fail or see a half-built index.
@Suite("Suggest and Terms built after the load", .hangGuard)
struct DeferredLookupsTests {
    @Test("built on first use, the lookups answer as ones built straight from the index")
    func firstUseBuildsTheSameLookups() async throws {
        try await offPool {
            let serving = try ServingCorpus.load(directory: PackagePaths.seeds)
            let direct = SuggestIndex(index: serving.index)
            let directTerms = FrequencyList(index: serving.index)
            for prefix in ["nat", "tur", "аз", "ə", "b"] {
                let lazy = serving.suggestions.complete(prefix, limit: 20)
                let built = direct.complete(prefix, limit: 20)
                #expect(lazy.map(\.text) == built.map(\.text), "prefix \(prefix)")
                #expect(lazy.map(\.frequency) == built.map(\.frequency), "prefix \(prefix)")
            }
            #expect(!serving.lookupsBuild.claim(), "the first read left the build unfinished")
            for query in [TermListQuery(), TermListQuery(prefix: "a", mode: .surface)] {
                let lazyPage = serving.frequencies.page(query, limit: 50)
                #expect(lazyPage == directTerms.page(query, limit: 50))
                #expect(!lazyPage.terms.isEmpty)
            }
        }
    }

    @Test("Suggest and Terms sent as soon as natoazd serves are answered after the build")
    func requestsDuringTheBuildWaitForIt() async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            // 500 articles: the lookups take a while in a debug build.
            let corpus = try CorpusFixtures.largeCorpus(
                in: directory.path + "/corpus", copies: 100)
            let daemon = try DaemonProcess(
                socketPath: directory.path + "/natoaz.sock", corpus: corpus,
                arguments: ["--workers", "2"], logDirectory: directory.path)
            let client = try daemon.waitUntilServing(timeout: .seconds(120))
            try client.send(
                Request(id: 1, deadlineMs: 200_000, body: .suggest(SuggestRequest(prefix: "nat"))))
            try client.send(
                Request(id: 2, deadlineMs: 200_000, body: .terms(TermsRequest(limit: 5))))
            var answers: [UInt64: Response] = [:]
            for _ in 0..<2 {
                let answer = try client.receive()
                // Neither may be answered before the lookups it reads exist.
                #expect(
                    daemon.log.contains("lookups built"), "answered before the build: \(answer)")
                answers[answer.id] = answer
            }
            guard case .suggest(let suggest)? = answers[1]?.body else {
                throw TestFailure("suggest: \(String(describing: answers[1]))")
            }
            #expect(suggest.suggestions.contains { $0.term.lowercased().hasPrefix("nat") })
            guard case .terms(let terms)? = answers[2]?.body else {
                throw TestFailure("terms: \(String(describing: answers[2]))")
            }
            #expect(terms.terms.count == 5)
        }
    }
}
