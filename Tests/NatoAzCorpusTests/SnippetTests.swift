import Testing

@testable import NatoAzCorpus

@Suite struct SnippetTests {
    private func highlighted(_ hit: SearchHit) -> [String] {
        let bytes = Array(hit.snippet.utf8)
        return hit.highlights.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test func highlightsAreUTF8ByteOffsetsIntoTheSnippet() throws {
        let hit = try #require(try SeedFixture.index.search("stoltenberg").hits.first)
        #expect(!hit.highlights.isEmpty)
        #expect(highlighted(hit).allSatisfy { $0.hasPrefix("Столтенберг") })
        let title = Array(try #require(hit.title).utf8)
        #expect(
            hit.titleHighlights.map { String(decoding: title[$0.start..<$0.end], as: UTF8.self) }
                == ["Столтенбергом"])
    }

    @Test func snippetIsTheBestPassageCutAtWordBoundaries() throws {
        let options = SearchOptions(limit: 10)
        for query in [
            "\"resolute support\" afghanistan", "nato", "Брюссель", "peacekeep*", "cop29",
        ] {
            for hit in try SeedFixture.index.search(query, options: options).hits {
                let document = try #require(
                    SeedFixture.index.documents.first { $0.id == hit.docID })
                let text = Array(document.text.utf8)
                let snippet = Array(hit.snippet.utf8)
                #expect(hit.snippet.unicodeScalars.count <= options.snippetLength, "\(query)")
                #expect(hit.snippet.unicodeScalars.count >= options.snippetLength / 2, "\(query)")
                // The snippet is the text at snippetStart (line breaks shown as spaces).
                let original = text[hit.snippetStart..<(hit.snippetStart + snippet.count)]
                #expect(original.map { $0 < 0x20 ? 0x20 : $0 } == snippet)
                // Word boundaries: no letter right before the start or after the end.
                let before = hit.snippetStart == 0 ? nil : text[hit.snippetStart - 1]
                let after =
                    hit.snippetStart + snippet.count < text.count
                    ? text[hit.snippetStart + snippet.count] : nil
                #expect(!(before.map(isLetterByte) ?? false), "\(query) \(hit.docID)")
                #expect(!(after.map(isLetterByte) ?? false), "\(query) \(hit.docID)")
                #expect(!hit.highlights.isEmpty || query == "nato" && hit.lang == .russian)
            }
        }
    }

    /// ASCII letters/digits and UTF-8 continuation or lead bytes of letters.
    private func isLetterByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x39)
            || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// Session 14's QA: the tokenizer's word limit counts runs of letters, and a word can
    /// join several (`Azerbaijan’s`): a snippet whose stretch held one took fewer words than
    /// asked for as the text's end, and ran on to the end of the document (668 characters at
    /// 10k articles; this is that article, shortened).
    @Test func aSnippetStopsAtItsLengthAfterAJoinedWord() throws {
        let text =
            "Title\n\nIlham Aliyev Azerbaijan’s would stay since close ministry territorial "
            + "there it the to the jigry. The at wus with the azerbaijan bim.\n\nJavier Colomina "
            + "that in held parties they the va rosho and dra to chum imoun in in could espo NATO "
            + "has vick. Ches chi and may staspo discussed the Planning and Review Process "
            + "representatives the into and Baku Ilham Aliyev to sol of the shoufock at general "
            + "the Planning and Review Process.\n\nWebyation praised forum told be than shyjand "
            + "pryplegymly the sto with the Resolute Support Mission that untpryck political byer "
            + "toumveaos for and secretary in gin the. President of the Republic of Azerbaijan "
            + "Ilham Aliyev received a NATO delegation. Türkiye Ukraine of first ardstou this "
            + "grordwo development dialogue NATO were an in and the level for the, the nungfa to "
            + "state during.\n\nClibra in plyi a as he by ou there land within member general vi "
            + "between lencha has that Central Asia pristpadou, teued kejalo.\n"
        let index = try #require(indexOfArticles(["a.txt": text]))
        let options = SearchOptions(limit: 1)
        let hit = try #require(try index.search("Process Javier", options: options).hits.first)
        #expect(hit.snippet.unicodeScalars.count <= options.snippetLength)
        #expect(hit.snippet.hasSuffix("told"))
    }

    /// Session 14's QA: the snippet of a hit on a 5,000,000-digit number was the number,
    /// whole: 5 MB in a search answer, over the frame limit with a few such hits.
    @Test func aHugeWordIsCutToTwiceTheSnippetLength() throws {
        let index = try #require(
            indexOfArticles([
                "digits.txt": "Title\n\nThe count was " + String(repeating: "9", count: 100_000)
                    + " in all.\n",
                "letters.txt": "Title\n\n" + String(repeating: "ж", count: 50_000) + " NATO.\n",
            ]))
        let options = SearchOptions(limit: 10)
        for query in ["9*", "the", "nato", "жжжж*", "id:letters"] {
            for hit in try index.search(query, options: options).hits {
                #expect(hit.snippet.unicodeScalars.count <= 2 * options.snippetLength, "\(query)")
                let snippet = Array(hit.snippet.utf8)
                for highlight in hit.highlights {
                    #expect(highlight.start < highlight.end && highlight.end <= snippet.count)
                }
                if query == "nato" || query == "жжжж*" { #expect(!hit.highlights.isEmpty) }
            }
        }
    }

    @Test func snippetPrefersThePassageWithTheMostQueryParts() throws {
        let hit = try #require(
            try SeedFixture.index.search("hajiyev brussels").hits.first)
        #expect(hit.docID.hasPrefix("001"))
        // The first paragraph names Hajiyev alone; the second has both words.
        #expect(Set(highlighted(hit)) == ["Hajiyev", "Brussels"])
        #expect(hit.snippetStart > 0)
    }

    @Test func highlightsEveryMatchedTermInThePassage() throws {
        let hit = try #require(try SeedFixture.index.search("\"resolute support\"").hits.first)
        #expect(highlighted(hit).prefix(2) == ["Resolute", "Support"])
    }

    @Test func filterOnlyQueriesShowTheStartOfTheText() throws {
        let hit = try #require(try SeedFixture.index.search("source:AZERTAC").hits.first)
        #expect(hit.snippetStart == 0)
        #expect(hit.snippet.hasPrefix("A meeting of the North Atlantic Council"))
        #expect(hit.highlights.isEmpty)
    }

    @Test func snippetsCanBeTurnedOff() throws {
        let hit = try #require(
            try SeedFixture.index.search("nato", options: SearchOptions(snippets: false)).hits.first
        )
        #expect(hit.snippet.isEmpty && hit.highlights.isEmpty)
    }
}

