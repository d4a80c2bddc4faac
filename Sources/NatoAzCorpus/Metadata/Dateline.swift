/// A news dateline: where (and usually when) a story was filed, often with the agency.
///
///     Baku, December 14, AZERTAC              place, date, source (a header line of its own)
///     AZERBAIJAN, November 6 - President...   place, date, then the lead sentence
///     BAKU, Azerbaijan, Dec. 14 (Trend) -     two-part place, source in brackets
///     Bakı, 12 oktyabr (AZƏRTAC).             any language's date form
///     Bakı. 14 dekabr. REPORT.AZ/ ...         full stops instead of commas (source required)
///     BAKU (Trend) - ...                      place and source, no date
///     BAKU, Azerbaijan, June 22. By Vafa Ismayilova - Trend:
///                                             Trend's form: date, then byline and source
///
/// `place` is the location exactly as the dateline writes it, a city or a country
/// (`AZERBAIJAN`): without a gazetteer the loader cannot tell them apart, and it does not
/// rewrite what the article says. A dateline must end at the end of the line, at a dash or
/// colon before the lead sentence, or after its source: "Baku, December 14 was cold" is not one.
struct Dateline {
    var place: String
    var date: DateMatch?
    var source: String?
    /// The author, when a byline follows the date on the same line (Trend's form).
    var author: String? = nil
    /// The dateline covers the whole line (nothing but the dateline is on it).
    var isWholeLine: Bool

    private static let separators: [Unicode.Scalar] = ["-", "\u{2013}", "\u{2014}", ":"]

    /// Tokens a line is first cut into: enough to decide the place (at most four words and
    /// three joiners, then one more token) and the mark after it, which rules most lines out
    /// (every title and body line is tried) before the whole line is cut.
    private static let probeTokens = 12

    /// Tokens of the first, cheaper probe: most lines (a body line, a title) show within
    /// their first words that they start no dateline (see ``quickRejects(_:)``).
    private static let quickProbeTokens = 4

    /// The dateline `line` is, if any. `probing: false` cuts the whole line first (the same
    /// answer, more slowly: for tests).
    static func parse(_ line: Substring, probing: Bool = true) -> Dateline? {
        if probing && quickRejects(line) { return nil }
        // The tokenizer's output for a smaller limit is a prefix of that for a larger one.
        let probe = Tokenizer.tokens(line, limit: probing ? probeTokens : 48)
        if probing {
            // Without the month test (folding every capitalized word): when this finds no
            // place, or no place followed by the right mark, the full test finds none either
            // (it can only stop earlier, at a month, with no place). A dateline's place is
            // followed by `,` `.` `(` or `/`: a line that ends with its place is none.
            guard let afterPlace = placeEnd(probe, line, checkingMonths: false) else {
                return nil
            }
            if afterPlace < probe.count {
                let next = probe[afterPlace]
                guard
                    next.isPunct(",") || next.isPunct(".") || next.isPunct("(")
                        || next.isPunct("/")
                else { return nil }
            } else if probe.count < probeTokens {
                return nil
            }
        }
        let tokens =
            !probing || probe.count < probeTokens ? probe : Tokenizer.tokens(line, limit: 48)
        guard let (place, afterPlace) = placeTokens(tokens, line) else { return nil }
        var index = afterPlace
        var date: DateMatch?
        if index < tokens.count && tokens[index].isPunct(",") {
            index += 1
            // A second place part: "BAKU, Azerbaijan, Dec. 14".
            var fullPlace = place
            if DateScanner.match(tokens, at: index, in: line) == nil,
                let (region, afterRegion) = placeTokens(tokens, line, from: index),
                afterRegion < tokens.count, tokens[afterRegion].isPunct(","),
                DateScanner.match(tokens, at: afterRegion + 1, in: line) != nil
            {
                fullPlace = place + ", " + region
                index = afterRegion + 1
            }
            guard let found = DateScanner.match(tokens, at: index, in: line) else { return nil }
            date = found
            index = found.endToken
            return finish(fullPlace, date, tokens, index, line)
        }
        // Full stops instead of commas: "Bakı. 14 dekabr. REPORT.AZ/" (needs the source, so
        // that "Baku. 14 December was..." style prose is not taken for a dateline).
        if index < tokens.count && tokens[index].isPunct("."),
            let found = DateScanner.match(tokens, at: index + 1, in: line),
            found.endToken < tokens.count, tokens[found.endToken].isPunct(".")
        {
            guard let result = finish(place, found, tokens, found.endToken, line),
                result.source != nil
            else { return nil }
            return result
        }
        // No date: "BAKU (Trend) - ..." needs a bracketed, plausible source.
        guard index < tokens.count, tokens[index].isPunct("(") || tokens[index].isPunct("/")
        else { return nil }
        guard let result = finish(place, nil, tokens, index, line), result.source != nil else {
            return nil
        }
        return result
    }

    /// Whether the first ``quickProbeTokens`` tokens already rule the line out, as the
    /// 12-token probe in ``parse(_:probing:)`` would. `placeEnd`'s walk decides at each token
    /// from that token, the one before and the one after (a joiner looks ahead), so where it
    /// stops before the probe's last token it stops there in a longer probe too; a line with
    /// fewer tokens than the probe is cut whole. Otherwise nothing is decided here.
    private static func quickRejects(_ line: Substring) -> Bool {
        // On the stack: an array for 4 tokens cost more to allocate and release than the walk.
        Tokenizer.withTokens(line, limit: quickProbeTokens) { probe in
            guard probe.count == quickProbeTokens else { return false }
            // nil: no capitalized first word (the walk stopped at token 0), as in any probe.
            guard let afterPlace = placeEnd(probe, line, checkingMonths: false) else {
                return true
            }
            guard afterPlace <= quickProbeTokens - 2 else { return false }
            let next = probe[afterPlace]
            return
                !(next.isPunct(",") || next.isPunct(".") || next.isPunct("(")
                || next.isPunct("/"))
        }
    }

