import Testing

@testable import NatoAzCorpus

@Suite struct WordTokenizerTests {
    private func words(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return WordTokenizer.tokenize(text).map {
            String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)
        }
    }

    @Test func lettersAndDigitsInAnyScript() {
        #expect(words("COP29, в 2021 году; Bakı!") == ["COP29", "в", "2021", "году", "Bakı"])
    }

    @Test func numbersKeepTheirSeparators() {
        #expect(
            words("more than 120,000 civilians, 3.5 km.") == [
                "more", "than", "120,000", "civilians", "3.5", "km",
            ])
        #expect(Analyzer.numberTerm("120,000") == "120000")
        #expect(Analyzer.numberTerm("3,5") == "3.5")
    }

    @Test func hyphenatedCompoundsYieldPartsAndTheWhole() {
        let tokens = WordTokenizer.tokenize("the Azerbaijan-NATO talks")
        #expect(tokens.map(\.position) == [0, 1, 1, 2, 3])
        #expect(tokens.map(\.kind) == [.word, .word, .compound, .word, .word])
        #expect(
            words("the Azerbaijan-NATO talks") == [
                "the", "Azerbaijan", "Azerbaijan-NATO", "NATO", "talks",
            ])
    }

    @Test func apostrophesStayInsideWordsAndMarkTheBase() {
        for (text, base) in [("Bakü'yü", "Bakü"), ("Turkiye’s", "Turkiye"), ("NATOʼnun", "NATO")] {
            let tokens = WordTokenizer.tokenize(text)
            #expect(tokens.count == 1)
            let bytes = Array(text.utf8)
            #expect(String(decoding: bytes[0..<tokens[0].baseEnd], as: UTF8.self) == base)
            #expect(tokens[0].end == bytes.count)
        }
        // A quote is not an apostrophe: it does not join words.
        #expect(words("'NATO' and 'Baku'") == ["NATO", "and", "Baku"])
    }

    /// Azerbaijani hyphenates an ending onto an abbreviation or a number (`NATO-nun`,
    /// `1994-cü`): read as a compound, `nun` was a word, NATO's commonest "collocate".
    @Test func anAzerbaijaniEndingAfterAHyphenIsReadAsAfterAnApostrophe() {
        for (text, base) in [
            ("NATO-nun", "NATO"), ("BMT-yə", "BMT"), ("ATƏT-in", "ATƏT"), ("1994-cü", "1994"),
            ("AB‑nin", "AB"),
        ] {
            let tokens = WordTokenizer.tokenize(text)
            #expect(tokens.count == 1, "\(text)")
            #expect(tokens.first?.kind == .word)
            let bytes = Array(text.utf8)
            #expect(String(decoding: bytes[0..<tokens[0].baseEnd], as: UTF8.self) == base)
            #expect(tokens[0].end == bytes.count)
        }
        #expect(words("NATO-nun baş katibi") == ["NATO-nun", "baş", "katibi"])
        // Anything else stays a compound: no ending, not an abbreviation, or more parts.
        for text in ["UN-led", "COVID-19", "nato-nun", "Nato-nun", "NATO-a-qarşı", "G20-nin"] {
            #expect(WordTokenizer.tokenize(text).contains { $0.kind == .compound }, "\(text)")
        }
    }

    @Test func ideographsAreWordsOfTheirOwn() {
        #expect(words("北约 NATO") == ["北", "约", "NATO"])
        // Hangul syllables and Thai letters too; a Thai vowel sign or tone mark (a mark)
        // stays with its letter, and Thai digits are a number.
        #expect(words("바쿠에서 NATO") == ["바", "쿠", "에", "서", "NATO"])
        #expect(words("บากู ๒๐๒๑") == ["บ", "า", "กู", "๒๐๒๑"])
    }

    @Test func offsetsPointIntoTheOriginalUTF8() {
        let text = "«Решительная поддержка» — Türkiye"
        let bytes = Array(text.utf8)
        let tokens = WordTokenizer.tokenize(text)
        #expect(tokens.count == 3)
        #expect(
            String(decoding: bytes[tokens[2].start..<tokens[2].end], as: UTF8.self) == "Türkiye")
        #expect(tokens.map(\.position) == [0, 1, 2])
    }

    @Test func positionsStartWhereAsked() {
        #expect(WordTokenizer.tokenize("a b", firstPosition: 10).map(\.position) == [10, 11])
    }

    @Test func punctuationAndMarksAloneMakeNoTokens() {
        #expect(WordTokenizer.tokenize(" -- … «» \u{301} ").isEmpty)
        #expect(WordTokenizer.tokenize("").isEmpty)
    }
}
