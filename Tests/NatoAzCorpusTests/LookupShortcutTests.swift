import Foundation
import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// The lookups that read only part of the text (concordance pages from checkpoints,
/// collocations from the windows' stretches) give exactly what reading every matching
/// document whole gives (``LookupReference``), on the seeds and on a generated corpus.
@Suite struct LookupShortcutTests {
    static let queries = [
        "nato", "\"Resolute Support\"", "Stoltenberg", "peacekeep*", "azerbaijan OR turkey",
        "NATO -lang:en", "\"NATO summit\"",
    ]

    static let corpora = ["seeds", "generated"]

    // Each test runs per corpus and query (or mode and language) rather than looping over all
    // of them: the reference readings are slow in a debug build, and one test holding a
    // cooperative thread for a minute stalled time-limited tests elsewhere in the parallel run.
    private static func index(_ name: String) throws -> SearchIndex {
        try #require(name == "seeds" ? LoadedSeeds.indexWithAliases : GeneratedCorpus.index)
    }

    /// Per-term language counts of each corpus, computed once (the reference's slow part).
    private static let seedCounts = LoadedSeeds.indexWithAliases.map(LookupReference.languageCounts)
    private static let generatedCounts = GeneratedCorpus.index.map(LookupReference.languageCounts)

    @Test(arguments: corpora, queries)
    func concordanceEqualsTheWholeTextReading(corpus name: String, query: String) throws {
        let index = try Self.index(name)
        for width in query == "nato" ? [40, 7] : [40] {
            let inDocumentOrder = try LookupReference.concordance(index, query, width: width)
            if query == "nato" { #expect(inDocumentOrder.count > 20) }  // real occurrences
            for order in [ConcordanceOrder.document, .left, .right] {
                let expected = LookupReference.sorted(inDocumentOrder, by: order)
                let all = try index.concordance(query, width: width, order: order)
                #expect(all.total == expected.count, "\(name) \(query)")
                #expect(all.lines == expected, "\(name) \(query) \(order) \(width)")
                // Pages are slices of the whole list, with the same total.
                for (offset, limit) in [(0, 3), (2, 5), (expected.count - 1, 10), (0, 0)] {
                    let page = try index.concordance(
                        query, width: width, order: order, offset: max(0, offset),
                        limit: limit)
                    #expect(page.total == expected.count)
                    #expect(
                        page.lines == Array(expected.dropFirst(max(0, offset)).prefix(limit)),
                        "\(name) \(query) \(order) \(offset)+\(limit)")
                }
            }
        }
    }

    @Test(arguments: corpora, ["NATO", "Azerbaijan", "Stoltenberg", "military"])
    func collocationsEqualTheWholeTextReading(corpus name: String, word: String) throws {
        let index = try Self.index(name)
        for options in [
            CollocationOptions(window: 2, includeStopwords: true, minFrequency: 1),
            CollocationOptions(window: 12, language: .russian),
        ] {
            let expected = LookupReference.collocations(index, word, options: options)
            let result = index.collocations(of: word, options: options)
            #expect(!result.isSampled)
            #expect(result.nodeFrequency == expected.nodeFrequency, "\(name) \(word)")
            #expect(result.collocates == expected.collocates, "\(name) \(word) \(options)")
        }
    }

