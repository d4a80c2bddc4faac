/// A date found in text, with the exact text it came from.
struct DateMatch {
    var date: PartialDate
    /// The source text, e.g. `14 декабря 2021, 18:45`, `June 12-13`, `2021-12-14`.
    var text: Substring
    /// Index of the first token after the match.
    var endToken: Int
}

/// Finds dates in the forms the corpus uses:
///
///     2021-12-14   2021/12/14   14.12.2021                      numeric (year first or last)
///     December 14, 2021   Dec. 14   June 12-13   June 12th       month first (English,
///                                                               Azerbaijani "mayın 12-də")
///     14 декабря 2021   12 oktyabr 2023   20 Eylül 2024          day first (any language)
///     12-13 June   20 Eylül'de   12 oktyabrda                    day ranges, case suffixes
///     December 2021   декабрь 2021                               month and year, no day
///     12/14/2021   14/12/2021   14-12-2021                       numeric, year last (below)
///     2021年12月14日   12月14日   2021년 12월 14일                  Chinese, Japanese, Korean
///     ١٤ ديسمبر ٢٠٢١   ۱۴ دسامبر ۲۰۲۱   14 كانون الأول 2021        Arabic, Persian (Gregorian)
///     le 14 décembre 2021   14. Dezember 2021                French, German (with the year)
///
/// A numeric date with its year last and `/` or `-` between the fields is read day-first or
/// month-first only when that is certain: one field is above 12 (`12/14/2021` is December 14
/// in the US order, `14/12/2021` the same day in the European one), or both are equal
/// (`05/05/2021`). `04/05/2021` is April 5 in the US and 4 May elsewhere, and the article's
/// language does not say which its writer used (English is written both ways): it is not
/// read. With full stops (`14.12.2021`) the order is always day first.
///
/// optionally followed by a time (`, 18:45`), which is included in the quoted text. A day range
/// gives its first day. Impossible dates (April 31, February 29 of a non-leap year) are not
/// dates; years must be within 1800...2199. There is no "today": nothing is ever completed from
/// the clock.
enum DateScanner {
    /// The date that starts exactly at token `start`, if any.
    static func match(_ tokens: [Token], at start: Int, in text: Substring) -> DateMatch? {
        guard start < tokens.count else { return nil }
        // The forms that start with a number followed, without a space, by a punctuation
        // mark or a word (year-last numeric, East Asian): most tokens are words, and rule
        // them out here at once.
        let numberJoined =
            tokens[start].number != nil && start + 1 < tokens.count
            && !tokens[start + 1].spaceBefore
        var found: Candidate?
        // The longest match; of equally long ones, the first in this order.
        func consider(_ candidate: Candidate?) {
            guard let candidate else { return }
            if found.map({ candidate.end > $0.end }) ?? true { found = candidate }
        }
        consider(numericYearFirst(tokens, start, text))
        consider(numericDayFirst(tokens, start, text))
        if numberJoined { consider(numericYearLast(tokens, start, text)) }
        consider(monthFirst(tokens, start, text))
        consider(dayFirst(tokens, start, text))
        if numberJoined { consider(eastAsian(tokens, start, text)) }
        guard let best = found else { return nil }
        let end = timeSuffixEnd(tokens, best.end)
        let range = tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound
        return DateMatch(date: best.date, text: text[range], endToken: end)
    }

    /// The first date in `text` (looking at no more than `maxTokens` tokens); with `needDay`,
    /// month-and-year forms are skipped.
    static func first(in text: Substring, maxTokens: Int = 400, needDay: Bool = true)
        -> DateMatch?
    {
        let tokens = Tokenizer.tokens(text, limit: maxTokens)
        var index = 0
        while index < tokens.count {
            if let found = match(tokens, at: index, in: text), !needDay || found.date.day != nil {
                return found
            }
            index += 1
        }
        return nil
    }

