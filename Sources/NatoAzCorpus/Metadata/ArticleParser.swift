#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns the decoded text of one article into a `Document`: header, title, body, trailer and
/// metadata.
///
/// Layout it understands (every part optional except some text):
///
///     [header lines]   date header, standalone date line, whole-line dateline, byline,
///                      source line, keyed fields (see HeaderFields, Dateline, Byline)
///     [title]          one line, at most 250 characters and 40 words, not ending in a
///                      period, colon, semicolon or comma, not an inline dateline; it may come
///                      before or after header lines (Russian agencies put the date under it)
///     body             paragraphs separated by blank lines; inside a block, a line break after
///                      a sentence end (or before a bullet) starts a new paragraph, any other
///                      line break is a hard wrap and is joined with a space
///     [trailer]        boilerplate at the end (see Trailer)
///
/// The source comes from a dateline, a byline, a `Source:` header, a line naming a known agency
/// in the header, or failing those from the trailer ("AZERTAC" or "Source: Trend" at the end).
///
/// Dates, in order of trust: a `date` header; a standalone date line; a dateline ("Baku,
/// December 14"); the first date in the lead (the first body paragraph, first 600 characters),
/// because a news lead states when the event happened ("visited Belgium on June 12-13").
/// Dates further down the body are history ("since 1994") and never become the date.
///
/// A date without a year stays partial (`--12-14`) unless the article itself names that same
/// day and month with a year (e.g. dateline "Baku, December 14" and "on 14 December 2021" in the
/// text), in exactly one year: then the year is taken, `dateInferred` is true and `dateEvidence`
/// quotes the text. Nothing else (anniversaries, "this year", today's date) supplies a year.
enum ArticleParser {
    enum Outcome {
        case document(Document)
        case rejected(RejectionReason)
    }

    struct Line {
        var text: Substring
        /// A blank line (or the start of the file) comes before this line.
        var blankBefore: Bool
    }

    /// What the header zone established.
    private struct Header {
        var lines: [String] = []
        var title: String?
        var headerDate: DateMatch?
        var lineDate: DateMatch?
        var datelineDate: DateMatch?
        var place: String?
        var source: String?
        var author: String?

        mutating func take(_ dateline: Dateline) {
            if place == nil { place = dateline.place }
            if source == nil { source = dateline.source }
            if datelineDate == nil { datelineDate = dateline.date }
            if author == nil { author = dateline.author }
        }

        mutating func take(_ byline: Byline) {
            if author == nil { author = byline.author }
            if source == nil { source = byline.source }
        }
    }

    /// How a parsed document keeps its body.
    enum BodyStorage: Sendable {
        /// zstd-compressed with this dictionary (nil: without one), as a corpus keeps it.
        case compressed(BodyDictionary?)
        /// Uncompressed, as the loader keeps it: the corpus' `BodyStore` compresses the bodies
        /// after the load.
        case plain
    }

    private static let maxHeaderLines = 8

    /// Parses one article; its body is compressed with `bodyDictionary` (nil: without one).
    static func parse(id: String, text: String, bodyDictionary: BodyDictionary? = nil)
        -> Outcome
    {
        parse(id: id, text: text, body: .compressed(bodyDictionary))
    }

