import Testing

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

    @Test func malformedQueryIsAnError() throws {
        #expect(throws: QueryError.self) { try index().concordance("\"nato") }
    }
}