    /// Every complete date (year, month and day) in `text`, up to `maxTokens` tokens.
    static func completeDates(in text: Substring, maxTokens: Int) -> [DateMatch] {
        let tokens = Tokenizer.tokens(text, limit: maxTokens)
        var found: [DateMatch] = []
        var index = 0
        while index < tokens.count {
            if let date = match(tokens, at: index, in: text), date.date.isComplete {
                found.append(date)
                index = date.endToken
            } else {
                index += 1
            }
        }
        return found
    }

    // MARK: - Forms

    private typealias Candidate = (date: PartialDate, end: Int)

    private static func number(_ tokens: [Token], _ index: Int, digits: ClosedRange<Int>) -> Int? {
        guard index < tokens.count, let (value, count) = tokens[index].number,
            digits.contains(count)
        else { return nil }
        return value
    }

    private static func adjacentPunct(_ tokens: [Token], _ index: Int, _ marks: [Unicode.Scalar])
        -> Unicode.Scalar?
    {
        guard index < tokens.count, !tokens[index].spaceBefore,
            case .punct(let scalar) = tokens[index].kind, marks.contains(scalar)
        else { return nil }
        return scalar
    }

    private static func numericYearFirst(_ tokens: [Token], _ start: Int, _ text: Substring)
        -> Candidate?
    {
        guard let year = number(tokens, start, digits: 4...4),
            let separator = adjacentPunct(tokens, start + 1, ["-", "/"]),
            let month = number(tokens, start + 2, digits: 1...2), !tokens[start + 2].spaceBefore,
            adjacentPunct(tokens, start + 3, [separator]) != nil,
            let day = number(tokens, start + 4, digits: 1...2), !tokens[start + 4].spaceBefore,
            let date = validDate(year: year, month: month, day: day)
        else { return nil }
        return (date, start + 5)
    }

    private static func numericDayFirst(_ tokens: [Token], _ start: Int, _ text: Substring)
        -> Candidate?
    {
        guard let day = number(tokens, start, digits: 1...2),
            adjacentPunct(tokens, start + 1, ["."]) != nil,
            let month = number(tokens, start + 2, digits: 1...2), !tokens[start + 2].spaceBefore,
            adjacentPunct(tokens, start + 3, ["."]) != nil,
            let year = number(tokens, start + 4, digits: 4...4), !tokens[start + 4].spaceBefore,
            let date = validDate(year: year, month: month, day: day)
        else { return nil }
        return (date, start + 5)
    }

    /// `12/14/2021`, `14/12/2021`, `14-12-2021`, `05/05/2021`: only where the order of day and
    /// month is certain (see the type's comment).
    private static func numericYearLast(_ tokens: [Token], _ start: Int, _ text: Substring)
        -> Candidate?
    {
        guard let first = number(tokens, start, digits: 1...2),
            let separator = adjacentPunct(tokens, start + 1, ["/", "-"]),
            let second = number(tokens, start + 2, digits: 1...2), !tokens[start + 2].spaceBefore,
            adjacentPunct(tokens, start + 3, [separator]) != nil,
            let year = number(tokens, start + 4, digits: 4...4), !tokens[start + 4].spaceBefore
        else { return nil }
        let (month, day): (Int, Int)
        if first == second || (first > 12 && second <= 12) {
            (month, day) = (second, first)
        } else if first <= 12 && second > 12 {
            (month, day) = (first, second)
        } else {
            return nil
        }
        guard let date = validDate(year: year, month: month, day: day) else { return nil }
        return (date, start + 5)
    }

