import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The cheap tests that rule header-zone lines out before any folding or tokenizing (session
/// 10) give the answers of the full tests: bylines start with one of ten scalars, keyed headers
/// hold a colon, a title has at most 40 words.
@Suite struct HeaderPrefilterTests {
    /// The two facts the prefilters rest on, checked for every Unicode scalar: only ten
    /// scalars fold to a first scalar that starts `by ` or a keyed byline prefix (`b`, `a`,
    /// Cyrillic `а`, `m`, `y`), and only a colon folds to something holding a colon.
    @Test func foldingFactsHoldForEveryScalar() {
        let bylineStarts: Set<Unicode.Scalar> = ["b", "a", "\u{430}", "m", "y"]
        var bylineMisses: [UInt32] = []
        var colonMakers: [UInt32] = []
        for value in UInt32(0)...0x10_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = Substring(String(scalar))
            let folded = foldForMatching(text)
            if let first = folded.unicodeScalars.first, bylineStarts.contains(first),
                !Byline.startsLikeAByline(text)
            {
                bylineMisses.append(value)
            }
            if value != 0x3A && folded.utf8.contains(0x3A) { colonMakers.append(value) }
        }
        #expect(bylineMisses.isEmpty)
        #expect(colonMakers.isEmpty)
        // U+0307 (dropped by folding) before the first letter is looked through.
        #expect(Byline.startsLikeAByline("\u{307}\u{307}By"))
        #expect(!Byline.startsLikeAByline("\u{307}"))
        #expect(!Byline.startsLikeAByline(""))
    }

    /// The facts the boilerplate prefilter rests on: the phrases start with scalars that
    /// have no canonical decomposition (ASCII, `ə`, Cyrillic а...я but й), no other scalar
    /// is the same character as one of them, and every scalar but U+0307 folds to something.
    @Test func boilerplateStartsHoldForEveryScalar() {
        let starts = Trailer.phraseStarts
        for start in starts {
            let value = start.value
            #expect(
                value < 0x80 || value == 0x259
                    || (value >= 0x430 && value <= 0x44F && value != 0x439),
                "\(value)")
        }
        let startCharacters = Set(starts.map { Character($0) })
        var sameCharacter: [UInt32] = []
        var foldsToNothing: [UInt32] = []
        for value in UInt32(0)...0x10_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if !starts.contains(scalar) && startCharacters.contains(Character(scalar)) {
                sameCharacter.append(value)
            }
            if value != 0x307 && foldForMatching(Substring(String(scalar))).isEmpty {
                foldsToNothing.append(value)
            }
        }
        #expect(sameCharacter.isEmpty)
        #expect(foldsToNothing.isEmpty)
        #expect(Trailer.mayStartAPhrase("\u{307}Follow us on"))
        #expect(!Trailer.mayStartAPhrase("\u{307}"))
        #expect(!Trailer.mayStartAPhrase("NATO"))
    }

    @Test func boilerplateIsFoundAsWithoutThePrefilter() {
        var lines = Self.randomLines(seed: 23, count: 2_000)
        var generator = SplitMix64(seed: 24)
        let pieces =
            Trailer.phrases + [
                "Follow us on", "ПОДПИСЫВАЙТЕСЬ НА", "Ən son xəbərlər", "İlginizi çekebilir",
                "COPYRIGHT", "Copyright", "©", "(c) ", "(C) ", "(c)", "\u{307}", "\u{301}", " ",
                "x",
                "Source:", "KAYNAK:", "Read more", "©\u{301}", "F\u{301}ollow us on",
            ]
        for _ in 0..<4_000 {
            var line = ""
            for _ in 0..<Int(generator.next() % 4) {
                line += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            lines.append(line)
        }
        var found = 0
        for line in lines {
            let full = Trailer.isBoilerplate(Substring(line), prefiltering: false)
            if full { found += 1 }
            #expect(Trailer.isBoilerplate(Substring(line)) == full, "\(line)")
        }
        #expect(found > 1_000)
    }

    static let words = [
        "By", "by", "BY", "bY", "Author:", "author:", "АВТОР:", "Автор:", "Müəllif:", "MÜƏLLİF:",
        "Yazar:", "muhabir:", "\u{307}", "B\u{301}y", "Vafa", "Ismayilova", "de", "al", "Trend",
        "AZERTAC", "-", "\u{2013}", ",", "|", "(", ")", ":", "Title:", "TITLE:", "Title",
        "Source:", "Источник:", "Mənbə:", "Kaynak:", "Place:", "Yer:", "Место:", "Date", "date",
        "DATE:", "Tarix:", "Tarih", "Дата:", "Datum", "14", "December", "2021", "2021-12-14",
        "14.12.2021", "декабря", "Baku", "the", "of", "Source", "x", "İ", "ı", "12:45", " ",
        // Session 14's first-letter test: every keyword's first letter in both cases, and
        // letters that start none (Cyrillic with and without a precomposed mark).
        "From:", "FROM:", "Subject:", "To:", "Cc:", "Reply-To:", "Sender:", "Message-ID:",
        "MIME-Version:", "Content-Type:", "Headline:", "Location:", "Konu:", "Mövzu:",
        "Başlıq:", "BAŞLIK:", "Тема:", "ТЕМА:", "От:", "Кому:", "Заголовок:", "МЕСТО:",
        "ИСТОЧНИК:", "дата", "Ёлка", "йод", "Юг", "Ѐ", "Ivan", "Ölkə", "Ərazi", "zeta", "Quba",
        "Whatever", "Giriş", "date\u{301}", "d\u{301}ate:", "Ḋate:", "Ｄate:", "\u{301}Date:",
        // Session 17's byte test of the first 8 bytes: the prefixes in every case, cut, with
        // a mark after their last letter, and words sharing their first letters.
        "Author:", "AUTHOR:", "author", "Muhabir:", "MUHABIR:", "muhabi", "YAZAR:", "yaza",
        "BY", "bY", "b", "By\u{301}", "by\u{301}", "Author\u{301}:", "Автор:", "MÜƏLLIF:",
        "Mark", "Rutte", "A", "Azerbaijan", "Aвтор:", "\u{A0}",
    ]

    static func randomLines(seed: UInt64, count: Int) -> [String] {
        var generator = SplitMix64(seed: seed)
        var lines = [
            "By Vafa Ismayilova", "By Vafa Ismayilova, AzerNews", "By Vafa Ismayilova - Trend:",
            "Автор: Иван Петров", "Müəllif: Vüsalə Həsənova", "Yazar: Ayşe Yılmaz",
            "By the end of the year", "date 2021-12-14 Baku, December 14, AZERTAC",
            "Date: 14.12.2021", "Дата: 14 декабря 2021", "Tarix: 12 oktyabr 2023",
            "Tarih: 20 Eylül 2024", "Title: NATO and Azerbaijan", "Source: Trend",
            "Place: Baku", "Source of tension in the region", "", "   ", ":", "By", "by ",
            "To: the people of Karabakh", "Cc: press@mfa.gov.az", "MIME-Version: 1.0",
        ]
        for _ in 0..<count {
            var line = ""
            for _ in 0..<Int(generator.next() % 12) {
                line += words[Int(generator.next() % UInt64(words.count))]
                if generator.next() % 4 != 0 { line += " " }
            }
            lines.append(line)
        }
        return lines
    }

    @Test func bylinesAreFoundAsWithoutThePrefilter() {
        for line in Self.randomLines(seed: 21, count: 4_000) {
            let fast = Byline.parse(Substring(line))
            let full = Byline.parse(Substring(line), prefiltering: false)
            #expect(fast?.author == full?.author, "\(line)")
            #expect(fast?.source == full?.source, "\(line)")
        }
    }

    @Test func headerFieldsAreFoundAsWithoutThePrefilter() {
        for line in Self.randomLines(seed: 22, count: 4_000) {
            let fast = HeaderFields.parse(Substring(line))
            let full = HeaderFields.parse(Substring(line), prefiltering: false)
            #expect(String(describing: fast) == String(describing: full), "\(line)")
        }
    }

    /// The case table of U+0100...U+052F answers as the standard library's tables do.
    @Test func caseTableAgreesWithTheStandardLibrary() {
        for value in UInt32(0x100)..<0x530 {
            let scalar = Unicode.Scalar(value)!
            #expect(ScalarClass.isUppercase(scalar) == scalar.properties.isUppercase, "\(value)")
            #expect(ScalarClass.isLowercase(scalar) == scalar.properties.isLowercase, "\(value)")
        }
    }

    @Test func wordsAreCountedUpToTheLimit() {
        #expect(TextLines.wordCount("") == 0)
        #expect(TextLines.wordCount("  a  b\u{A0}c ") == 3)
        let many = Substring(Array(repeating: "w", count: 50).joined(separator: " "))
        #expect(TextLines.wordCount(many) == 50)
        #expect(TextLines.wordCount(many, upTo: 41) == 41)
        #expect(TextLines.wordCount(many, upTo: 50) == 50)
        let forty = Substring(Array(repeating: "w", count: 40).joined(separator: " "))
        #expect(TextLines.wordCount(forty, upTo: 41) == 40)
        // Non-ASCII whitespace (no-break space, en quad, ideographic space) separates words;
        // other non-ASCII scalars do not.
        #expect(TextLines.wordCount("Bakı\u{A0}və\u{2000}Gəncə\u{3000}şəhər ə\u{301}") == 5)
        #expect(TextLines.wordCount("Москва—Баку 中文 😀") == 3)
    }
}