/// Ranking on small made-up documents, where the expected order follows from the formula.
@Suite struct RankingTests {
    private let filler = Array(repeating: "lorem", count: 30).joined(separator: " ")

    private func ids(_ documents: [Document], _ query: String) throws -> [String] {
        try SearchIndex(documents: documents).search(query).hits.map(\.docID)
    }

    @Test func proximityIsRewarded() throws {
        let near = Document(id: "b", lang: .english, paragraphs: ["alpha beta \(filler)"])
        let far = Document(id: "a", lang: .english, paragraphs: ["alpha \(filler) beta"])
        #expect(try ids([near, far], "alpha beta") == ["b", "a"])
        #expect(try ids([near, far], "beta alpha") == ["b", "a"])
    }

    @Test func titleMatchesAreBoosted() throws {
        let inTitle = Document(id: "b", title: "gamma report", lang: .english, paragraphs: [filler])
        let inBody = Document(
            id: "a", title: "other report", lang: .english, paragraphs: ["gamma " + filler])
        #expect(try ids([inTitle, inBody], "gamma") == ["b", "a"])
    }

    @Test func moreOccurrencesRankHigherAndRareTermsWeighMore() throws {
        let documents = [
            Document(id: "a", lang: .english, paragraphs: ["delta \(filler)"]),
            Document(id: "b", lang: .english, paragraphs: ["delta delta delta \(filler)"]),
            Document(id: "c", lang: .english, paragraphs: ["epsilon \(filler)"]),
        ]
        #expect(try ids(documents, "delta") == ["b", "a"])
        #expect(try ids(documents, "delta OR epsilon") == ["c", "b", "a"])
    }

    @Test func tiesBreakByDocumentID() throws {
        let documents = ["d", "b", "c", "a"].map {
            Document(id: $0, lang: .english, paragraphs: ["zeta \(filler)"])
        }
        #expect(try ids(documents, "zeta") == ["a", "b", "c", "d"])
    }

    @Test func phrasesDoNotSpanTitleAndBody() throws {
        let document = Document(
            id: "a", title: "the alpha", lang: .english, paragraphs: ["beta gamma"])
        #expect(try ids([document], "\"alpha beta\"") == [])
        #expect(try ids([document], "\"beta gamma\"") == ["a"])
    }

    @Test func emptyIndexAnswersNothing() throws {
        let results = try SearchIndex(documents: []).search("nato")
        #expect(results.total == 0 && results.hits.isEmpty)
        #expect(throws: QueryError.self) { try SearchIndex(documents: []).search("\"") }
    }
}

@Suite struct LongDocumentSnippetTests {
    @Test func snippetsFarIntoALongDocumentMapBackExactly() throws {
        // 3000 words, with "Столтенберг" and "Brussels" side by side around word 2500 and alone
        // near the start: the snippet must show the pair, cut from the right bytes.
        var words = (0..<3_000).map { "word\($0 % 97)" }
        words[40] = "Столтенберг"
        words[2_500] = "Столтенбергом"
        words[2_502] = "Brussels,"
        let document = Document(
            id: "long", title: "A long one", lang: .english,
            paragraphs: stride(from: 0, to: words.count, by: 100).map {
                words[$0..<($0 + 100)].joined(separator: " ")
            })
        let index = try SearchIndex(documents: [document])
        let hit = try #require(try index.search("stoltenberg brussels").hits.first)
        let snippet = Array(hit.snippet.utf8)
        let highlighted = hit.highlights.map {
            String(decoding: snippet[$0.start..<$0.end], as: UTF8.self)
        }
        #expect(highlighted == ["Столтенбергом", "Brussels"])
        let text = Array(document.text.utf8)
        let original = text[hit.snippetStart..<(hit.snippetStart + snippet.count)]
        #expect(original.map { $0 < 0x20 ? 0x20 : $0 } == snippet)
        #expect(hit.snippet.unicodeScalars.count <= 200)
        #expect(hit.snippet.unicodeScalars.count >= 150)
    }
}