    /// `2021年12月14日`, `2021年12月`, `12月14日` (Chinese, Japanese; 号 for the day too) and
    /// Korean `2021년 12월 14일`, `14일에`: each number right before its unit, the units in the
    /// order year, month, day without a gap, a month always among them.
    private static func eastAsian(_ tokens: [Token], _ start: Int, _ text: Substring)
        -> Candidate?
    {
        guard start + 1 < tokens.count, tokens[start].number != nil, tokens[start + 1].isWord,
            !tokens[start + 1].spaceBefore
        else { return nil }
        var index = start
        var fields: [Int?] = [nil, nil, nil]
        var next = 0
        while index + 1 < tokens.count, let (value, digits) = tokens[index].number,
            !tokens[index + 1].spaceBefore,
            let unit = eastAsianUnit(tokens[index + 1], text), unit >= next,
            index == start || unit == next, digits <= (unit == 0 ? 4 : 2)
        {
            fields[unit] = value
            next = unit + 1
            index += 2
        }
        guard let month = fields[1] else { return nil }
        if let day = fields[2] {
            guard let date = validDate(year: fields[0], month: month, day: day) else {
                return nil
            }
            return (date, index)
        }
        guard let year = fields[0], let date = validMonth(year, month) else { return nil }
        return (date, index)
    }

    /// 0, 1 or 2 for a word that starts with the East Asian unit of a year, a month or a day.
    private static func eastAsianUnit(_ token: Token, _ text: Substring) -> Int? {
        guard token.isWord, let first = text[token.range].unicodeScalars.first,
            first.value >= 0x53F7
        else { return nil }
        switch first {
        case "年", "년": return 0
        case "月", "월": return 1
        case "日", "号", "일": return 2
        default: return nil
        }
    }

    /// `December 14`, `Dec. 14, 2021`, `June 12-13`, `June 12th`, `mayın 12-də`, `December 2021`.
    private static func monthFirst(_ tokens: [Token], _ start: Int, _ text: Substring)
        -> Candidate?
    {
        // A number must follow (possibly after an abbreviation's period): checked before the
        // month lookup, which is the expensive part, so ordinary words cost almost nothing.
        guard tokens[start].isWord, start + 1 < tokens.count else { return nil }
        let abbreviated = tokens[start + 1].isPunct(".")
        let numberAt = abbreviated ? start + 2 : start + 1
        guard numberAt < tokens.count, tokens[numberAt].number != nil,
            let month = MonthNames.month(of: tokens[start], in: text),
            !abbreviated || MonthNames.isAbbreviation(tokens[start], in: text)
        else { return nil }
        var index = numberAt
        if let year = number(tokens, index, digits: 4...4), let date = validMonth(year, month) {
            return (date, index + 1)
        }
        guard let day = number(tokens, index, digits: 1...2) else { return nil }
        index += 1
        index = skipOrdinalSuffix(tokens, index, text)
        index = skipDayRange(tokens, index)
        var year: Int?
        var afterYear = index
        var probe = index
        if probe < tokens.count && tokens[probe].isPunct(",") { probe += 1 }
        if let found = number(tokens, probe, digits: 4...4), (1800...2199).contains(found) {
            year = found
            afterYear = probe + 1
        } else if writesImpossibleYear(tokens, probe) {
            return nil
        }
        guard let date = validDate(year: year, month: month, day: day) else { return nil }
        return (date, year == nil ? index : afterYear)
    }

    /// `14 декабря 2021`, `12 oktyabr 2023`, `20 Eylül 2024`, `12-13 June`, `27 August 2021`.
    private static func dayFirst(_ tokens: [Token], _ start: Int, _ text: Substring)
        -> Candidate?
    {
        guard let day = number(tokens, start, digits: 1...2) else { return nil }
        var index = skipOrdinalSuffix(tokens, start + 1, text)
        // German writes the day as an ordinal, `14. Dezember 2021`: only with the year, so that
        // "voted 27 to 14. December's meeting" is no date.
        let ordinalPeriod =
            index == start + 1 && adjacentPunct(tokens, index, ["."]) != nil
            && index + 1 < tokens.count && tokens[index + 1].isWord
        if ordinalPeriod { index += 1 }
        index = skipDayRange(tokens, index)
        guard index < tokens.count, tokens[index].isWord, tokens[index].spaceBefore else {
            return nil
        }
        let month: Int
        if let found = MonthNames.month(of: tokens[index], in: text)
            ?? lowercaseMay(tokens, index, text)
        {
            month = found
        } else if let found = MonthNames.levantineMonth(tokens, index, in: text) {
            month = found
            index += 1
        } else {
            return nil
        }
        // "14 Dec. 2021": the period belongs to an abbreviation, not to "14 dekabr." ending a
        // sentence or a dateline.
        if adjacentPunct(tokens, index + 1, ["."]) != nil
            && MonthNames.isAbbreviation(tokens[index], in: text)
        {
            index += 1
        }
        index += 1
        var probe = index
        if probe < tokens.count && (tokens[probe].isPunct(",") || tokens[probe].isPunct("،")) {
            probe += 1
        }
        if let year = number(tokens, probe, digits: 4...4), (1800...2199).contains(year),
            let date = validDate(year: year, month: month, day: day)
        {
            return (date, probe + 1)
        }
        guard !ordinalPeriod, !writesImpossibleYear(tokens, probe),
            let date = validDate(year: nil, month: month, day: day)
        else { return nil }
        return (date, index)
    }

