import NatoAzTestSupport
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The index build's faster paths (session 10) give exactly what the general code gives: the
/// tokenizer's runs of one- and two-byte scalars against its per-scalar loop, and the analyzer's ASCII terms on
/// bytes against its `String` path, on random text mixing ASCII with the scripts, marks,
/// joiners and ideographs the rules treat specially.
@Suite struct IndexBuildFastPathTests {
    /// ASCII letters, digits, space and every joiner; Latin, Turkish, Azerbaijani and Cyrillic
    /// letters; the typographic apostrophe, modifier apostrophe and hyphens; a combining mark,
    /// soft hyphen, zero-width joiner, CJK and kana, a non-Latin digit, emoji.
    static let alphabet: [Unicode.Scalar] = {
        var values: [UInt32] = [
            0x20, 0x20, 0x0A, 0x27, 0x2C, 0x2E, 0x2D, 0x3A, 0x22, 0x28, 0x5F, 0x2019, 0x02BC,
            0x2010, 0x2011, 0xE7, 0xFC, 0x131, 0x130, 0x259, 0x18F, 0x410, 0x436, 0x451, 0x439,
            0x301, 0x307, 0xAD, 0x200D, 0x4E2D, 0x30A2, 0x0663, 0x1F600, 0xA0, 0x2014,
        ]
        values += Array(0x61...0x7A).map(UInt32.init) + Array(0x41...0x46).map(UInt32.init)
        values += Array(0x30...0x39).map(UInt32.init)
        return values.map { Unicode.Scalar($0)! }
    }()

