import NatoAzTestSupport
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The parser's faster paths (session 9) give exactly what the slower code they replaced
/// gave: folding, prefix lists grouped by first character, language detection, the body
/// built in one pass, and bodies compressed after the dictionary is trained.
@Suite struct ParserFastPathTests {
    /// Scalars the heuristics meet: ASCII, Latin-1, the Turkish and Azerbaijani letters,
    /// Cyrillic (with Ѐ...Џ), combining marks (dot above, acute, cedilla, diaeresis),
    /// ß, final sigma, a CJK letter, spaces, digits and punctuation.
    static let alphabet: [Unicode.Scalar] = {
        var scalars: [Unicode.Scalar] = []
        for value in [0x20, 0x2D, 0x2E, 0x3A, 0x28, 0x29, 0x30, 0x39, 0xA9] {
            scalars.append(Unicode.Scalar(UInt32(value))!)
        }
        for value in 0x41...0x5A { scalars.append(Unicode.Scalar(UInt32(value))!) }
        for value in 0x61...0x7A { scalars.append(Unicode.Scalar(UInt32(value))!) }
        for value in [
            0xC0, 0xC7, 0xD6, 0xDC, 0xDF, 0xE7, 0xF6, 0xFC, 0x11E, 0x11F, 0x130, 0x131, 0x15E,
            0x15F, 0x18F, 0x259, 0x3C2, 0x3A3, 0x400, 0x401, 0x40F, 0x410, 0x418, 0x419, 0x42F,
            0x430, 0x438, 0x439, 0x43F, 0x44F, 0x451, 0x307, 0x301, 0x327, 0x308, 0x4E2D, 0xD7,
            0xF7,
        ] {
            scalars.append(Unicode.Scalar(UInt32(value))!)
        }
        return scalars
    }()

