import Testing

@testable import NatoAzCorpus

/// Session 13's QA: `NATO` did not find `NАТО` typed with Cyrillic `А`, `Т`, `О`. A word that
/// mixes Latin and Cyrillic look-alikes is now read in one script; a word in one script only
/// is left alone.
@Suite struct HomoglyphTests {
    private static let index: SearchIndex = {
        let texts = [
            "The N\u{410}\u{422}\u{41E} summit opened.",  // NАТО: Cyrillic А, Т, О
            "Переговоры в \u{41C}oc\u{43A}\u{432}\u{430} продолжились.",  // Мocква: Latin o, c
            "The CAT exercise.",
            "Учения САТ начались.",  // Cyrillic С, А, Т
        ]
        let documents = texts.enumerated().map { number, text in
            Document(
                id: "doc\(number)", title: "Report", lang: number % 2 == 0 ? .english : .russian,
                paragraphs: [text])
        }
        return try! SearchIndex(documents: documents)
    }()

    private func ids(_ query: String) throws -> [String] {
        try Self.index.search(query, options: SearchOptions(fuzzy: false)).hits.map(\.docID)
            .sorted()
    }

    @Test func aMixedWordIsFoundInTheScriptItLooksLike() throws {
        #expect(try ids("NATO") == ["doc0"])
        #expect(try ids("москва") == ["doc1"])
        #expect(try ids("N\u{410}\u{422}\u{41E}") == ["doc0"])
    }

    @Test func wordsInOneScriptAreLeftAlone() throws {
        #expect(try ids("cat") == ["doc2"])
        #expect(try ids("сат") == ["doc3"])
    }

    @Test(arguments: [
        ("N\u{410}\u{422}\u{41E}", "NATO"), ("\u{41C}oc\u{43A}\u{432}\u{430}", "Москва"),
        ("CAT", "CAT"), ("САТ", "САТ"), ("\u{421}AT", "CAT"),
        ("Z\u{430}\u{436}", "Z\u{430}\u{436}"),
    ])
    func unmixed(word: String, expected: String) {
        #expect(String(Homoglyphs.unmixed(Substring(word))) == expected)
    }
}
