import NatoAzTestSupport
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// ``SnowballStemmer/stem(utf8:)`` takes libstemmer's one-byte builds of the English and
/// Russian algorithms (ISO-8859-1, KOI8-R) where they hold the word; the index's terms must be
/// what the UTF-8 builds give. The builds are one Snowball source compiled for two encodings:
/// these tests compare them word by word on every short word and on many words made of the
/// algorithms' own endings, which is where the algorithms branch.
@Suite struct StemmerEncodingTests {
    /// Stems `word` both ways and expects the same bytes.
    static func expectSameStem(
        _ word: String, _ fast: SnowballStemmer, _ reference: SnowballStemmer
    ) {
        let expected = reference.stem(word)
        var word = word
        let got = word.withUTF8 { bytes in
            fast.stem(utf8: bytes).map { Array($0) }
        }
        #expect(got == Array(expected.utf8), "\(word.debugDescription)")
    }

    /// Every ASCII word of up to 3 letters and apostrophes, then words of English endings.
    @Test(.hangGuard) func englishASCIIWordsStemAsInUTF8() throws {
        let fast = try #require(SnowballStemmer(.english))
        let reference = try #require(SnowballStemmer(.english, oneByteBuilds: false))
        let letters = Array("abcdefghijklmnopqrstuvwxyz'").map(String.init)
        var short = letters
        for first in letters {
            for second in letters {
                short.append(first + second)
                for third in letters { short.append(first + second + third) }
            }
        }
        for word in short { Self.expectSameStem(word, fast, reference) }
        let endings = [
            "s", "es", "ies", "ied", "ed", "eed", "eedly", "ing", "ingly", "ly", "ational",
            "tional", "enci", "anci", "izer", "abli", "alli", "entli", "eli", "ousli",
            "ization", "ation", "ator", "alism", "aliti", "iviti", "biliti", "ful", "ness",
            "ic", "ical", "ative", "alize", "icate", "iciti", "al", "ance", "ence", "er",
            "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive",
            "ize", "ion", "e", "ll", "y", "'s", "'", "s'", "gener", "commun", "arsen", "ski",
            "news", "howe", "atlas", "cosmos", "bias", "andes", "sky", "dying", "lying", "tying",
            "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
            "at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt", "ogi", "li",
            "Y", "y", "1", "ba", "co", "ha", "me", "pu", "sti", "ru", "ca", "to",
        ]
        var generator = SplitMix64(seed: 19)
        for _ in 0..<60_000 {
            var word = ""
            for _ in 0..<(1 + generator.next() % 4) {
                if generator.next() % 3 == 0 {
                    word += letters[Int(generator.next() % 26)]
                } else {
                    word += endings[Int(generator.next() % UInt64(endings.count))]
                }
            }
            Self.expectSameStem(word, fast, reference)
        }
    }

    /// Every Russian word of up to 2 letters, then words of Russian endings, with ASCII
    /// letters and digits among them; and words KOI8-R does not hold (Ukrainian and capital
    /// letters), which take the UTF-8 build.
    @Test(.hangGuard) func russianWordsStemAsInUTF8() throws {
        let fast = try #require(SnowballStemmer(.russian))
        let reference = try #require(SnowballStemmer(.russian, oneByteBuilds: false))
        let letters = Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюя").map(String.init)
        var short = letters
        for first in letters {
            for second in letters { short.append(first + second) }
        }
        for word in short { Self.expectSameStem(word, fast, reference) }
        let endings = [
            "в", "вши", "вшись", "ивши", "ившись", "ывши", "ывшись", "ее", "ие", "ые", "ое",
            "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого", "ему",
            "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею", "нн", "вш", "ющ", "щ", "ивш",
            "ывш", "ующ", "ся", "сь", "ла", "на", "ете", "йте", "ли", "й", "л", "н", "ло", "но",
            "ет", "ют", "ны", "ть", "ешь", "нно", "ила", "ыла", "ена", "ейте", "уйте", "ите",
            "или", "ыли", "уй", "ил", "ыл", "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит",
            "ыт", "ены", "ить", "ыть", "ишь", "ю", "а", "ев", "ов", "ье", "е", "иями", "ями",
            "ами", "еи", "ии", "и", "ией", "иям", "ям", "ием", "ам", "о", "у", "ах", "иях", "ях",
            "ы", "ь", "ию", "ью", "ия", "ья", "я", "ейш", "ейше", "ост", "ость", "ё", "ённ",
            "стол", "азербайджан", "нат", "встреч", "генеральн", "a", "nato", "1", "2021",
        ]
        var generator = SplitMix64(seed: 23)
        for _ in 0..<60_000 {
            var word = ""
            for _ in 0..<(1 + generator.next() % 4) {
                if generator.next() % 3 == 0 {
                    word += letters[Int(generator.next() % UInt64(letters.count))]
                } else {
                    word += endings[Int(generator.next() % UInt64(endings.count))]
                }
            }
            Self.expectSameStem(word, fast, reference)
        }
        for word in ["україна", "їхній", "євро", "ґанок", "Москва", "столЫ", "ў", "ѣ"] {
            Self.expectSameStem(word, fast, reference)
        }
    }
}
