import NatoAzTestSupport
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// ``SnowballStemmer/stem(utf8:)`` on words the one-byte builds must pass to the UTF-8 build
/// or convert exactly (session 19's QA): Russian words with Ukrainian, Belarusian and old
/// letters, capitals, the neighbours of а-я and ё in UTF-8, combining marks, soft hyphens,
/// Latin homoglyphs, digits, apostrophes, non-BMP scalars; ASCII words of every printable
/// byte; and words long enough to grow the KOI8-R scratch space. Each must stem as the UTF-8
/// build stems it.
@Suite struct StemmerHostileWordTests {
    /// Random words of 1 to `maxScalars` scalars drawn from `alphabet`.
    static func words(
        _ alphabet: [Unicode.Scalar], seed: UInt64, count: Int, maxScalars: Int
    ) -> [String] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let length = 1 + Int(generator.next() % UInt64(maxScalars))
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length {
                scalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
            }
            return String(scalars)
        }
    }

    static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    /// Mostly Russian letters (so the algorithm's branches are reached), with every
    /// Cyrillic scalar of U+0400...U+045F and the hostile ones among them.
    static let russianAlphabet: [Unicode.Scalar] = {
        let russian = scalars("абвгдежзийклмнопрстуфхцчшщъыьэюяё")
        let cyrillic = (0x400...0x45F).map { Unicode.Scalar($0)! }
        let hostile = scalars("іїєґўѣѳѵІЇЄҐЎЁaeopcxy019'-’\u{301}\u{308}\u{AD}\u{200D}😀𠀀é")
        return Array(repeating: russian, count: 6).flatMap { $0 } + cyrillic + hostile
    }()

    @Test(.hangGuard) func russianHostileWordsStemAsInUTF8() throws {
        let fast = try #require(SnowballStemmer(.russian))
        let reference = try #require(SnowballStemmer(.russian, oneByteBuilds: false))
        let russian = Self.scalars("абвгдежзийклмнопрстуфхцчшщъыьэюяё")
        for word in Self.words(Self.russianAlphabet, seed: 41, count: 40_000, maxScalars: 16) {
            StemmerEncodingTests.expectSameStem(word, fast, reference)
        }
        // Long words: past the 256 bytes the scratch space starts with, and past libstemmer's
        // buffer growth steps.
        for word in Self.words(russian, seed: 43, count: 300, maxScalars: 400) {
            StemmerEncodingTests.expectSameStem(word, fast, reference)
        }
        for word in Self.words(Self.russianAlphabet, seed: 47, count: 300, maxScalars: 400) {
            StemmerEncodingTests.expectSameStem(word, fast, reference)
        }
        // After a long word, short ones again (the grown scratch space is reused).
        for word in ["я", "ё", "ёё", "ь", "ъ", "бь", "кот", "котёнок", "ёлками"] {
            StemmerEncodingTests.expectSameStem(word, fast, reference)
        }
    }

    @Test(.hangGuard) func englishHostileWordsStemAsInUTF8() throws {
        let fast = try #require(SnowballStemmer(.english))
        let reference = try #require(SnowballStemmer(.english, oneByteBuilds: false))
        let printable = (0x20...0x7E).map { Unicode.Scalar($0)! }
        let letters = Self.scalars("abcdefghijklmnopqrstuvwxyz")
        let alphabet =
            Array(repeating: letters, count: 4).flatMap { $0 } + printable
            + Self.scalars("éÿß\u{301}\u{AD}’ıİаео😀")
        for word in Self.words(alphabet, seed: 53, count: 40_000, maxScalars: 14) {
            StemmerEncodingTests.expectSameStem(word, fast, reference)
        }
        for word in Self.words(letters + Self.scalars("'y"), seed: 59, count: 300, maxScalars: 300)
        {
            StemmerEncodingTests.expectSameStem(word, fast, reference)
        }
    }
}