    /// Parses one article; `storage` says how its body is kept. `reusingDatelines: false`
    /// parses a line's dateline again for each test that asks, and `joiningBytes: false`
    /// joins the body's lines by appending strings (the same answers, more slowly: for tests;
    /// see ``ParsedDateline`` and ``Body``).
    static func parse(
        id: String, text: String, body storage: BodyStorage, reusingDatelines: Bool = true,
        joiningBytes: Bool = true
    ) -> Outcome {
        let lines = splitLines(HTMLText.plainText(text) ?? text)
        if lines.isEmpty { return .rejected(.whitespaceOnly) }

        var (keep, trailerLines) = Trailer.split(lines.map(\.text))
        if keep == 0 {  // all of it looks like boilerplate: keep it as the article instead
            keep = lines.count
            trailerLines = []
        }

        var header = Header()
        var index = 0
        if let closing = FrontMatter.closingLine(count: keep, { lines[$0].text }) {
            takeFrontMatter(lines[1..<closing].map(\.text), into: &header)
            index = closing + 1
        }
        let headerEnd = min(keep, index + maxHeaderLines)
        var lead: Substring?  // body text that shared a line with a date header
        // The dateline parsed of the text the body starts with, when the header zone stopped
        // at a text it had parsed: the lead's dateline is asked of the same text.
        var bodyStartDateline: ParsedDateline?
        var previousKeyed = false  // the line before was a keyed header line
        headerZone: while index < headerEnd {
            let line = lines[index].text
            // A blank line ends a block of header lines (as in mail): after one, a prose
            // line starting `To:` or `Cc:` is not taken as one more header for following a
            // `Subject:` (its paragraph was dropped; session 16's QA).
            if let field = HeaderFields.parse(line),
                isHeader(
                    field, lines, index, headerEnd,
                    afterHeader: previousKeyed && !lines[index].blankBefore)
            {
                previousKeyed = true
                header.lines.append(String(line))
                index += 1
                switch field {
                case .date(let date, let rest):
                    if header.headerDate == nil { header.headerDate = date }
                    var parsed: ParsedDateline?
                    if rest.isEmpty || absorb(rest, into: &header, parsed: &parsed) {
                        continue headerZone
                    }
                    if !reusingDatelines { parsed = nil }
                    if header.title == nil && looksLikeTitle(rest, parsed: parsed) {
                        header.title = String(rest)
                    } else {
                        lead = rest
                        bodyStartDateline = parsed
                        break headerZone
                    }
                case .title(let value):
                    if header.title == nil { header.title = keyedTitle(value) }
                case .source(let value):
                    if header.source == nil {
                        header.source = NewsSources.known(value) ?? String(value)
                    }
                case .place(let value):
                    if header.place == nil { header.place = String(value) }
                case .address, .other: break
                }
                continue
            }
            previousKeyed = false
            var parsed: ParsedDateline?
            if absorb(line, into: &header, parsed: &parsed) {
                header.lines.append(String(line))
                index += 1
                continue
            }
            if !reusingDatelines { parsed = nil }
            if header.title == nil && looksLikeTitle(line, parsed: parsed)
                && !wrapsOntoNextLine(lines, index, keep)
            {
                header.title = String(line)
                index += 1
            } else {
                bodyStartDateline = parsed
                break
            }
        }
        return finish(
            id, header, lines, index, keep, trailerLines, lead: lead,
            bodyStartDateline: bodyStartDateline, storage: storage, joiningBytes: joiningBytes)
    }

    /// The dateline ``Dateline/parse(_:probing:)`` gave for `text` (nil: none), kept by
    /// ``absorb(_:into:parsed:)`` for the title test and the lead, which would otherwise parse
    /// the same text again: the dearest of the line heuristics (up to 48 tokens, a date
    /// tried at each place), and a pure function of the text.
    private struct ParsedDateline {
        var text: Substring
        var dateline: Dateline?
    }

    /// The most characters a title may have; a longer line is no title (``looksLikeTitle``).
    static let maxTitleScalars = 250

    /// A `Title:` or `Subject:` header's value, or front matter's `title`, as the title: cut at
    /// ``maxTitleScalars`` (with `…`). Session 14's QA: a front matter title of 100,000
    /// characters was every search hit's title, and a few such hits made an answer over the
    /// frame limit.
    private static func keyedTitle(_ value: Substring) -> String {
        guard TextLines.hasMoreScalars(value, than: maxTitleScalars) else { return String(value) }
        let scalars = value.unicodeScalars
        let end = scalars.index(scalars.startIndex, offsetBy: maxTitleScalars - 1)
        return String(String.UnicodeScalarView(scalars[..<end])) + "…"
    }

