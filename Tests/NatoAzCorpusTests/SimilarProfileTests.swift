import Foundation
import NatoAzBenchKit
import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// Similar's profile visits a document's words best bound first and stops when none left can
/// enter it, at most ``SearchIndex/similarProfileVisits`` of them (session 11's QA: a 7 MB
/// file of 800,000 distinct words took 5 s to find similar documents to, in a release build).
@Suite struct SimilarProfileTests {
    @Test func stoppingEarlyFindsWhatVisitingEveryWordFinds() throws {
        let directory = try TemporaryDirectory("natoaz-similar")
        _ = try CorpusGenerator(options: .init(articles: 120, seed: 11, directory: directory.path))
            .run()
        let index = try SearchIndex(
            documents: try CorpusLoader().load(directory: directory.path).documents)
        var saved = 0
        for number in index.documents.indices {
            let early = index.similarDocumentsCountingVisits(to: number, limit: 5, profileSize: 30)
            let every = index.similarDocumentsCountingVisits(
                to: number, limit: 5, profileSize: 30, stopsEarly: false)
            #expect(early.hits == every.hits, "\(index.documents[number].id)")
            saved += every.visits - early.visits
        }
        #expect(saved > 0)
    }

    @Test func aHugeVocabularyIsVisitedOnlyUpToTheCapAndSharedWordsFirst() throws {
        let directory = try TemporaryDirectory("natoaz-similar")
        var generator = SplitMix64(seed: 5)
        let letters = Array("bcdfghjklmnpqrstvwxz")
        let nonsense = (0..<5_000).map { _ in
            String((0..<9).map { _ in letters[Int(generator.next() % UInt64(letters.count))] })
        }
        try directory.write(
            "huge.txt",
            "Vocabulary\n\n" + nonsense.joined(separator: " ") + " Stoltenberg Brussels summit\n")
        try directory.write("twin.txt", "Twin\n\nStoltenberg met in Brussels at the summit.\n")
        try directory.write("other.txt", "Other\n\nThe weather in Baku was warm.\n")
        let index = try SearchIndex(
            documents: try CorpusLoader().load(directory: directory.path).documents)
        let huge = try #require(index.documentNumber(id: "huge"))
        let capped = index.similarDocumentsCountingVisits(
            to: huge, limit: 5, profileSize: 30, maxVisits: 200)
        #expect(capped.visits == 200)
        // Words already in two documents are looked up first, so the cap still finds the twin.
        #expect(capped.hits.map(\.docID) == ["twin"])
        #expect(Set(capped.hits.first?.sharedTerms ?? []) == ["Stoltenberg", "summit"])
        // Under the default cap, every word is visited, with the answer of visiting them all.
        let uncapped = index.similarDocumentsCountingVisits(to: huge, limit: 5, profileSize: 30)
        let every = index.similarDocumentsCountingVisits(
            to: huge, limit: 5, profileSize: 30, maxVisits: .max, stopsEarly: false)
        #expect(uncapped.hits == every.hits)
    }
}