    /// After place and date: end of line, a separator, `, SOURCE`, `(SOURCE)` or `/SOURCE/`.
    private static func finish(
        _ place: String, _ date: DateMatch?, _ tokens: [Token], _ start: Int, _ line: Substring
    ) -> Dateline? {
        var index = start
        var source: String?
        if index == tokens.count {
            return Dateline(place: place, date: date, source: nil, isWholeLine: true)
        }
        if date != nil, let withByline = bylineAfterDate(place, date, tokens, index, line) {
            return withByline
        }
        if case .punct(let mark) = tokens[index].kind, separators.contains(mark) {
            return Dateline(
                place: place, date: date, source: nil, isWholeLine: index + 1 == tokens.count)
        }
        if tokens[index].isPunct(",") || tokens[index].isPunct(".") {
            // ", AZERTAC" or ". REPORT.AZ/" up to a separator, a slash, a full stop before a
            // space, or the end of the line.
            var end = index + 1
            while end < tokens.count {
                if case .punct(let mark) = tokens[end].kind,
                    separators.contains(mark) || mark == "/"
                        || mark == "." && (end + 1 == tokens.count || tokens[end + 1].spaceBefore)
                {
                    break
                }
                end += 1
            }
            guard end > index + 1,
                let name = NewsSources.plausible(
                    line[tokens[index + 1].range.lowerBound..<tokens[end - 1].range.upperBound])
            else { return nil }
            source = name
            index = end
        } else if tokens[index].isPunct("(") || tokens[index].isPunct("/") {
            let close: Unicode.Scalar = tokens[index].isPunct("(") ? ")" : "/"
            var end = index + 1
            while end < tokens.count && !tokens[end].isPunct(close) { end += 1 }
            guard end < tokens.count, end > index + 1,
                let name = NewsSources.plausible(
                    line[tokens[index + 1].range.lowerBound..<tokens[end - 1].range.upperBound])
            else { return nil }
            source = name
            index = end + 1
        } else {
            return nil
        }
        if index == tokens.count {
            return Dateline(place: place, date: date, source: source, isWholeLine: true)
        }
        if case .punct(let mark) = tokens[index].kind,
            separators.contains(mark) || mark == "." || mark == "/"
        {
            return Dateline(
                place: place, date: date, source: source, isWholeLine: index + 1 == tokens.count)
        }
        return nil
    }

    /// `. By Vafa Ismayilova - Trend:` after the date, up to the colon. Text after the colon is
    /// the lead sentence, so the dateline then is not the whole line.
    private static func bylineAfterDate(
        _ place: String, _ date: DateMatch?, _ tokens: [Token], _ index: Int, _ line: Substring
    ) -> Dateline? {
        guard tokens[index].isPunct("."), index + 1 < tokens.count,
            foldForMatching(line[tokens[index + 1].range]) == "by"
        else { return nil }
        var end = index + 2
        while end < tokens.count && !tokens[end].isPunct(":") { end += 1 }
        let upper = end < tokens.count ? tokens[end].range.upperBound : line.endIndex
        guard let byline = Byline.parse(line[tokens[index + 1].range.lowerBound..<upper]),
            let source = byline.source
        else { return nil }
        return Dateline(
            place: place, date: date, source: source, author: byline.author,
            isWholeLine: end + 1 >= tokens.count)
    }

    /// One to four capitalized words (joined by spaces, hyphens or apostrophes), not a month.
    private static func placeTokens(_ tokens: [Token], _ line: Substring, from start: Int = 0)
        -> (String, Int)?
    {
        guard let end = placeEnd(tokens, line, from: start, checkingMonths: true) else {
            return nil
        }
        let text = line[tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound]
        return (String(text), end)
    }

    /// The index after the place's last token (see ``placeTokens(_:_:from:)``); with
    /// `checkingMonths: false` a month name counts as a place word. `tokens` is an array or
    /// the stack buffer of ``quickRejects(_:)``, indexed from 0.
    private static func placeEnd<Tokens: RandomAccessCollection<Token>>(
        _ tokens: Tokens, _ line: Substring, from start: Int = 0, checkingMonths: Bool
    ) -> Int? where Tokens.Index == Int {
        var index = start
        var words = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.isWord && token.capitalized
                && (index == start || token.spaceBefore || isJoiner(tokens[index - 1]))
            {
                if checkingMonths && MonthNames.month(of: token, in: line) != nil { return nil }
                words += 1
                index += 1
            } else if index > start && isJoiner(token) && !token.spaceBefore
                && index + 1 < tokens.count && tokens[index + 1].isWord
                && !tokens[index + 1].spaceBefore
            {
                index += 1
            } else {
                break
            }
            if words > 4 { return nil }
        }
        guard words >= 1 else { return nil }
        return index
    }

    private static func isJoiner(_ token: Token) -> Bool {
        token.isPunct("-") || token.isPunct("'") || token.isPunct("\u{2019}")
    }
}
