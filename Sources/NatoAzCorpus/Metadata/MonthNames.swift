/// Month names in the corpus languages, folded with `foldForMatching`.
enum MonthNames {
    struct Entry {
        var month: Int
        /// English month names only count when capitalized ("May 5", not "may").
        var needsCapital: Bool
    }

    /// Exact (folded) forms: English full names and abbreviations, Russian nominative,
    /// genitive and prepositional, Azerbaijani and Turkish base forms.
    static let exact: [String: Entry] = {
        var table: [String: Entry] = [:]
        let english = [
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ]
        let englishShort = [
            ["jan"], ["feb"], ["mar"], ["apr"], [], ["jun"], ["jul"], ["aug"], ["sep", "sept"],
            ["oct"], ["nov"], ["dec"],
        ]
        let russianNominative = [
            "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
            "октябрь", "ноябрь", "декабрь",
        ]
        let russianGenitive = [
            "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
            "октября", "ноября", "декабря",
        ]
        let russianPrepositional = [
            "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре",
            "октябре", "ноябре", "декабре",
        ]
        let russianShort = [
            ["янв"], ["фев", "февр"], ["мар"], ["апр"], [], ["июн"], ["июл"], ["авг"],
            ["сен", "сент"], ["окт"], ["ноя", "нояб"], ["дек"],
        ]
        for month in 1...12 {
            table[english[month - 1]] = Entry(month: month, needsCapital: true)
            for short in englishShort[month - 1] {
                table[short] = Entry(month: month, needsCapital: true)
            }
            for name in [
                russianNominative[month - 1], russianGenitive[month - 1],
                russianPrepositional[month - 1],
            ] {
                table[name] = Entry(month: month, needsCapital: false)
            }
            for short in russianShort[month - 1] {
                table[short] = Entry(month: month, needsCapital: false)
            }
            for name in [azerbaijani[month - 1], turkish[month - 1]] where table[name] == nil {
                table[name] = Entry(month: month, needsCapital: false)
            }
            for name in frenchAndGerman[month - 1] where table[name] == nil {
                table[name] = Entry(month: month, needsCapital: false)
            }
            for name in arabicScript[month - 1] {
                // Persian writes ی and ک where Arabic writes ي and ك; either may be typed.
                let arabicLetters = String(
                    String.UnicodeScalarView(
                        name.unicodeScalars.map {
                            $0 == "\u{6CC}" ? "\u{64A}" : $0 == "\u{6A9}" ? "\u{643}" : $0
                        }))
                table[name] = Entry(month: month, needsCapital: false)
                table[arabicLetters] = Entry(month: month, needsCapital: false)
            }
        }
        return table
    }()

    /// French and German months, with and without their accents (`décembre`, `decembre`,
    /// `März`, `Maerz`); the English spelling of those two languages' `April`, `August`,
    /// `September` and `November` is already there (capitalized, as German writes them).
    static let frenchAndGerman: [[String]] = [
        ["janvier", "januar", "jänner"],
        ["février", "fevrier", "februar"],
        ["mars", "märz", "maerz", "marz"],
        ["avril"],
        ["mai"],
        ["juin", "juni"],
        ["juillet", "juli"],
        ["août", "aout"],
        ["septembre"],
        ["octobre", "oktober"],
        ["novembre"],
        ["décembre", "decembre", "dezember"],
    ]

    /// The Gregorian months in Arabic (Egypt and the Gulf: يناير; the Levant and Iraq: شباط,
    /// with their hamza spelt or not) and Persian (ژانویه), as one word. Persian dates are
    /// mostly in the Solar Hijri calendar (۲۳ آذر ۱۴۰۰), whose months are not here: their
    /// years (1400) are no year natoaz accepts, and a yearless one would be read as the wrong
    /// day. The Levant's two-word months are ``levantineMonth(_:_:in:)``; آب (August) and the
    /// Persian مه (May) are too short to tell from other words.
    static let arabicScript: [[String]] = [
        ["يناير", "ژانویه"],
        ["فبراير", "شباط", "فوریه"],
        ["مارس", "آذار", "اذار"],
        ["أبريل", "ابريل", "إبريل", "نيسان", "آوریل"],
        ["مايو", "أيار", "ايار"],
        ["يونيو", "يونيه", "حزيران", "ژوئن"],
        ["يوليو", "يوليه", "تموز", "ژوئیه", "جولای"],
        ["أغسطس", "اغسطس", "اوت", "آگوست"],
        ["سبتمبر", "أيلول", "ايلول", "سپتامبر"],
        ["أكتوبر", "اكتوبر", "اکتبر"],
        ["نوفمبر", "نوامبر"],
        ["ديسمبر", "دیسمبر", "دسامبر"],
    ]