    /// The Azerbaijani "12 may 2017" / "10 may, AZƏRTAC": lowercase "may" after a day number is
    /// the month unless a word follows, because the English modal is always followed by its verb
    /// ("all 27 may join").
    private static func lowercaseMay(_ tokens: [Token], _ index: Int, _ text: Substring) -> Int? {
        guard text[tokens[index].range] == "may" else { return nil }
        let next = index + 1
        guard next < tokens.count else { return 5 }
        return tokens[next].isWord && tokens[next].number == nil ? nil : 5
    }

    private static func skipOrdinalSuffix(_ tokens: [Token], _ index: Int, _ text: Substring)
        -> Int
    {
        guard index < tokens.count, tokens[index].isWord, !tokens[index].spaceBefore else {
            return index
        }
        switch text[tokens[index].range].lowercased() {
        case "st", "nd", "rd", "th": return index + 1
        default: return index
        }
    }

    /// `12-13`, `12–13`: the range's second day is skipped (the date is the first day).
    private static func skipDayRange(_ tokens: [Token], _ index: Int) -> Int {
        guard index + 1 < tokens.count, case .punct(let dash) = tokens[index].kind,
            dash == "-" || dash == "\u{2013}" || dash == "\u{2014}",
            let (_, digits) = tokens[index + 1].number, digits <= 2,
            tokens[index].spaceBefore == tokens[index + 1].spaceBefore
        else { return index }
        return index + 2
    }

    /// A number of four or more digits where the year goes that is no year natoaz accepts
    /// (`1 January 10000`, `June 5, 1700`): the date's year is written and impossible, so the
    /// whole date is not a date, rather than a yearless `January 1` whose year could then be
    /// inferred from the text.
    private static func writesImpossibleYear(_ tokens: [Token], _ index: Int) -> Bool {
        guard index < tokens.count, let (value, digits) = tokens[index].number, digits >= 4
        else { return false }
        return !(1800...2199).contains(value)
    }

    /// `, 18:45` or ` 18:45` right after a date.
    private static func timeSuffixEnd(_ tokens: [Token], _ index: Int) -> Int {
        var probe = index
        if probe < tokens.count && tokens[probe].isPunct(",") { probe += 1 }
        guard let hour = number(tokens, probe, digits: 1...2), hour < 24,
            adjacentPunct(tokens, probe + 1, [":"]) != nil,
            let minute = number(tokens, probe + 2, digits: 2...2), minute < 60,
            !tokens[probe + 2].spaceBefore
        else { return index }
        return probe + 3
    }

    static func validDate(year: Int?, month: Int, day: Int) -> PartialDate? {
        if let year, !(1800...2199).contains(year) { return nil }
        guard (1...12).contains(month), day >= 1 else { return nil }
        let leap = year.map { ($0 % 4 == 0 && $0 % 100 != 0) || $0 % 400 == 0 } ?? true
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        return PartialDate(year: year, month: month, day: day)
    }

    private static func validMonth(_ year: Int, _ month: Int) -> PartialDate? {
        guard (1800...2199).contains(year), (1...12).contains(month) else { return nil }
        return PartialDate(year: year, month: month, day: nil)
    }
}