    static func randomText(_ generator: inout SplitMix64, length: Int) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<length {
            text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
        }
        return String(text)
    }

    @Test(arguments: 0..<8)
    func fastRunsTokenizeAsTheScalarLoopDoes(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
        for round in 0..<400 {
            let text = Self.randomText(&generator, length: Int(generator.next() % 120))
            let limit = round % 5 == 0 ? Int(generator.next() % 12) : Int.max
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                let fast = WordTokenizer.tokenize(
                    utf8: bytes, firstPosition: seed, maxWords: limit, fastRuns: true)
                let general = WordTokenizer.tokenize(
                    utf8: bytes, firstPosition: seed, maxWords: limit, fastRuns: false)
                #expect(fast == general, "\(text.debugDescription) limit \(limit)")
            }
        }
    }

    /// The same on word-like text: compounds, apostrophes, numbers with separators, Azerbaijani
    /// endings after hyphens (the words a run on its own is most often).
    @Test(arguments: 0..<4)
    func wordsTokenizeAsTheGeneralLoopDoes(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 29)
        for round in 0..<300 {
            let fixed = "NATO-nun 1994-cü, O'Brien l'OTAN 120,000 3.5. Bakı-Tbilisi-Qars "
            let text =
                (round % 3 == 0 ? fixed : "")
                + (round % 2 == 0
                    ? Self.randomWords(&generator, count: 16)
                    : Self.randomTwoByteWords(&generator, count: 16))
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                let fast = WordTokenizer.tokenize(
                    utf8: bytes, firstPosition: seed, maxWords: .max, fastRuns: true)
                let general = WordTokenizer.tokenize(
                    utf8: bytes, firstPosition: seed, maxWords: .max, fastRuns: false)
                #expect(fast == general, "\(text.debugDescription)")
            }
        }
    }

    /// Mostly ASCII words (capital `I` included, which Turkic casing maps to `ı`), numbers with
    /// separators, hyphens and apostrophes, some Turkish, Azerbaijani and Cyrillic letters.
    static let wordAlphabet: [Unicode.Scalar] = {
        var values: [UInt32] = [0x20, 0x20, 0x20, 0x2D, 0x2D, 0x27, 0x2C, 0x2E, 0x2019, 0x49, 0x49]
        values += Array(0x61...0x7A).map(UInt32.init) + Array(0x61...0x7A).map(UInt32.init)
        values += Array(0x41...0x5A).map(UInt32.init) + Array(0x30...0x39).map(UInt32.init)
        values += [0xE7, 0x131, 0x259, 0x15F, 0x430, 0x451, 0x2010]
        return values.map { Unicode.Scalar($0)! }
    }()

    /// English-like words: the stemmers strip real suffixes and the keys drop `h`, `y` and
    /// doubled letters, which random letters rarely reach.
    static let morphemes = [
        "Nation", "al", "ly", "ies", "ing", "ed", "s", "Khan", "shch", "yev", "Aliyev", "ll",
        "ness", "ation", "lar", "ler", "ın", "dan", "IST", "ment", "ful", "y", "ee", "Ghaz",
    ]

    static func randomWords(_ generator: inout SplitMix64, count: Int) -> String {
        var text = ""
        for _ in 0..<count {
            if generator.next() % 3 == 0 {
                text += morphemes[Int(generator.next() % UInt64(morphemes.count))]
            } else {
                var scalars = String.UnicodeScalarView()
                for _ in 0..<(1 + generator.next() % 6) {
                    scalars.append(wordAlphabet[Int(generator.next() % UInt64(wordAlphabet.count))])
                }
                text += String(scalars)
            }
            if generator.next() % 2 == 0 { text += " " }
        }
        return text
    }

    @Test(arguments: 0..<8)
    func asciiTermsAreTheStringPathsTerms(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 0x2545_F491 &+ 3)
        var handled = 0
        var tokens = 0
        for options in [AnalysisOptions(), AnalysisOptions(azerbaijaniStemmer: .none)] {
            let analyzer = Analyzer(options: options)
            for _ in 0..<60 {
                let text = Self.randomWords(&generator, count: 12)
                Array(text.utf8).withUnsafeBufferPointer { bytes in
                    for token in WordTokenizer.tokenize(utf8: bytes) {
                        tokens += 1
                        for language in Language.allCases {
                            var expected: [String] = []
                            analyzer.documentTerms(
                                token: token, in: bytes, language: language, into: &expected)
                            var fast = TermBytes()
                            if analyzer.asciiDocumentTerms(
                                token: token, in: bytes, language: language, into: &fast)
                            {
                                handled += 1
                            } else {
                                #expect(fast.count == 0, "the fast path wrote, then declined")
                            }
                            var terms = TermBytes()
                            analyzer.documentTerms(
                                token: token, in: bytes, language: language, into: &terms)
                            let got = (0..<terms.count).map { terms.term($0) }
                            let word = String(
                                decoding: bytes[token.start..<token.end], as: UTF8.self)
                            #expect(got == expected, "\(word.debugDescription) \(language)")
                        }
                    }
                }
            }
        }
        // Most tokens are ASCII: the fast path must have taken many of them.
        #expect(handled > tokens)
    }

    /// Latin and Cyrillic letters below U+0530 (every Cyrillic one, its combining marks
    /// included; Latin-1, Turkish and Azerbaijani letters, ə and Ə), some IPA and Greek, ASCII
    /// letters (capital `I` included), digits, hyphens, apostrophes and one three-byte letter.
    static let twoByteAlphabet: [Unicode.Scalar] = {
        var values: [UInt32] = [0x20, 0x20, 0x20, 0x2D, 0x2D, 0x27, 0x49, 0x49, 0x2019, 0x1E9E]
        values += Array(0x400...0x52F).map(UInt32.init)
        values += Array(0x430...0x44F).map(UInt32.init) + Array(0x430...0x44F).map(UInt32.init)
        values += Array(0xC0...0xFF).map(UInt32.init)
        values += [0x131, 0x130, 0x15F, 0x15E, 0x11F, 0x11E, 0x259, 0x259, 0x259, 0x18F, 0x149]
        values += [0x250, 0x283, 0x2BC, 0x301, 0x308, 0x391, 0x3B1, 0x390, 0xB2, 0xAA]
        values += Array(0x61...0x7A).map(UInt32.init) + Array(0x41...0x5A).map(UInt32.init)
        values += Array(0x30...0x39).map(UInt32.init)
        return values.map { Unicode.Scalar($0)! }
    }()

    /// Words and endings the stemmers and keys act on (Russian, Turkish, Azerbaijani).
    static let twoByteMorphemes = [
        "ları", "ləri", "dır", "ində", "ov", "ами", "ого", "ение", "ция", "Азербайджан",
        "Столтенберг", "НАТО", "Əliyev", "Bakı", "şəhəri", "İstanbul", "ё", "дж", "ей", "ьев",
        "йо", "Алиев", "ская", "Türkiyə", "ə", "göstərir", "ещё", "Ильхам", "ых", "sı",
        "ının", "ğı", "Ğ", "лар", "ние", "ий", "Həmçinin", "əməkdaşlıq", "ЁЛКА", "kh",
    ]

    static func randomTwoByteWords(_ generator: inout SplitMix64, count: Int) -> String {
        var text = ""
        for _ in 0..<count {
            for _ in 0..<(1 + generator.next() % 3) {
                if generator.next() % 2 == 0 {
                    text +=
                        twoByteMorphemes[
                            Int(generator.next() % UInt64(twoByteMorphemes.count))]
                } else {
                    var scalars = String.UnicodeScalarView()
                    for _ in 0..<(1 + generator.next() % 5) {
                        scalars.append(
                            twoByteAlphabet[
                                Int(generator.next() % UInt64(twoByteAlphabet.count))])
                    }
                    text += String(scalars)
                }
            }
            text += " "
        }
        return text
    }

    @Test(arguments: 0..<8)
    func twoByteTermsAreTheStringPathsTerms(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 0x6A09_E667 &+ 11)
        var handled = 0
        var tokens = 0
        for options in [AnalysisOptions(), AnalysisOptions(azerbaijaniStemmer: .none)] {
            let analyzer = Analyzer(options: options)
            for _ in 0..<60 {
                let text = Self.randomTwoByteWords(&generator, count: 12)
                Array(text.utf8).withUnsafeBufferPointer { bytes in
                    for token in WordTokenizer.tokenize(utf8: bytes) {
                        tokens += 1
                        for language in Language.allCases {
                            var expected: [String] = []
                            analyzer.documentTerms(
                                token: token, in: bytes, language: language, into: &expected)
                            var fast = TermBytes()
                            let word = String(
                                decoding: bytes[token.start..<token.end], as: UTF8.self)
                            if analyzer.twoByteDocumentTerms(
                                token: token, in: bytes, language: language, into: &fast)
                            {
                                handled += 1
                                let got = (0..<fast.count).map { fast.term($0) }
                                #expect(
                                    got.map { Array($0.utf8) } == expected.map { Array($0.utf8) },
                                    "\(word.debugDescription) \(language)")
                            } else {
                                #expect(fast.count == 0, "the fast path wrote, then declined")
                            }
                            var terms = TermBytes()
                            analyzer.documentTerms(
                                token: token, in: bytes, language: language, into: &terms)
                            let got = (0..<terms.count).map { terms.term($0) }
                            #expect(got == expected, "\(word.debugDescription) \(language)")
                        }
                    }
                }
            }
        }
        // Most tokens are Latin or Cyrillic words: the byte path must have taken many of them.
        #expect(handled > 2 * tokens)
    }

    /// The romanisation and key on bytes are the `String` functions' on random Cyrillic text.
    @Test(arguments: 0..<4)
    func transliterationOnBytesIsTheStringFunctions(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed) &* 0x3C6E_F372 &+ 5)
        for _ in 0..<2_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<(generator.next() % 9) {
                scalars.append(
                    Self.twoByteAlphabetLower[
                        Int(generator.next() % UInt64(Self.twoByteAlphabetLower.count))])
            }
            let word = String(scalars)
            var latin = ""
            var key = ""
            Array(word.utf8).withUnsafeBufferPointer { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { space in
                    var writer = ByteWriter(space)
                    Transliteration.latin(fromCyrillicUTF8: bytes, into: &writer)
                    latin = String(decoding: writer.written, as: UTF8.self)
                }
            }
            Array(latin.utf8).withUnsafeBufferPointer { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { space in
                    var writer = ByteWriter(space)
                    Transliteration.key(utf8: bytes, into: &writer)
                    key = String(decoding: writer.written, as: UTF8.self)
                }
            }
            let expected = Transliteration.latin(fromCyrillic: word)
            #expect(Array(latin.utf8) == Array(expected.utf8), "\(word)")
            #expect(Array(key.utf8) == Array(Transliteration.key(expected).utf8), "\(word)")
        }
    }

    /// Lower-case Cyrillic (ё, й, дж, vowels, soft and hard signs), some Latin and a mark.
    static let twoByteAlphabetLower: [Unicode.Scalar] =
        (Array(0x430...0x45F) + Array(0x4D8...0x4E9) + [
            0x4AF, 0x4B1, 0x491, 0x45E, 0x301, 0x61, 0xE9,
        ])
        .map { Unicode.Scalar(UInt32($0))! }

    @Test func numbersOnBytes() {
        for number in ["2021", "120,000", "3.5", "3,5", "1.5.20", "1,000,000", "12,34", "7.000.1"] {
            var terms = TermBytes()
            Array(number.utf8).withUnsafeBufferPointer {
                Analyzer.appendNumberTerm($0, into: &terms)
            }
            #expect(terms.term(0) == Analyzer.numberTerm(number[...]), "\(number)")
        }
    }
}
