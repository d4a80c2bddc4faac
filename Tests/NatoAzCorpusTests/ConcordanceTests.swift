import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// Kwic over the loaded seeds.
@Suite struct ConcordanceTests {
    private func index() throws -> SearchIndex { try #require(LoadedSeeds.index) }

    @Test func stemmedMatchesShowTheWordAsWritten() throws {
        let lines = try index().concordance("peacekeeper").lines
        #expect(lines.contains { $0.match == "peacekeepers" && $0.docID.hasPrefix("004") })
        for line in lines {
            #expect(line.left.unicodeScalars.count <= 40)
            #expect(line.right.unicodeScalars.count <= 40)
        }
    }

    @Test func latinQueryShowsCyrillicText() throws {
        let lines = try index().concordance("Stoltenberg").lines
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.docID.hasPrefix("002") && $0.match.hasPrefix("Столтенберг") })
    }

    @Test func offsetsPointAtTheMatchAndContextIsCutAtWords() throws {
        let index = try index()
        let lines = try index.concordance("\"Resolute Support\"", width: 20).lines
        #expect(lines.count == 4)  // 000 once, 003 twice, 004 once; a phrase is one occurrence
        for line in lines {
            #expect(line.match == "Resolute Support")
            let document = try #require(index.documents.first { $0.id == line.docID })
            let bytes = Array(document.text.utf8)
            #expect(String(decoding: bytes[line.start..<line.end], as: UTF8.self) == line.match)
            // Context ends with whole words taken from the text.
            let before = String(decoding: bytes[..<line.start], as: UTF8.self)
            #expect(before.hasSuffix(line.left + " ") || before.hasSuffix(line.left))
            #expect(!line.left.hasPrefix(" ") && !line.right.hasSuffix(" "))
        }
    }

    /// A word written many times decodes its positions once (64 times `the` cost 64 times one
    /// at 100k articles, session 11's QA); the lines are those of the word written once.
    @Test func aRepeatedWordGivesTheLinesOfTheWordOnce() throws {
        let index = try index()
        let once = try index.concordance("the")
        for query in [
            "the the", Array(repeating: "the", count: 64).joined(separator: " "),
            "the OR the", "(the nato) the",
        ] {
            let repeated = try index.concordance(query)
            if query.contains("nato") {
                #expect(repeated.total == (try index.concordance("the nato")).total)
            } else {
                #expect(repeated.total == once.total, "\(query)")
                #expect(repeated.lines == once.lines, "\(query)")
            }
        }
        var evaluator = QueryEvaluator(
            storage: index.storage, documents: index.documents,
            analyzer: Analyzer(options: AnalysisOptions()), options: SearchOptions())
        _ = try evaluator.compile(try QueryParser.parse("the the nato the"))
        #expect(evaluator.scorables.count == 4)  // ranking still sees every word
        #expect(evaluator.spanScorables.count == 2)  // positions: the, nato
    }

    @Test func sortsByLeftAndRightContext() throws {
        let index = try index()
        let documentOrder = try index.concordance("NATO", width: 30).lines
        #expect(documentOrder.count > 20)
        #expect(documentOrder.map(\.docID) == documentOrder.map(\.docID).sorted())
        let right = try index.concordance("NATO", width: 30, order: .right).lines
        let rightKeys = right.map { Folding.fold($0.right.split(separator: " ").first ?? "") }
        #expect(Set(right) == Set(documentOrder))
        #expect(rightKeys.first! <= rightKeys.last!)
        let left = try index.concordance("NATO", width: 30, order: .left).lines
        let leftKeys = left.map { Folding.fold($0.left.split(separator: " ").last ?? "") }
        #expect(leftKeys.first! <= leftKeys.last!)
    }

    /// Contexts are keyed by their first eight words and compared whole only on a tie
    /// (session 12: a left-sorted Kwic folded every word of 20,000 contexts, 170 words each at
    /// width 1000). The order must be that of comparing the whole contexts, as before: checked
    /// against that rule on contexts that share long runs of words, with accents, case,
    /// punctuation, Cyrillic and decomposed letters, over enough lines to prune.
    @Test(arguments: [ConcordanceOrder.left, .right])
    func sortingByShortKeysKeepsTheWholeContextOrder(order: ConcordanceOrder) throws {
        var generator = SplitMix64(seed: 12)
        let vocabulary = [
            "the", "The", "alliance", "Alliance,", "met", "météo", "meteo", "Ölkə", "olke",
            "НАТО", "нато", "и", "и\u{306}", "й", "--", "(1994)", "1994", "a", "b", "ab", "x.y",
        ]
        let shared = "the alliance met the alliance met the alliance met the alliance met"
        var documents: [Document] = []
        for number in 0..<300 {
            var words: [String] = []
            for _ in 0..<6 {
                words += [shared]
                for _ in 0..<Int(generator.next() % 3) {
                    words.append(vocabulary[Int(generator.next() % UInt64(vocabulary.count))])
                }
                words.append("NODE")
                words += [shared]
            }
            documents.append(
                Document(
                    id: "d\(1000 + number)", lang: .english,
                    paragraphs: [words.joined(separator: " ")]))
        }
        let index = try SearchIndex(documents: documents)
        let all = try index.concordance("node", width: 300)
        #expect(all.total == 1_800)
        func wholeKey(_ line: ConcordanceLine) -> String {
            let words =
                order == .left
                ? Array(line.left.split(separator: " ").reversed())
                : line.right.split(separator: " ")
            return words.map { Folding.fold($0.filter { $0.isLetter || $0.isNumber }[...]) }
                .filter { !$0.isEmpty }.joined(separator: " ")
        }
        let expected = all.lines.enumerated().sorted {
            (wholeKey($0.element), $0.offset) < (wholeKey($1.element), $1.offset)
        }.map(\.element)
        for (offset, limit) in [(0, 50), (700, 40), (0, 1_800)] {
            let page = try index.concordance(
                "node", width: 300, order: order, offset: offset, limit: limit)
            #expect(page.lines == Array(expected[offset..<offset + limit]), "\(offset)")
        }
    }

    @Test func malformedQueryIsAnError() throws {
        #expect(throws: QueryError.self) { try index().concordance("\"nato") }
    }

    /// Session 13's QA: `lang:en` alone answered total 0, as if no word occurred.
    @Test func filtersAloneAreAnError() throws {
        for query in ["lang:en", "date:2021 -nato", "lang:en OR lang:ru"] {
            let error = #expect(throws: QueryError.self) { try index().concordance(query) }
            #expect(error?.message.contains("add a word or phrase") == true, "\(query)")
        }
        #expect(try index().concordance("nato lang:en").total > 0)
        #expect(try index().concordance("zzzzqqq lang:en").total == 0)
    }
}