    /// The lines of YAML front matter (``FrontMatter``), as header lines.
    private static func takeFrontMatter(_ lines: [Substring], into header: inout Header) {
        for line in lines {
            header.lines.append(String(line))
            switch HeaderFields.parse(FrontMatter.unquoted(line)) {
            case .date(let date, _)?:
                if header.headerDate == nil { header.headerDate = date }
            case .title(let value)?:
                if header.title == nil { header.title = keyedTitle(value) }
            case .source(let value)?:
                if header.source == nil {
                    header.source = NewsSources.known(value) ?? String(value)
                }
            case .place(let value)?:
                if header.place == nil { header.place = String(value) }
            case .address?, .other?, nil: break
            }
        }
    }

    /// Whether keyed header line `index` is one: an address line (`To: ...`) only with an
    /// e-mail address in it, or right after or before another keyed header line. Session 13's
    /// QA: an article opening with the prose line `To: the people of Karabakh, ...` lost it
    /// from its body.
    private static func isHeader(
        _ field: HeaderFields.Field, _ lines: [Line], _ index: Int, _ headerEnd: Int,
        afterHeader: Bool
    ) -> Bool {
        guard case .address(let value) = field else { return true }
        if afterHeader || HeaderFields.hasAddress(value) { return true }
        let next = index + 1
        return next < headerEnd && !lines[next].blankBefore
            && HeaderFields.parse(lines[next].text) != nil
    }

    /// Takes a byline, whole-line dateline, date line or source line into the header.
    /// `parsed` gets the dateline parsed of `line` when one was (no byline).
    private static func absorb(
        _ line: Substring, into header: inout Header, parsed: inout ParsedDateline?
    ) -> Bool {
        if let byline = Byline.parse(line) {
            header.take(byline)
            return true
        }
        let dateline = Dateline.parse(line)
        parsed = ParsedDateline(text: line, dateline: dateline)
        if let dateline, dateline.isWholeLine {
            header.take(dateline)
        } else if let date = wholeLineDate(line) {
            if header.lineDate == nil { header.lineDate = date }
        } else if let name = NewsSources.known(line) {
            if header.source == nil { header.source = name }
        } else {
            return false
        }
        return true
    }

    private static func finish(
        _ id: String, _ header: Header, _ lines: [Line], _ bodyStart: Int, _ keep: Int,
        _ trailerLines: [Substring], lead: Substring?, bodyStartDateline: ParsedDateline?,
        storage: BodyStorage, joiningBytes: Bool
    ) -> Outcome {
        var header = header
        let body = Body(
            lead: lead, lines: lines[bodyStart..<max(bodyStart, keep)], joiningBytes: joiningBytes)
        let paragraphs = body.paragraphs
        if header.title == nil && paragraphs.isEmpty { return .rejected(.noArticleText) }

        // An inline dateline opening the lead: "AZERBAIJAN, November 6 - President ...".
        // The paragraph keeps it: it is part of the lead sentence. The first paragraph starts
        // with the text the header zone stopped at (the lead, or the line at `bodyStart`), so
        // with as many bytes it is that text, whose dateline is known.
        if let first = paragraphs.first {
            let known = bodyStartDateline.flatMap {
                $0.text.utf8.count == first.utf8.count ? $0 : nil
            }
            if let dateline = known.map(\.dateline) ?? Dateline.parse(first) {
                header.take(dateline)
            }
        }

        var date = header.headerDate ?? header.lineDate ?? header.datelineDate
        if date == nil, let first = paragraphs.first {
            date = DateScanner.first(in: TextLines.prefix(first, characters: 600))
        }
        // A trailer may name the agency: "AZERTAC" on its own line, or "Source: Trend".
        if header.source == nil {
            for line in trailerLines {
                if let name = NewsSources.known(line) {
                    header.source = name
                } else if case .source(let value)? = HeaderFields.parse(line),
                    value.utf8.count <= 60
                {
                    header.source = NewsSources.known(value) ?? String(value)
                }
                if header.source != nil { break }
            }
        }
        var dateInferred = false
        var dateEvidence: String?
        if let found = date, found.date.year == nil, let day = found.date.day,
            let evidence = yearEvidence(
                month: found.date.month, day: day,
                in: header.lines.map { Substring($0) }
                    + (header.title.map { [Substring($0)] } ?? []) + paragraphs)
        {
            date = DateMatch(
                date: evidence.date, text: found.text, endToken: found.endToken)
            dateInferred = true
            dateEvidence = String(evidence.text)
        }
        var sample: [Substring] = []
        sample.reserveCapacity(paragraphs.count + 1)
        if let title = header.title { sample.append(Substring(title)) }
        sample.append(contentsOf: paragraphs)
        let lang = LanguageDetector.detect(sample)
        let stored: CompressedText
        switch storage {
        case .compressed(let dictionary): stored = CompressedText(body.text, dictionary: dictionary)
        case .plain:
            stored =
                body.utf8.map { CompressedText(plainUTF8: $0) } ?? CompressedText(plain: body.text)
        }
        // Made once, with every field known: each field set afterwards re-encodes the
        // document's packed fields.
        return .document(
            Document(
                id: id, title: header.title, date: date?.date,
                dateText: date.map { String($0.text) }, dateInferred: dateInferred,
                dateEvidence: dateEvidence, lang: lang, source: header.source,
                author: header.author, place: header.place, body: stored,
                paragraphEnds: body.ends,
                trailer: trailerLines.isEmpty ? nil : trailerLines.joined(separator: "\n"),
                headerLines: header.lines))
    }