    @Test func sampledCollocationsScaleACountedSample() throws {
        let index = try #require(GeneratedCorpus.index)
        let full = index.collocations(of: "NATO", options: CollocationOptions(minFrequency: 1))
        #expect(full.nodeFrequency > 200)
        let sampled = index.collocations(
            of: "NATO", options: CollocationOptions(minFrequency: 1, sampleSize: 100))
        #expect(sampled.isSampled)
        #expect(sampled.nodeFrequency == full.nodeFrequency)
        #expect(sampled.occurrencesExamined < full.nodeFrequency)
        #expect(sampled.documentsExamined < sampled.nodeDocuments)
        // logDice follows from the scaled estimate, and the strongest collocates of the whole
        // corpus are still near the top of the sample's.
        for collocate in sampled.collocates {
            // The shown count is the estimate rounded, so logDice lies within half a count.
            func dice(_ count: Double) -> Double {
                14 + log2(2 * count / Double(sampled.nodeFrequency + collocate.frequency))
            }
            let count = Double(collocate.cooccurrences)
            #expect(
                dice(count - 0.5) <= collocate.logDice && collocate.logDice <= dice(count + 0.5))
        }
        let topFull = Set(full.collocates.prefix(5).map(\.stem))
        let topSampled = Set(sampled.collocates.prefix(30).map(\.stem))
        #expect(!topFull.isDisjoint(with: topSampled))
    }

    @Test func oneRepetitiveDocumentIsSampledByOccurrence() throws {
        // Sampling every k-th *document* read all 1,048,578 occurrences of "word" in a 5 MB
        // file repeating it (20 s at load 12), or, when that file was not the first, scaled
        // one short article's collocates by k: the sample must spread over occurrences.
        let directory = try TemporaryDirectory("natoaz-corpus")
        try directory.write(
            "a-short.txt", bytes: Array("Short\n\nThe alpha delta text was short.\n".utf8))
        try directory.write(
            "b-repeat.txt",
            bytes: Array(
                ("Repeated\n\n" + String(repeating: "alpha beta gamma ", count: 6_000)).utf8))
        let corpus = try CorpusLoader().load(directory: directory.path)
        let index = try SearchIndex(documents: corpus.documents)
        let exact = index.collocations(
            of: "alpha", options: CollocationOptions(minFrequency: 1, sampleSize: 1_000_000))
        let sampled = index.collocations(
            of: "alpha", options: CollocationOptions(minFrequency: 1, sampleSize: 500))
        #expect(!exact.isSampled && sampled.isSampled)
        #expect(sampled.nodeFrequency == 6_001)
        #expect(sampled.occurrencesExamined <= 500 && sampled.occurrencesExamined > 450)
        let exactBeta = try #require(exact.collocates.first { $0.stem == "beta" })
        let sampledBeta = try #require(sampled.collocates.first { $0.stem == "beta" })
        #expect(
            abs(sampledBeta.cooccurrences - exactBeta.cooccurrences) * 50 < exactBeta.cooccurrences)
        #expect(sampled.collocates.first?.stem == exact.collocates.first?.stem)
    }

    @Test(
        arguments: corpora,
        [TermListQuery.Mode.stem, .surface].flatMap { mode in
            [nil, Language.english, .russian, .azerbaijani, .turkish].map { (mode, $0) }
        })
    func frequencyListEqualsTheVocabularyWalk(
        corpus name: String, selection: (mode: TermListQuery.Mode, language: Language?)
    ) throws {
        let index = try Self.index(name)
        // Every prefix range also through the path for long ranges.
        let lists = [
            FrequencyList(index: index), FrequencyList(index: index, sortableRange: 0),
        ]
        let counts = try #require(name == "seeds" ? Self.seedCounts : Self.generatedCounts)
        let (mode, language) = selection
        for prefix in ["", "a", "Tür", "nato", "пере", "zzzz"] {
            let query = TermListQuery(prefix: prefix, language: language, mode: mode)
            let expected = LookupReference.termList(index, query, counts: counts)
            for list in lists {
                let all = list.page(query)
                let label = "\(name) \(mode) \(language?.rawValue ?? "-") '\(prefix)'"
                #expect(all.total == expected.count, "\(label)")
                #expect(all.terms == expected, "\(label)")
                for (offset, limit) in [(0, 10), (5, 7), (expected.count, 3)] {
                    let page = list.page(query, offset: offset, limit: limit)
                    #expect(page.total == expected.count)
                    #expect(
                        page.terms == Array(expected.dropFirst(offset).prefix(limit)),
                        "\(label) \(offset)+\(limit)")
                }
            }
        }
    }

    @Test(arguments: corpora)
    func tableEntitiesFromPositionsEqualWholeDocumentMatches(corpus name: String) throws {
        let table = LoadedSeeds.table.table
        let index = try Self.index(name)
        let entities = EntityIndex(index: index, table: table)
        var compared = 0
        for entry in table.entries {
            let record = try #require(entities.entity(named: entry.canonical))
            let expected = try LookupReference.tableMentions(index, entry)
            let mentions = entities.mentions(of: record)
            #expect(record.mentionCount == expected.count, "\(name) \(entry.canonical)")
            #expect(
                mentions.map { "\($0.docID) \($0.start) \($0.end)" } == expected,
                "\(name) \(entry.canonical)")
            compared += expected.count
        }
        #expect(compared > 100)  // the comparison covered real mentions
    }
}
