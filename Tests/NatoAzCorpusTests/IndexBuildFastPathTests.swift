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