    static func randomText(_ generator: inout SplitMix64, length: Int) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<length {
            text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
        }
        return String(text)
    }

    /// The folding before session 9, appending scalar by scalar: the reference.
    static func referenceFold(_ text: Substring) -> String {
        var folded = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE, 0x410...0x42F:
                folded.append(Unicode.Scalar(value + 0x20)!)
            case 0x61...0x7A, 0x20...0x40, 0xDF...0xFF, 0x430...0x45F:
                folded.append(scalar)
            case 0x400...0x40F:
                folded.append(Unicode.Scalar(value + 0x50)!)
            case 0x131, 0x130:
                folded.append("i")
            case 0x307:
                continue
            default:
                for lower in String(scalar).lowercased().unicodeScalars where lower.value != 0x307 {
                    folded.append(lower)
                }
            }
        }
        return String(folded)
    }

    @Test func foldingMatchesTheScalarByScalarFolding() {
        var generator = SplitMix64(seed: 9)
        for length in 0..<40 {
            for _ in 0..<50 {
                let text = Self.randomText(&generator, length: length)
                let folded = foldForMatching(Substring(text))
                let reference = Self.referenceFold(Substring(text))
                #expect(Array(folded.unicodeScalars) == Array(reference.unicodeScalars), "\(text)")
            }
        }
    }

    /// The byte-wise folding of one- and two-byte scalars (session 17) gives the reference's
    /// folding: every scalar below U+0800 alone and between letters (`İ`, U+0307 and the
    /// scalars whose lowercase differs included), random text of those scalars, and text with
    /// a three- or four-byte scalar, which takes the scalar-by-scalar way. The folded
    /// string's ASCII flag is the one the standard library gives the same bytes.
    @Test func bytewiseFoldingMatchesTheReference() {
        func check(_ text: String) {
            let folded = foldForMatching(Substring(text))
            let reference = Self.referenceFold(Substring(text))
            #expect(
                Array(folded.utf8) == Array(reference.utf8), "\(text.unicodeScalars.map(\.value))")
            #expect(folded == reference)
            #expect(folded.utf8Span.isKnownASCII == reference.utf8Span.isKnownASCII)
        }
        for value in 0..<0x800 {
            let scalar = String(Unicode.Scalar(UInt32(value))!)
            check(scalar)
            check("Ab" + scalar + "Cd")
        }
        var generator = SplitMix64(seed: 17)
        let wide: [Unicode.Scalar] = ["\u{4E2D}", "\u{2014}", "\u{1F600}", "\u{FEFF}"]
        for round in 0..<3_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 48) {
                let value: UInt32
                switch generator.next() % 4 {
                case 0: value = UInt32(generator.next() % 0x80)
                case 1: value = UInt32(0x80 + generator.next() % 0x780)
                default:
                    let pick = Int(generator.next() % UInt64(Self.alphabet.count))
                    value = Self.alphabet[pick].value
                }
                text.append(Unicode.Scalar(value)!)
            }
            if round % 10 == 0 { text.append(wide[Int(generator.next() % 4)]) }
            check(String(text))
        }
    }

    /// Prefix lists in the shapes the heuristics use, with precomposed and decomposed forms.
    static let prefixes = [
        "şubat", "s\u{327}ubat", "mart", "may", "mayis", "ağustos", "eylül", "eylu\u{308}l",
        "yanvar", "iyun", "ocak", "source:", "заголовок:", "место:", "mənbə:", "ən son", "©",
        "(c) ", "й", "и\u{306}", "s", "é", "e\u{301}",
    ]

    @Test func groupedPrefixesFindTheFirstPrefixInOrder() {
        let grouped = PrefixesByFirstCharacter(
            Self.prefixes.enumerated().map { (prefix: $1, value: $0) })
        var generator = SplitMix64(seed: 10)
        var texts = Self.prefixes.flatMap {
            [$0, $0 + "da", $0 + "\u{301}x", String($0.dropLast())]
        }
        for length in 0..<12 {
            for _ in 0..<200 { texts.append(Self.randomText(&generator, length: length)) }
        }
        for text in texts {
            let linear = Self.prefixes.enumerated().first { text.hasPrefix($0.element) }?.offset
            #expect(
                grouped.firstMatch(in: text)?.value == linear, "\(text.unicodeScalars.map(\.value))"
            )
        }
    }

    /// The language detector before session 9 (Double scores, optional slots): the reference.
    static func referenceLanguage(_ texts: [Substring]) -> Language {
        let tally = referenceTally(texts)
        if tally.cyrillic > 0 && tally.cyrillic > tally.latin + tally.other {
            return referenceCyrillicLanguage(texts)
        }
        guard tally.latin > 0 else { return .unknown }
        let ranked: [(Language, Int)] = [
            (.english, tally.english), (.azerbaijani, tally.azerbaijani),
            (.turkish, tally.turkish),
        ]
        guard let (language, score) = ranked.max(by: { $0.1 < $1.1 }), score >= 6 else {
            return .unknown
        }
        return language
    }

    /// ``CyrillicLanguage`` from decoded scalars: the letters of U+0400-U+04FF in the first
    /// 2 KiB, by kind (Russian's alphabet, Ukrainian's and Kazakh's own letters, any other).
    static func referenceCyrillicLanguage(_ texts: [Substring]) -> Language {
        let counts = referenceCyrillicCounts(texts)
        func decides(_ count: Int) -> Bool { count >= 3 && count * 50 >= counts.letters }
        if decides(counts.other) { return .unknown }
        if decides(counts.kazakh) { return .kazakh }
        if decides(counts.ukrainian) { return .ukrainian }
        return .russian
    }

    /// The counts ``referenceCyrillicLanguage(_:)`` decides from.
    static func referenceCyrillicCounts(_ texts: [Substring]) -> CyrillicLanguage.Counts {
        var budget = 2 << 10
        var counts = CyrillicLanguage.Counts()
        for text in texts where budget > 0 {
            let take = min(budget, text.utf8.count)
            budget -= take
            let sample = String(decoding: Array(text.utf8.prefix(take)), as: UTF8.self)
            for scalar in sample.unicodeScalars {
                guard (0x400...0x4FF).contains(scalar.value),
                    !(0x483...0x489).contains(scalar.value)
                else { continue }
                counts.letters += 1
                if "ЄІЇєіїҐґ".unicodeScalars.contains(scalar) {
                    counts.ukrainian += 1
                } else if "ҒғҚқҢңҮүҰұҺһӘәӨө".unicodeScalars.contains(scalar) {
                    counts.kazakh += 1
                } else if !(0x410...0x44F).contains(scalar.value), scalar != "Ё", scalar != "ё" {
                    counts.other += 1
                }
            }
        }
        return counts
    }

    /// ``CyrillicLanguage``'s counts from a table of each letter's increments (session 17)
    /// are the reference's: every scalar of U+0400-U+04FF alone and between other letters,
    /// and random texts of Cyrillic, Latin and other scalars, cut by the 2 KiB budget at
    /// every offset (inside a letter too).
    @Test func cyrillicCountsMatchTheReference() {
        for value in 0x400...0x4FF {
            let scalar = String(Unicode.Scalar(UInt32(value))!)
            for text in [scalar, "a" + scalar + "б", scalar + scalar + " " + scalar] {
                #expect(
                    CyrillicLanguage.counts([Substring(text)])
                        == Self.referenceCyrillicCounts([Substring(text)]), "\(value)")
            }
        }
        var generator = SplitMix64(seed: 18)
        let pieces = [
            "Москва", "Київ", "Қазақстан", "ј", "Ў", "ӂ", "\u{483}", "\u{489}", "Ѐ", "ё", "Ё",
            "ə", "x", " ", ", ", "中", "😀", "Ա", "Ο", "12",
        ]
        for round in 0..<600 {
            var first = ""
            let firstLength = round < 300 ? round % 60 : Int(generator.next() % 2_100)
            while first.utf8.count < firstLength { first += "x" }
            var second = ""
            while second.utf8.count < 2_200 {
                second += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            let texts = [Substring(first), Substring(second)]
            #expect(
                CyrillicLanguage.counts(texts) == Self.referenceCyrillicCounts(texts),
                "\(round)")
        }
    }

    /// The reference detector's letter counts and scores (in half points, as the detector
    /// keeps them).
    static func referenceTally(_ texts: [Substring]) -> LanguageDetector.Tally {
        let words: [(String, Int)] =
            [
                "the", "and", "of", "to", "in", "is", "was", "that", "for", "with", "on", "as",
                "by", "has", "have", "are", "were", "from", "its", "this", "which", "at", "be",
                "been", "will", "said", "also",
            ].map { ($0, 1) }
            + [
                "ve", "ile", "için", "bir", "olarak", "göre", "çok", "ise", "gibi", "kadar",
                "değil", "ancak", "ayrıca", "olan", "bu", "da", "de", "en", "daha", "sonra", "oldu",
                "etti", "dedi", "yapılan", "ettiği", "tarafından",
            ].map { ($0, 2) }
            + [
                "və", "ilə", "üçün", "bir", "olaraq", "görə", "çox", "isə", "kimi", "qədər",
                "deyil",
                "lakin", "həmçinin", "olan", "bu", "da", "də", "ən", "daha", "sonra", "oldu",
                "etdi", "dedi", "tərəfindən", "qeyd", "edib", "edilib", "olunub",
            ].map { ($0, 4) }
        var table: [[UInt8]: Int] = [:]
        for (word, bit) in words { table[Array(word.utf8), default: 0] |= bit }
        var latin = 0
        var cyrillic = 0
        var other = 0
        var (english, turkish, azerbaijani) = (0.0, 0.0, 0.0)
        var budget = 4 << 10
        for text in texts where budget > 0 {
            let take = min(budget, text.utf8.count)
            budget -= take
            let bytes = Array(text.utf8.prefix(take))
            var key: [UInt8] = []
            var keyValid = true
            var inWord = false
            var schwa = false
            var turkic = false
            var index = 0
            while index <= bytes.count {
                var letter = false
                var width = 1
                if index < bytes.count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        let lower = byte | 0x20
                        if lower >= 0x61 && lower <= 0x7A {
                            letter = true
                            latin += 1
                            key.append(lower)
                        }
                    } else if byte >= 0xC3 && byte <= 0xCA && index + 1 < bytes.count {
                        let next = bytes[index + 1]
                        width = 2
                        if !(byte == 0xC3 && (next == 0x97 || next == 0xB7)) {
                            letter = true
                            latin += 1
                            var (first, second) = (byte, next)
                            switch (byte, next) {
                            case (0xC9, 0x99), (0xC6, 0x8F):
                                schwa = true
                                (first, second) = (0xC9, 0x99)
                            case (0xC4, 0xB1), (0xC4, 0x9F), (0xC5, 0x9F): turkic = true
                            case (0xC4, 0x9E), (0xC5, 0x9E):
                                turkic = true
                                second += 1
                            case (0xC4, 0xB0):
                                turkic = true
                                (first, second) = (0, 0x69)
                            case (0xC3, 0x80...0x9E): second += 0x20
                            default: break
                            }
                            if first != 0 { key.append(first) }
                            key.append(second)
                        }
                    } else if byte >= 0xD0 && byte <= 0xD4
                        && (byte < 0xD4 || (index + 1 < bytes.count && bytes[index + 1] < 0xB0))
                    {
                        letter = true
                        width = 2
                        cyrillic += 1
                        keyValid = false
                    } else if byte >= 0xE0 {
                        width = byte >= 0xF0 ? 4 : 3
                        if byte < 0xEE && byte != 0xE2
                            && !(byte == 0xE3 && index + 1 < bytes.count
                                && bytes[index + 1] == 0x80)
                        {
                            other += 1
                        }
                    } else {
                        width = 2
                        if byte == 0xCE || byte == 0xCF || byte >= 0xD4
                            || (byte == 0xCD && index + 1 < bytes.count && bytes[index + 1] >= 0xB0)
                        {
                            other += 1
                        }
                    }
                }
                if letter {
                    inWord = true
                } else if inWord {
                    if keyValid && key.count <= 16, let bits = table[key] {
                        if bits & 1 != 0 { english += 1 }
                        if bits & 2 != 0 { turkish += 1 }
                        if bits & 4 != 0 { azerbaijani += 1 }
                    }
                    if schwa { azerbaijani += 1 }
                    if turkic && !schwa { turkish += 0.5 }
                    key = []
                    keyValid = true
                    inWord = false
                    schwa = false
                    turkic = false
                } else {
                    keyValid = true
                }
                index += width
            }
        }
        var tally = LanguageDetector.Tally()
        tally.latin = latin
        tally.cyrillic = cyrillic
        tally.other = other
        tally.english = Int(english * 2)
        tally.turkish = Int(turkish * 2)
        tally.azerbaijani = Int(azerbaijani * 2)
        return tally
    }

    @Test func languageDetectionMatchesTheReference() {
        var generator = SplitMix64(seed: 11)
        let words = [
            "the", "and", "of", "ve", "ile", "için", "və", "ilə", "üçün", "bir", "bu", "da",
            "NATO", "Bakı", "İstanbul", "ŞUBAT", "Ağdam", "ə", "Ə", "×", "÷", "Москва", "и",
            "tərəfindən", "tarafından", "averyveryverylongwordthatisnotafunctionword", "x",
            "中", "ı", "ğ", "ş", "12", "-", "\u{301}", "Ü", "é", "Ա", "Ո", "Ο", "ΝΑΤΟ", "ა",
            "。", "—", "\u{FEFF}", "😀", "Ԥ", "ӂ", "Київ", "Ґ", "є", "Қазақстан", "Ә", "ұ",
            "ј", "Ў", "\u{483}",
        ]
        for round in 0..<600 {
            var texts: [Substring] = []
            for _ in 0..<(1 + round % 4) {
                var text = ""
                for _ in 0..<Int(generator.next() % 400) {
                    text += words[Int(generator.next() % UInt64(words.count))]
                    text += generator.next() % 3 == 0 ? "" : " "
                }
                texts.append(Substring(text))
            }
            #expect(LanguageDetector.detect(texts) == Self.referenceLanguage(texts), "\(texts)")
        }
    }

    /// The detector's word keys (read 8 bytes at a time for short ASCII words, byte by byte
    /// otherwise) give the reference's counts and scores, not only its verdict: words of 1 to
    /// 17 letters, ASCII runs continued by two-byte letters and the reverse, words cut by the
    /// end of a text or of the 4 KiB budget, and every function word in any case.
    @Test func languageScoresMatchTheReference() {
        var generator = SplitMix64(seed: 12)
        let words = [
            "the", "THE", "The", "and", "of", "said", "which", "ve", "ile", "için", "İÇİN",
            "və", "ilə", "üçün", "ÜÇÜN", "olaraq", "olarak", "tarafından", "TARAFINDAN",
            "tərəfindən", "həmçinin", "HƏMÇİNİN", "yapılan", "ettiği", "değil", "ayrıca",
            "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop",
            "abcdefghijklmnopq", "ç", "ə", "Ə", "ı", "ğ", "Ş", "İ", "×", "Москва", "Ա", "中",
            "12", "-", ".", "\n", "\u{301}", "😀", "Ο", "ӂ", "Ԥ", "Ѐ", "Ӿя",
        ]
        for round in 0..<1_500 {
            var texts: [Substring] = []
            for _ in 0..<(1 + round % 3) {
                var text = ""
                let length = round % 5 == 0 ? 2_000 : Int(generator.next() % 40)
                for _ in 0..<length {
                    text += words[Int(generator.next() % UInt64(words.count))]
                    text += generator.next() % 3 == 0 ? "" : " "
                }
                texts.append(Substring(text))
            }
            #expect(LanguageDetector.tally(texts) == Self.referenceTally(texts), "\(texts)")
        }
    }

    /// The walk of session 14 (a word scored when it ends, its key read in 8-byte loads
    /// unless it has a non-ASCII capital, runs of ASCII and of Cyrillic letters in loops of
    /// their own) gives the reference's counts and scores: function words in every case
    /// (`İLƏ`, `ÜÇÜN`, `Tarafından`), words mixing scripts (`əд`, `aя`, `Ə×b`), words of 7-17
    /// bytes, and every cut: the first text's length moves where the 4 KiB budget cuts the
    /// second (inside a two-byte letter, a Cyrillic run, a word near the buffer's end).
    @Test func languageWalkMatchesTheReferenceAtEveryCut() {
        var generator = SplitMix64(seed: 15)
        let words = [
            "the", "The", "THE", "of", "which", "also", "ve", "İLE", "için", "İÇİN", "ÜÇÜN",
            "üçün", "ilə", "İLƏ", "Ilə", "və", "VƏ", "ən", "Ən", "də", "Tarafından", "TƏRƏFİNDƏN",
            "tərəfindən", "həmçinin", "ayrıca", "AYRICA", "ettiği", "ETTİĞİ", "değil", "DEĞİL",
            "Şəki", "Ağdam", "ÀÉÎ", "Þór", "ölkə", "abcdefgh", "abcdefghi", "abcdefghijklmnop",
            "abcdefghijklmnopq", "xəbərlər", "əd", "aя", "яa", "Москва", "Ԥ", "Ӿя", "ə×b", "a÷",
            "Ο", "中", "😀", "\u{301}", "12", " ", "  ", ", ", ".", "\n", "-",
        ]
        for round in 0..<400 {
            var second = ""
            while second.utf8.count < 4_200 {
                second += words[Int(generator.next() % UInt64(words.count))]
                if generator.next() % 4 != 0 { second += " " }
            }
            // Budgets left for the second text from 4,096 down: every cut in the first 40
            // bytes of a round's text, then spread.
            let firstLength = round < 200 ? round % 40 : Int(generator.next() % 4_000)
            var first = ""
            while first.utf8.count < firstLength { first += "x" }
            let texts = [Substring(first), Substring(second)]
            #expect(LanguageDetector.tally(texts) == Self.referenceTally(texts), "\(texts)")
            let alone = [Substring(second.prefix(Int(generator.next() % 300)))]
            #expect(LanguageDetector.tally(alone) == Self.referenceTally(alone), "\(alone)")
        }
    }

    /// The year filter that passes over eight bytes at once when they hold no ASCII digit
    /// and no lead byte of an Arabic-Indic, Persian or fullwidth digit finds a year where a
    /// byte-by-byte walk does: digits at every offset from an 8-byte boundary, runs broken by
    /// a letter, the bytes around the digits, and years in the other digits.
    @Test func yearFilterMatchesTheByteWalk() {
        func isYearStart(_ first: Int, _ second: Int) -> Bool {
            (first == 1 && second >= 8) || (first == 2 && second <= 1)
        }
        func reference(_ text: String) -> Bool {
            var run = 0
            var first = 0
            var second = 0
            for byte in text.utf8 {
                guard byte >= 0x30 && byte <= 0x39 else {
                    run = 0
                    continue
                }
                run += 1
                if run == 1 {
                    first = Int(byte) - 0x30
                } else if run == 2 {
                    second = Int(byte) - 0x30
                }
                if run == 4 && isYearStart(first, second) { return true }
            }
            run = 0
            for scalar in text.unicodeScalars {
                guard let digit = ScalarClass.otherDigitValue(scalar) else {
                    run = 0
                    continue
                }
                run += 1
                if run == 1 { first = digit } else if run == 2 { second = digit }
                if run == 4 && isYearStart(first, second) { return true }
            }
            return false
        }
        var generator = SplitMix64(seed: 13)
        let pieces = [
            "0", "1", "2", "8", "9", "/", ":", "a", "я", " ", "19", "20", "21", "22", "17",
            "2021", "1994", "199", "x1", "abcdefgh", "\u{301}", "٢٠٢١", "۱۹۹۴", "２０２１", "٢",
            "۲۰", "２", "ب", "中", "\u{FEFF}", "ə",
        ]
        var found = 0
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 30) {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            let expected = reference(text)
            if expected { found += 1 }
            #expect(ArticleParser.containsYear(Substring(text)) == expected, "\(text)")
        }
        #expect(found > 500)
    }

    /// The byte test before a byline's dash is searched for by characters: wherever the
    /// search finds ` - `, ` – ` or ` — `, the test says it may be there (combining marks
    /// next to the dash and the spaces included, which make the characters differ).
    /// The year evidence with the day filter (``ArticleParser/mayHoldDay(_:_:)``) against
    /// every text with a year searched: random texts of dates in every form the scanner reads
    /// (days with and without a leading zero, ranges, ordinals, Arabic-Indic, Persian and
    /// fullwidth digits, East Asian units), years, other numbers and words, for every day.
    @Test func dayFilterKeepsEveryYearEvidence() {
        var generator = SplitMix64(seed: 16)
        let months = ["December", "June", "декабря", "oktyabr", "Eylül", "May", "may", "Dec."]
        let years = ["2021", "1999", "2024", "2114", "٢٠٢١", "۲۰۲۱", "２０２１"]
        func day() -> String {
            let value = Int(generator.next() % 33)
            switch generator.next() % 6 {
            case 0: return String(format: "%02d", value)
            case 1: return "\(value)th"
            case 2:
                return String(
                    String(value).map { digit in
                        Character(Unicode.Scalar(0x660 + UInt32(digit.wholeNumberValue!))!)
                    })
            case 3:
                return String(
                    String(value).map { digit in
                        Character(Unicode.Scalar(0xFF10 + UInt32(digit.wholeNumberValue!))!)
                    })
            default: return String(value)
            }
        }
        func pick(_ options: [String]) -> String {
            options[Int(generator.next() % UInt64(options.count))]
        }
        func piece() -> String {
            switch generator.next() % 12 {
            case 0: return "\(day()) \(pick(months)) \(pick(years))"
            case 1: return "\(pick(months)) \(day()), \(pick(years))"
            case 2: return "\(pick(years))-\(day())-\(day())"
            case 3: return "\(day()).\(day()).\(pick(years))"
            case 4: return "\(day())/\(day())/\(pick(years))"
            case 5: return "\(day())-\(day()) \(pick(months)) \(pick(years))"
            case 6: return "\(pick(years))年\(day())月\(day())日"
            case 7: return "\(pick(years))년 \(day())월 \(day())일"
            case 8: return pick(years)
            case 9: return String(generator.next() % 100_000)
            case 10: return pick(["the summit", "NATO", "Bakı", "в Москве", ",", "."])
            default: return day()
            }
        }
        var searched = 0
        var found = 0
        for _ in 0..<2_000 {
            let texts = (0..<(1 + generator.next() % 4)).map { _ in
                Substring(
                    (0..<(1 + generator.next() % 8)).map { _ in piece() }.joined(
                        separator: " "))
            }
            let month = 1 + Int(generator.next() % 12)
            for day in 1...31 {
                let fast = ArticleParser.yearEvidence(month: month, day: day, in: texts)
                let reference = ArticleParser.yearEvidence(
                    month: month, day: day, in: texts, prefiltering: false)
                #expect(fast?.date == reference?.date && fast?.text == reference?.text)
                searched += 1
                if reference != nil { found += 1 }
            }
        }
        // The texts hold evidence often enough for the comparison to mean something.
        #expect(searched == 62_000 && found > 400)
    }

    @Test func spacedDashTestLetsEveryMatchThrough() {
        var generator = SplitMix64(seed: 14)
        let pieces = [
            " ", "-", "\u{2013}", "\u{2014}", "\u{301}", "a", "Trend", ":", "\u{2012}", " - ",
            " \u{2013} ", " \u{2014} ",
        ]
        var matched = 0
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 12) {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            let line = Substring(text)
            let found = [" - ", " \u{2013} ", " \u{2014} "].contains {
                line.firstRange(of: $0) != nil
            }
            if found {
                matched += 1
                #expect(Byline.mayHoldSpacedDash(line), "\(text.unicodeScalars.map(\.value))")
            }
        }
        #expect(matched > 300)
    }

    /// A body built in one pass (``ArticleParser``) is the same document as one given its
    /// paragraphs (`Document.init(paragraphs:)`): text, paragraphs and ends.
    /// The body joined as bytes (one array, the string made of it once, the plain body kept
    /// as that array) against the lines appended to a string: the same documents, texts,
    /// characters and scalars, for random articles of ASCII, Azerbaijani, Cyrillic, combining
    /// marks at a line's ends, emoji, bullets, sentence ends and hard wraps, each kept plain
    /// and compressed.
    @Test func bodyJoinedAsBytesIsTheAppendedBody() {
        var generator = SplitMix64(seed: 1616)
        let pieces = [
            "NATO and Azerbaijan", "Baku, December 14, AZERTAC", "Date: 2021-12-14 The talks",
            "the talks went on", "The summit opened.", "- a bullet", "• another bullet",
            "Azərbaycan Respublikasının Prezidenti İlham Əliyev", "bildirib ki,",
            "В Баку состоялась встреча.", "и продолжилась", "e\u{301}", "\u{301}accent first",
            "ends in a mark e\u{308}", "🇦🇿 flag", "emoji 👩‍👩‍👧 family.", "ASCII only",
            "\u{00A0}no-break space\u{00A0}", "tab\tinside", "Ende.", "中文。", "x",
        ]
        var texts: [String] = []
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(1 + generator.next() % 9) {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
                text += generator.next() % 3 == 0 ? "\n\n" : "\n"
            }
            texts.append(text)
        }
        var compared = 0
        for text in texts {
            for storage in [ArticleParser.BodyStorage.plain, .compressed(nil)] {
                let bytes = ArticleParser.parse(id: "a", text: text, body: storage)
                let appended = ArticleParser.parse(
                    id: "a", text: text, body: storage, joiningBytes: false)
                guard case .document(let fast) = bytes, case .document(let slow) = appended
                else {
                    if case .document = bytes { Issue.record("only one parsed: \(text)") }
                    if case .document = appended { Issue.record("only one parsed: \(text)") }
                    continue
                }
                compared += 1
                let (fastText, slowText) = (fast.text, slow.text)
                #expect(fast == slow, "\(text)")
                #expect(fastText == slowText && fastText.count == slowText.count, "\(text)")
                #expect(fastText.unicodeScalars.elementsEqual(slowText.unicodeScalars))
                #expect(fast.paragraphs == slow.paragraphs && fast.lang == slow.lang)
                #expect(fast.textByteCount == slow.textByteCount)
            }
        }
        #expect(compared > 5_000)
        // The string the heuristics read, with the ASCII flag the appended one has.
        for text in texts {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let cut = lines.enumerated().compactMap { number, line in
                line.isEmpty
                    ? nil
                    : ArticleParser.Line(
                        text: line, blankBefore: number == 0 || lines[number - 1].isEmpty)
            }
            let lead = cut.first.map(\.text)
            let fast = ArticleParser.Body(lead: lead, lines: cut.dropFirst())
            let slow = ArticleParser.Body(lead: lead, lines: cut.dropFirst(), joiningBytes: false)
            #expect(fast.text == slow.text && fast.ends == slow.ends, "\(text)")
            #expect(fast.text.utf8Span.isKnownASCII == slow.text.utf8Span.isKnownASCII)
            #expect(fast.utf8 == Array(slow.text.utf8) && slow.utf8 == nil)
        }
    }

    @Test func bodyBuiltInOnePassEqualsTheJoinedParagraphs() throws {
        let text = """
            NATO and Azerbaijan
            Baku, December 14, AZERTAC

            The first line of a paragraph
            is wrapped here. A new sentence
            ends the line.
            - a bullet
            - another bullet

            Last paragraph.
            """
        guard case .document(let parsed) = ArticleParser.parse(id: "a", text: text) else {
            Issue.record("the article did not parse")
            return
        }
        let rebuilt = Document(
            id: "a", title: parsed.title, date: parsed.date, dateText: parsed.dateText,
            dateInferred: parsed.dateInferred, dateEvidence: parsed.dateEvidence,
            lang: parsed.lang, source: parsed.source, author: parsed.author, place: parsed.place,
            paragraphs: parsed.paragraphs, trailer: parsed.trailer,
            headerLines: parsed.headerLines)
        #expect(parsed == rebuilt)
        #expect(parsed.text == rebuilt.text)
        #expect(
            parsed.paragraphs == [
                "The first line of a paragraph is wrapped here. A new sentence ends the line.",
                "- a bullet", "- another bullet", "Last paragraph.",
            ])
    }

    /// Bodies loaded plain are compressed afterwards (``Corpus/compressBodies(parallelism:)``)
    /// exactly as if the dictionary had been there from the start: every body is the frame
    /// `CompressedText(text, dictionary:)` makes. The sample is the first 1,000 files here.
    @Test(arguments: [1, 2])
    func everyBodyIsCompressedWithTheTrainedDictionary(parallelism: Int) throws {
        let directory = try TemporaryDirectory("natoaz-fastpath")
        for number in 0..<1_040 {
            let title = "Article \(number) on NATO and Azerbaijan"
            try directory.write(
                "a\(10_000 + number).txt",
                title + "\n\n" + String(BodyDictionaryTests.article(number).prefix(600)))
        }
        try directory.write("b-empty.txt", "")
        let corpus = try CorpusLoader(options: LoadOptions(parallelism: parallelism))
            .load(directory: directory.path)
        #expect(corpus.documents.count == 1_040)
        #expect(corpus.report.rejected.count == 1)
        corpus.compressBodies(parallelism: parallelism)
        let dictionary = try #require(corpus.documents.first?.bodyDictionary)
        for document in corpus.documents {
            let text = document.text
            let expected = CompressedText(text, dictionary: dictionary)
            #expect(document.bodyIsFrame)
            #expect(document.bodyDictionary === dictionary)
            #expect(document.storedTextByteCount == expected.storedCount)
            #expect(
                document.packedCounts.body == expected.storedCount
                    && document.textByteCount == text.utf8.count)
        }
    }

    /// A line is cut into 4 tokens first, then 12, and into 48 only if those can start a
    /// dateline: the same answer as cutting it into 48 at once, for datelines of every shape
    /// and for lines that are not datelines (places of 1 to 4 words and joiners around the
    /// 4th token included).
    @Test func datelineProbeGivesTheSameAnswer() {
        var lines = [
            "Baku, December 14, AZERTAC", "AZERBAIJAN, November 6 - President Ilham Aliyev said",
            "BAKU, Azerbaijan, Dec. 14 (Trend) -", "Bakı, 12 oktyabr (AZƏRTAC).",
            "Bakı. 14 dekabr. REPORT.AZ/ Something", "BAKU (Trend) - The", "BAKU /APA/ - x",
            "BAKU, Azerbaijan, June 22. By Vafa Ismayilova - Trend:", "Baku, December 14 was cold",
            "New York Long Island City West, May 5", "A B C D E F, May 5",
            "Saint-Jean-de-Luz, May 5",
            "O'Neil, June 1", "Zakir Hasanov meets Hikmet Hajiyev in Washington",
            "The first line of a body paragraph, with a comma, and more words after it",
            "Москва, 14 декабря 2021, ТАСС", "İstanbul, 20 Eylül 2024 (AA)", "", "   ", "12 May",
            "Baku-Nakhchivan, May 5", "Baku - May 5", "Baku May 5, x", "Baku, May", "Baku (",
            "BAKU /", "Baku. 14", "A B C, x", "A B C D, May 5", "A-B C, May 5", "A B-C, May 5",
            "A B C-", "A-", "B", "Baku,", "В Баку состоялась встреча",
        ]
        var generator = SplitMix64(seed: 12)
        let words = [
            "Baku", "BAKU", "Azerbaijan", ",", ".", "(", ")", "/", "-", "'", "May", "December",
            "Dec", "14", "2021", "AZERTAC", "Trend", "the", "By", "Vafa", ":", "Saint", "Jean",
            "oktyabr", "Bakı", "Москва", "декабря", "ТАСС", " ", "APA",
        ]
        for _ in 0..<3_000 {
            var line = ""
            for _ in 0..<Int(generator.next() % 30) {
                line += words[Int(generator.next() % UInt64(words.count))]
                if generator.next() % 3 != 0 { line += " " }
            }
            lines.append(line)
        }
        for line in lines {
            let probed = Dateline.parse(Substring(line))
            let whole = Dateline.parse(Substring(line), probing: false)
            #expect((probed == nil) == (whole == nil), "\(line)")
            guard let probed, let whole else { continue }
            #expect(probed.place == whole.place, "\(line)")
            #expect(probed.source == whole.source, "\(line)")
            #expect(probed.author == whole.author, "\(line)")
            #expect(probed.isWholeLine == whole.isWholeLine, "\(line)")
            #expect(probed.date?.date == whole.date?.date, "\(line)")
            #expect(probed.date.map { String($0.text) } == whole.date.map { String($0.text) })
        }
    }

    /// Text without NUL, control bytes, CR, C1 controls or U+2028/U+2029 that is valid UTF-8
    /// skips the full
    /// scan: every byte string decodes as the full scan decodes it (text, repairs, or the
    /// reason it is rejected).
    @Test func decoderFastPathGivesTheSameAnswer() {
        var generator = SplitMix64(seed: 13)
        let pieces: [[UInt8]] = [
            Array("NATO and Azerbaijan ".utf8), Array("Азербайджан ".utf8), Array("Bakı ə ".utf8),
            [0x0A], [0x0D], [0x0D, 0x0A], [0x09], [0x0C], [0x00], [0x01], [0x1B], [0x7F],
            [0xC2, 0x80], [0xC2, 0x9F], [0xC2, 0xA0], [0xC2], [0xC3, 0x28], [0xE2, 0x82],
            [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xED, 0xA0, 0x80], [0xC0, 0xAF],
            [0xFF], [0xE9], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBB, 0xBF],
            // U+2028, U+2029, and a curly quote and a lone E2 80 that share their first bytes.
            [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xE2, 0x80, 0x9C], [0xE2, 0x80],
        ]
        var inputs: [[UInt8]] = [[], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE, 0x41, 0x00]]
        for _ in 0..<4_000 {
            var bytes: [UInt8] = []
            let count = Int(generator.next() % 24)
            for _ in 0..<count {
                // Mostly clean text, so that the fast path is taken often.
                let piece =
                    generator.next() % 4 == 0
                    ? pieces[Int(generator.next() % UInt64(pieces.count))]
                    : pieces[Int(generator.next() % 3)]
                bytes.append(contentsOf: piece)
            }
            inputs.append(bytes)
        }
        for bytes in inputs {
            switch (TextDecoder.decode(bytes), TextDecoder.decode(bytes, fastPath: false)) {
            case (.text(let fast, let fastRepairs), .text(let full, let fullRepairs)):
                #expect(Array(fast.utf8) == Array(full.utf8), "\(bytes)")
                #expect(fastRepairs == fullRepairs, "\(bytes)")
            case (.rejected(let fast), .rejected(let full)):
                #expect(fast == full, "\(bytes)")
            default:
                Issue.record("the paths disagree on \(bytes)")
            }
        }
    }
}