    /// A complete date elsewhere in the article (`texts`: header lines, title, body) with the
    /// same month and day, in one year only.
    ///
    /// A text is cut into tokens and searched only if it may hold that day (``mayHoldDay(_:_:)``):
    /// most paragraphs with a year do not, and their search was most of the 104 M instructions
    /// this took at 10,000 articles (session 16). `prefiltering: false` searches every text
    /// with a year (the same answer, more slowly: for tests).
    static func yearEvidence(
        month: Int, day: Int, in texts: [Substring], prefiltering: Bool = true
    ) -> DateMatch? {
        var found: DateMatch?
        var budget = 20_000  // tokens: bounded work on huge files
        for text in texts where budget > 0 && containsYear(text) {
            let dates =
                !prefiltering || mayHoldDay(text, day)
                ? DateScanner.completeDates(in: text, maxTokens: budget) : []
            // Taken whether or not the text was searched: a later text gets the same budget.
            budget -= min(budget, text.utf8.count / 4 + 1)
            for match in dates where match.date.month == month && match.date.day == day {
                if let earlier = found, earlier.date.year != match.date.year { return nil }
                if found == nil { found = match }
            }
        }
        return found
    }

    /// Whether `text` may hold a date on day `day`: a date's day is a number token of one or
    /// two digits (``DateScanner``), so its ASCII digits (`4` of `4` and `04`, `14` of `14`)
    /// are in the text unless they are Arabic-Indic, Persian or fullwidth digits, whose lead
    /// bytes (D9, DB, EF) let any text through.
    static func mayHoldDay(_ text: Substring, _ day: Int) -> Bool {
        guard (1...99).contains(day) else { return true }
        let ones = UInt8(0x30 + day % 10)
        let tens: UInt8? = day >= 10 ? UInt8(0x30 + day / 10) : nil
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var previous: UInt8 = 0
            for byte in bytes {
                if byte == ones && (tens == nil || previous == tens) { return true }
                if byte == 0xD9 || byte == 0xDB || byte == 0xEF { return true }
                previous = byte
            }
            return false
        }
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable(scan)
            ?? Array(utf8).withUnsafeBufferPointer(scan)
    }

    /// True if `text` has four digits in a row starting 18, 19, 20 or 21: a cheap filter before
    /// tokenizing a paragraph in search of complete dates. The digits may be ASCII or the
    /// Arabic-Indic, Persian or fullwidth ones the date scanner reads (`٢٠٢١`, `۲۰۲۱`,
    /// `２０２１`): an ASCII-only filter never let such a year be the evidence.
    ///
    /// Eight bytes with no ASCII digit and no byte from 0xD9 up (no lead byte of those other
    /// digits) are passed over in one step: a paragraph is mostly letters.
    static func containsYear(_ text: Substring) -> Bool {
        var sawOtherDigitLead = false
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = bytes.baseAddress else { return false }
            let count = bytes.count
            var run = 0
            var first = 0
            var second = 0
            var index = 0
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index < count {
                if index + 8 <= count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    // A digit is a byte whose `byte ^ 0x30` is below 10; a byte is 0xD9 or
                    // more when its high bit is set and its low 7 bits are 0x59 or more.
                    let shifted = word ^ (ones &* 0x30)
                    let below10 = (shifted &- ones &* 10) & ~shifted & highs
                    let fromD9 = ((word & ~highs) &+ ones &* 0x27) & word & highs
                    if below10 | fromD9 == 0 {
                        run = 0
                        index += 8
                        continue
                    }
                }
                let byte = base[index]
                index += 1
                if byte >= 0x30 && byte <= 0x39 {
                    run += 1
                    let digit = Int(byte) - 0x30
                    if run == 1 { first = digit } else if run == 2 { second = digit }
                    if run == 4 && isYearStart(first, second) { return true }
                } else {
                    run = 0
                    // Lead bytes of U+0660...U+06FF (D9, DB) and U+FF10...U+FF19 (EF).
                    if byte == 0xD9 || byte == 0xDB || byte == 0xEF { sawOtherDigitLead = true }
                }
            }
            return false
        }
        let utf8 = text.utf8
        if utf8.withContiguousStorageIfAvailable(scan)
            ?? Array(utf8).withUnsafeBufferPointer(scan)
        {
            return true
        }
        return sawOtherDigitLead && containsOtherDigitYear(text)
    }

    /// ``containsYear(_:)`` for the non-ASCII digits, by scalar (rarely reached: only a text
    /// with Arabic, Persian or fullwidth characters).
    private static func containsOtherDigitYear(_ text: Substring) -> Bool {
        var run = 0
        var first = 0
        var second = 0
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

    @inline(__always)
    private static func isYearStart(_ first: Int, _ second: Int) -> Bool {
        (first == 1 && second >= 8) || (first == 2 && second <= 1)
    }

    /// A line that is nothing but a date (with an optional time and final period).
    /// A line that is nothing but a date, maybe with a weekday and a time around it:
    /// `14 декабря 2021, 18:45`, `Tuesday, December 14, 2021`, `18:45 | 20 Eylül 2024 Cuma`.
    ///
    /// Every date form starts with or holds a number, so a line with no digit (ASCII, or the
    /// Arabic-Indic, Persian and fullwidth ones the tokenizer reads: ``mayHoldDigit(_:)``) is
    /// none; `prefiltering: false` cuts every line into tokens (the same answer, more slowly:
    /// for tests).
    static func wholeLineDate(_ line: Substring, prefiltering: Bool = true) -> DateMatch? {
        guard line.utf8.count <= 120, !prefiltering || mayHoldDigit(line) else { return nil }
        let tokens = Tokenizer.tokens(line, limit: 24)
        var start = 0
        while start < tokens.count && start < 6 {
            if let date = DateScanner.match(tokens, at: start, in: line) {
                var end = date.endToken
                while end < tokens.count && isDateLineFiller(tokens, end, line) { end += 1 }
                return end == tokens.count ? date : nil
            }
            guard isDateLineFiller(tokens, start, line) else { return nil }
            start += 1
        }
        return nil
    }

    /// Whether `text`'s UTF-8 holds an ASCII digit or a lead byte of the other digits the
    /// metadata tokenizer reads (U+0660...U+0669 start with D9, U+06F0...U+06F9 with DB,
    /// U+FF10...U+FF19 with EF): without one, no token of it is a number.
    static func mayHoldDigit(_ text: Substring) -> Bool {
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            bytes.contains { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0xD9 || $0 == 0xDB || $0 == 0xEF }
        }
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable(scan)
            ?? Array(utf8).withUnsafeBufferPointer(scan)
    }

    /// Weekday names, times, the word "year" after a year, and the punctuation between
    /// them, around a date line's date.
    private static func isDateLineFiller(_ tokens: [Token], _ index: Int, _ line: Substring)
        -> Bool
    {
        let token = tokens[index]
        switch token.kind {
        case .word:
            let word = line[token.range]
            // Folded once for both lists.
            let folded = foldForMatching(word)
            return Weekdays.contains(word, folded: folded) || yearWords.contains(folded)
        case .number(let value, let digits):
            // Hours and minutes of a time such as 18:45.
            let inTime =
                (index + 1 < tokens.count && tokens[index + 1].isPunct(":"))
                || (index > 0 && tokens[index - 1].isPunct(":"))
            return inTime && digits <= 2 && value < 60
        case .punct(let mark):
            switch mark {
            case ",", ".", ":", "|", "-", "\u{2013}", "\u{2014}", "/", "(", ")": return true
            default: return false
            }
        }
    }

    /// What follows a year in Russian and Azerbaijani dates: `14 декабря 2021 г.` (or
    /// `года`), `12 oktyabr 2023-cü il` (the ordinal suffix, then "year"). Such a line stayed
    /// in the body as its first paragraph (session 11's QA), though its date was read.
    private static let yearWords: Set<String> = Set(
        ["г", "года", "год", "il", "ildə", "ci", "cı", "cu", "cü"].map {
            foldForMatching(Substring($0))
        })

    /// A hard-wrapped first line: the next line follows without a blank line and starts in
    /// lowercase, so it continues this line's sentence ("...included the permanent" /
    /// "representatives of..."): not a title.
    private static func wrapsOntoNextLine(_ lines: [Line], _ index: Int, _ keep: Int) -> Bool {
        guard index + 1 < keep, !lines[index + 1].blankBefore,
            let first = lines[index + 1].text.unicodeScalars.first, ScalarClass.isLowercase(first)
        else { return false }
        // A lowercase date line under a title ("вторник, 14 декабря 2021") is a header line.
        var probe = Header()
        var parsed: ParsedDateline?
        return !absorb(lines[index + 1].text, into: &probe, parsed: &parsed)
    }

    /// Whether `line` can be the title; `parsed`, when given, is `line`'s dateline as
    /// ``absorb(_:into:parsed:)`` parsed it.
    private static func looksLikeTitle(_ line: Substring, parsed: ParsedDateline? = nil)
        -> Bool
    {
        guard line.utf8.count <= 1000, !TextLines.hasMoreScalars(line, than: maxTitleScalars)
        else {
            return false
        }
        let words = TextLines.wordCount(line, upTo: 41)
        guard words >= 1 && words <= 40 else { return false }
        switch TextLines.finalMark(line) {
        case ".", ":", ";", ",", nil: return false
        default: break
        }
        if Trailer.isBoilerplate(line) { return false }
        if let parsed { return parsed.dateline == nil }
        return Dateline.parse(line) == nil
    }

    /// Non-empty lines, trimmed, each knowing whether a blank line came before it.
    private static func splitLines(_ text: String) -> [Line] {
        var lines: [Line] = []
        // About a line per 40 bytes of news text: growing the array from empty copied (and
        // retained) every line several times.
        lines.reserveCapacity(text.utf8.count / 40 + 8)
        let utf8 = text.utf8
        let base = utf8.startIndex
        var blank = true
        func collect(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let address = bytes.baseAddress else { return }
            var start = 0
            while start <= bytes.count {
                // The next line feed found by the C library's vectorized search: a loop over
                // every byte here cost about as much as the rest of the line handling.
                let offset =
                    memchr(address + start, 0x0A, bytes.count - start).map {
                        UnsafeRawPointer($0) - UnsafeRawPointer(address)
                    } ?? bytes.count
                defer { start = offset + 1 }
                var first = start
                var last = offset
                while first < last && isASCIISpace(bytes[first]) { first += 1 }
                while last > first && isASCIISpace(bytes[last - 1]) { last -= 1 }
                if first == last {
                    blank = true
                    continue
                }
                let slice = text[
                    utf8.index(base, offsetBy: first)..<utf8.index(base, offsetBy: last)]
                let line =
                    bytes[first] < 0x80 && bytes[last - 1] < 0x80 ? slice : TextLines.trim(slice)
                if line.isEmpty {
                    blank = true
                    continue
                }
                lines.append(Line(text: line, blankBefore: blank))
                blank = false
            }
        }
        if utf8.withContiguousStorageIfAvailable(collect) == nil {
            Array(utf8).withUnsafeBufferPointer(collect)
        }
        return lines
    }

    @inline(__always)
    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func startsWithBullet(_ line: Substring) -> Bool {
        guard let first = line.unicodeScalars.first else { return false }
        switch first {
        case "-", "*", "\u{2022}", "\u{2013}", "\u{2014}", "\u{25CF}", "\u{25AA}": return true
        default: return false
        }
    }

    /// The body as the document stores it, made in one pass over the body's lines: the
    /// paragraphs joined by a blank line (`"\n\n"`), and where each one ends (UTF-8 offsets).
    ///
    /// Inside a block of lines, a line break after a sentence end (or before a bullet) starts a
    /// new paragraph; any other line break is a hard wrap, joined with a space.
    ///
    /// The lines' bytes are copied into one array, which the string is made of once without a
    /// second validation (the lines are slices of a valid string) and which a plain body
    /// keeps as it is (``utf8``): appending each line to a string cost about 370 instructions
    /// an append, and the plain body was then copied out of the string (session 16).
    /// `joiningBytes: false` appends to a string (the same text, more slowly: for tests).
    struct Body {
        var text = ""
        var ends: [UInt32] = []
        /// The text's UTF-8 when it was joined as bytes.
        var utf8: [UInt8]?

        init(lead: Substring?, lines: ArraySlice<Line>, joiningBytes: Bool = true) {
            var capacity = lead.map { $0.utf8.count + 2 } ?? 0
            for line in lines { capacity += line.text.utf8.count + 2 }
            ends.reserveCapacity(lines.count + 1)
            if joiningBytes {
                joinBytes(lead: lead, lines: lines, capacity: capacity)
                return
            }
            text.reserveCapacity(capacity)
            if let lead { append(paragraph: lead) }
            var previous: Substring?
            for line in lines {
                if startsParagraph(line, after: previous) {
                    append(paragraph: line.text)
                } else {
                    text += " "
                    text += line.text
                    ends[ends.count - 1] = UInt32(clamping: text.utf8.count)
                }
                previous = line.text
            }
        }

        private func startsParagraph(_ line: Line, after previous: Substring?) -> Bool {
            line.blankBefore || previous.map(TextLines.endsSentence) ?? true
                || startsWithBullet(line.text)
        }

        private mutating func joinBytes(
            lead: Substring?, lines: ArraySlice<Line>, capacity: Int
        ) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(capacity)
            var high: UInt8 = 0  // the bits of every byte or-ed: below 0x80 if all ASCII
            func add(_ part: Substring) {
                var part = part
                part.withUTF8 { part in
                    bytes.append(contentsOf: part)
                    for byte in part { high |= byte }
                }
            }
            func addParagraph(_ part: Substring) {
                if !ends.isEmpty {
                    bytes.append(0x0A)
                    bytes.append(0x0A)
                }
                add(part)
                ends.append(UInt32(clamping: bytes.count))
            }
            if let lead { addParagraph(lead) }
            var previous: Substring?
            for line in lines {
                if startsParagraph(line, after: previous) {
                    addParagraph(line.text)
                } else {
                    bytes.append(0x20)
                    add(line.text)
                    ends[ends.count - 1] = UInt32(clamping: bytes.count)
                }
                previous = line.text
            }
            text = bytes.withUnsafeBufferPointer { PlainUTF8.string($0, isASCII: high < 0x80) }
            utf8 = bytes
        }

        private mutating func append(paragraph: Substring) {
            if !ends.isEmpty { text += "\n\n" }
            text += paragraph
            ends.append(UInt32(clamping: text.utf8.count))
        }

        /// The paragraphs, as slices of ``text``.
        var paragraphs: [Substring] {
            var result: [Substring] = []
            result.reserveCapacity(ends.count)
            let utf8 = text.utf8
            var start = 0
            for end in ends {
                let range =
                    utf8.index(
                        utf8.startIndex, offsetBy: start)..<utf8.index(
                        utf8.startIndex, offsetBy: Int(end))
                result.append(text[range])
                start = Int(end) + 2
            }
            return result
        }
    }
}