    /// The Levant's two-word months at `index`: كانون الثاني (January), تشرين الأول (October),
    /// تشرين الثاني (November), كانون الأول (December).
    static func levantineMonth(_ tokens: [Token], _ index: Int, in text: Substring) -> Int? {
        guard index + 1 < tokens.count, tokens[index + 1].isWord, tokens[index + 1].spaceBefore,
            let first = text[tokens[index].range].unicodeScalars.first,
            first == "\u{643}" || first == "\u{62A}"
        else { return nil }
        let second = text[tokens[index + 1].range]
        let ordinal: Int
        switch second {
        case "الأول", "الاول": ordinal = 1
        case "الثاني": ordinal = 2
        default: return nil
        }
        switch text[tokens[index].range] {
        case "كانون": return ordinal == 1 ? 12 : 1
        case "تشرين": return ordinal == 1 ? 10 : 11
        default: return nil
        }
    }

    /// Azerbaijani and Turkish stems, which take case suffixes ("oktyabrda", "Eylülde", "mayın").
    static let azerbaijani = [
        "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
        "oktyabr", "noyabr", "dekabr",
    ]
    static let turkish = [
        "ocak", "şubat", "mart", "nisan", "mayis", "haziran", "temmuz", "ağustos", "eylül",
        "ekim", "kasim", "aralik",
    ]

    private static let abbreviations: Set<String> = [
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "янв", "фев", "февр", "мар", "апр", "июн", "июл", "авг", "сен", "сент", "окт", "ноя",
        "нояб", "дек",
    ]

    /// True for abbreviated month names, which may be followed by a period (`Dec. 14`).
    static func isAbbreviation(_ token: Token, in text: Substring) -> Bool {
        let word = text[token.range]
        return word.utf8.count <= 8 && abbreviations.contains(foldForMatching(word))
    }

    /// First letters of every month name, in both cases: most words are rejected by this alone.
    private static let initials: Set<UInt32> = {
        var letters: Set<UInt32> = []
        for name in exact.keys {
            let first = String(name.unicodeScalars.first!)
            for variant in [first, first.uppercased()] {
                letters.insert(variant.unicodeScalars.first!.value)
            }
        }
        letters.insert(UInt32(("I" as Unicode.Scalar).value))  // "İyun" folds like "iyun"
        letters.insert(0x130)
        return letters
    }()

    /// The Azerbaijani stems, then the Turkish ones, with their month, by first character.
    private static let stems = PrefixesByFirstCharacter(
        (azerbaijani.enumerated().map { (prefix: $1, value: $0 + 1) })
            + (turkish.enumerated().map { (prefix: $1, value: $0 + 1) }))

    /// Case suffixes (folded) that may follow an Azerbaijani or Turkish month stem.
    private static let suffixes: Set<String> = [
        "da", "də", "de", "ta", "te", "dan", "dən", "den", "tan", "ten", "a", "ə", "e",
        "in", "un", "ün", "nin", "nun", "i", "u", "ü", "dek", "dək", "a",
    ]

    /// The month a word names, if any.
    static func month(of token: Token, in text: Substring) -> Int? {
        let word = text[token.range]
        guard let first = word.unicodeScalars.first, initials.contains(first.value) else {
            return nil
        }
        let length = word.unicodeScalars.count
        guard length >= 3 && length <= 12 else { return nil }
        let folded = foldForMatching(word)
        if let entry = exact[folded] {
            return !entry.needsCapital || token.capitalized ? entry.month : nil
        }
        for (stem, month) in stems.candidates(for: folded) where folded.hasPrefix(stem) {
            let suffix = String(folded.dropFirst(stem.count))
            if suffixes.contains(suffix) { return month }
        }
        return nil
    }
}
