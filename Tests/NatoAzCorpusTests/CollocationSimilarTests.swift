import Foundation
import Testing

@testable import NatoAzCorpus

/// Collocations and similar documents over the loaded seeds.
@Suite struct CollocationSimilarTests {
    private func index() throws -> SearchIndex { try #require(LoadedSeeds.indexWithAliases) }

    @Test func collocatesOfResoluteAreRankedByLogDice() throws {
        let result = try index().collocations(of: "Resolute")
        #expect(result.nodeFrequency == 4)
        let support = try #require(result.collocates.first { $0.stem == "support" })
        #expect(support.cooccurrences >= 4)
        let expected =
            14
            + log2(
                2 * Double(support.cooccurrences)
                    / Double(result.nodeFrequency + support.frequency))
        #expect(abs(support.logDice - expected) < 1e-9)
        #expect(result.collocates.map(\.logDice) == result.collocates.map(\.logDice).sorted(by: >))
        #expect(result.collocates.allSatisfy { $0.cooccurrences >= 2 && $0.logDice <= 14 })
    }

    /// The Azerbaijani list was written folded by hand, and wrongly for every `ə`: `ile` for
    /// `ilə` (folded `ila`), so "with" was Azerbaijani NATO's second collocate.
    @Test func everyListedStopwordIsFoundAsWritten() throws {
        for word in [
            "ilə", "və", "üçün", "üzrə", "isə", "hər", "tərəfindən", "olunub", "için", "является",
            "всё",
        ] {
            #expect(Stopwords.contains(Folding.fold(word)), "\(word)")
        }
        for word in ["man", "san", "nato", "azerbaijan"] {
            #expect(!Stopwords.contains(Folding.fold(word)), "\(word)")
        }
        let index = try SearchIndex(documents: [
            Document(id: "a", lang: .azerbaijani, paragraphs: ["NATO ilə Azərbaycan görüşdü."]),
            Document(id: "b", lang: .azerbaijani, paragraphs: ["Azərbaycan NATO ilə danışdı."]),
        ])
        let options = CollocationOptions(minFrequency: 1)
        let collocates = index.collocations(of: "NATO", options: options).collocates.map(\.stem)
        #expect(collocates.contains { $0.hasPrefix("az") })
        #expect(!collocates.contains { Folding.fold($0).hasPrefix("il") })
        var withStopwords = options
        withStopwords.includeStopwords = true
        #expect(
            index.collocations(of: "NATO", options: withStopwords).collocates.contains {
                Folding.fold($0.stem).hasPrefix("il")
            })
    }

    /// `İlham` was shown as `i̇lham` (`i` and U+0307, a stray mark in a terminal).
    @Test func collocatesAreShownInTheirLanguagesLowerCase() {
        #expect(SearchIndex.displayed("İlham", languages: [.azerbaijani]) == "ilham")
        #expect(SearchIndex.displayed("İlham", languages: [.english]) == "ilham")
        #expect(SearchIndex.displayed("IŞİD", languages: [.turkish]) == "ışid")
        #expect(SearchIndex.displayed("ISIS", languages: [.english, .turkish]) == "isis")
        #expect(SearchIndex.displayed("Ёлка", languages: [.russian]) == "ёлка")
    }

    @Test func stopwordsAreLeftOutUnlessAsked() throws {
        let index = try index()
        let plain = index.collocations(of: "NATO").collocates.map(\.stem)
        #expect(!plain.contains("the") && !plain.contains("of") && !plain.contains("в"))
        let all = index.collocations(
            of: "NATO", options: CollocationOptions(includeStopwords: true))
        #expect(all.collocates.contains { $0.stem == "the" })
        let window1 = index.collocations(
            of: "NATO", options: CollocationOptions(window: 1, minFrequency: 1))
        #expect(window1.collocates.count < all.collocates.count)
    }

    @Test func collocationsFollowTheAnalysisAcrossScripts() throws {
        let result = try index().collocations(
            of: "Stoltenberg", options: CollocationOptions(minFrequency: 1))
        #expect(result.nodeFrequency >= 3)  // Столтенбергом, Столтенберг ... in 002
        #expect(result.collocates.contains { $0.term == "йенс" || $0.term == "йенсом" })
        let russianOnly = try index().collocations(
            of: "NATO", options: CollocationOptions(language: .russian))
        let nato = try #require(
            try index().termList(TermListQuery(language: .russian)).first { $0.term == "нат" })
        #expect(russianOnly.nodeFrequency == nato.frequency)  // НАТО, only in 002
    }

    @Test func similarDocumentsNeverIncludeTheDocumentAndCrossScripts() throws {
        let index = try index()
        let russian = try #require(index.documentNumber(id: "002_163f1bbd0ac872e2"))
        let hits = index.similarDocuments(to: russian, limit: 4)
        #expect(hits.count == 4)
        #expect(!hits.contains { $0.document == russian })
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
        // The Russian article shares no words with the English ones: the matches come from
        // transliteration and aliases. The two English articles on Aliyev and NATO come first.
        #expect(Set(hits.prefix(2).map { LoadedSeeds.short($0.docID) }) == ["000", "003"])
        #expect(hits.first?.sharedTerms.isEmpty == false)
        let english = try #require(index.documentNumber(id: "003_285129050a8aee72"))
        let fromEnglish = index.similarDocuments(to: english, limit: 4).map {
            LoadedSeeds.short($0.docID)
        }
        #expect(Set(fromEnglish) == ["000", "001", "002", "004"])
        #expect(index.similarDocuments(to: english, limit: 0).isEmpty)
    }
}
