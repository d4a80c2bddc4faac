import CUTF8Proc

/// A word found in a text: where it is (UTF-8 byte offsets into the original string, so the
/// original text is always what gets displayed) and which position it occupies in the index.
///
/// Hyphenated compounds yield their parts at consecutive positions plus one ``Kind/compound``
/// token spanning the whole, at its first part's position:
///
/// ```
/// text:      Azerbaijan-NATO cooperation
/// tokens:    [Azerbaijan]            pos 7   .word
///            [Azerbaijan-NATO]       pos 7   .compound
///                       [NATO]       pos 8   .word
///                            [cooperation]  pos 9
/// ```
public struct WordToken: Sendable, Hashable {
    /// What a token stands for.
    public enum Kind: UInt8, Sendable, Hashable {
        /// A word or a number, the normal case.
        case word
        /// The joined form of a hyphenated compound; shares its position with the first part.
        case compound
    }

    /// Byte offset of the first UTF-8 byte.
    public var start: Int
    /// Byte offset just past the last UTF-8 byte.
    public var end: Int
    /// For a word with an inner apostrophe (`Bakü'yü`, `Turkiye’s`), the end of the part
    /// before it; otherwise `end`.
    public var baseEnd: Int
    /// The token's ordinal position (compound forms repeat their first part's position).
    public var position: Int
    /// A word, or the joined form of a hyphenated compound.
    public var kind: Kind

    /// A token with the given offsets, position and kind (the tokenizer makes them; tests and
    /// callers that split text themselves may too).
    public init(start: Int, end: Int, baseEnd: Int, position: Int, kind: Kind) {
        self.start = start
        self.end = end
        self.baseEnd = baseEnd
        self.position = position
        self.kind = kind
    }
}

/// Splits text into words of letters and digits in any script.
///
/// Rules, in order of precedence:
/// - a word is a run of letters, combining marks and digits (`COP29` is one word);
/// - CJK ideographs and kana (halfwidth too), Hangul syllables and the letters of Thai, Lao,
///   Myanmar and Khmer are one word each (those scripts do not separate words, or, in
///   Korean, attach particles to them; a query's run of them is searched as a phrase);
/// - an apostrophe (`'`, `’`, `ʼ`) between letters stays inside the word (`Bakü'yü`), and so
///   does a hyphen before an Azerbaijani ending after an abbreviation or a number (`NATO-nun`,
///   `1994-cü`; see ``SuffixAfterHyphen``);
/// - `,` or `.` between digit runs stays inside a number (`120,000`, `3.5`);
/// - a hyphen (`-`, `‐`, `‑`) between words makes a compound (see ``WordToken``).
public enum WordTokenizer {
    /// Tokenizes `text`, numbering positions from `firstPosition`.
    public static func tokenize(_ text: String, firstPosition: Int = 0) -> [WordToken] {
        var text = text
        return text.withUTF8 { tokenize(utf8: $0, firstPosition: firstPosition) }
    }

    /// Tokenizes valid UTF-8 bytes, numbering positions from `firstPosition`.
    ///
    /// With `maxWords`, stops soon after that many words (at a word followed by plain
    /// punctuation or space, so the words returned are exactly those a full run starts with).
    public static func tokenize(
        utf8 bytes: UnsafeBufferPointer<UInt8>, firstPosition: Int = 0, maxWords: Int = .max
    ) -> [WordToken] {
        tokenize(utf8: bytes, firstPosition: firstPosition, maxWords: maxWords, fastRuns: true)
    }

    /// ``tokenize(utf8:firstPosition:maxWords:)``; `fastRuns` false scans every byte through
    /// the general per-scalar loop and gathers every run as a possible compound: the reference
    /// the fast paths (one- and two-byte scalars, a word on its own) are tested against.
    static func tokenize(
        utf8 bytes: UnsafeBufferPointer<UInt8>, firstPosition: Int, maxWords: Int,
        fastRuns: Bool
    ) -> [WordToken] {
        let runs = scanRuns(bytes, limit: maxWords, fastRuns: fastRuns)
        var tokens: [WordToken] = []
        tokens.reserveCapacity(runs.count)
        var position = firstPosition
        var index = 0
        // Reused for every compound: `partCount` of them are this one's.
        var parts: [(start: Int, end: Int, baseEnd: Int)] = []
        var partCount = 0
        while index < runs.count {
            // Most runs are words on their own (a space or punctuation that joins nothing
            // follows): one token, without the gathering below, which would find the same.
            let run = runs[index]
            if fastRuns,
                run.joiner == nil || index + 1 == runs.count
                    || runs[index + 1].start != run.end + run.joiner!.length
            {
                tokens.append(
                    WordToken(
                        start: run.start, end: run.end, baseEnd: run.end, position: position,
                        kind: .word))
                position += 1
                index += 1
                continue
            }
            // Gather one compound: words joined by hyphens, each word made of runs joined by
            // apostrophes or number separators.
            partCount = 0
            while true {
                var word = runs[index]
                var baseEnd: Int? = nil
                while index + 1 < runs.count, let joiner = word.joiner,
                    runs[index + 1].start == word.end + joiner.length
                {
                    let next = runs[index + 1]
                    let joins: Bool
                    switch joiner.kind {
                    case .apostrophe: joins = word.hasLetter && next.hasLetter && !next.isIdeograph
                    case .numberSeparator: joins = !word.hasLetter && !next.hasLetter
                    case .hyphen:
                        // An ending at the word's end (`NATO-nun`), not the first of a compound's
                        // further parts (`NATO-a-qarşı`).
                        joins =
                            baseEnd == nil && next.joiner?.kind != .hyphen
                            && SuffixAfterHyphen.joins(
                                base: word.start..<word.end, suffix: next.start..<next.end,
                                baseHasLetter: word.hasLetter, in: bytes)
                    }
                    guard joins, !word.isIdeograph else { break }
                    if joiner.kind != .numberSeparator, baseEnd == nil { baseEnd = word.end }
                    word = Run(
                        start: word.start, end: next.end, hasLetter: word.hasLetter,
                        isIdeograph: false, joiner: next.joiner)
                    index += 1
                }
                let part = (start: word.start, end: word.end, baseEnd: baseEnd ?? word.end)
                if partCount < parts.count {
                    parts[partCount] = part
                } else {
                    parts.append(part)
                }
                partCount += 1
                if index + 1 < runs.count, let joiner = word.joiner, joiner.kind == .hyphen,
                    !word.isIdeograph, !runs[index + 1].isIdeograph,
                    runs[index + 1].start == word.end + joiner.length
                {
                    index += 1
                    continue
                }
                index += 1
                break
            }
            let first = position
            for part in parts[..<partCount] {
                tokens.append(
                    WordToken(
                        start: part.start, end: part.end, baseEnd: part.baseEnd,
                        position: position, kind: .word))
                position += 1
            }
            if partCount > 1 {
                let whole = WordToken(
                    start: parts[0].start, end: parts[partCount - 1].end,
                    baseEnd: parts[partCount - 1].end, position: first, kind: .compound)
                tokens.insert(whole, at: tokens.count - partCount + 1)
            }
        }
        return tokens
    }

    // MARK: - Runs of word characters

    private struct Joiner {
        enum Kind { case apostrophe, numberSeparator, hyphen }
        var kind: Kind
        var length: Int
    }

    private struct Run {
        var start: Int
        var end: Int
        var hasLetter: Bool
        var isIdeograph: Bool
        /// The punctuation right after the run, if it could join it to the next one.
        var joiner: Joiner?
    }

    private enum CharClass { case letter, mark, digit, ideograph, other }

    /// Scalars below U+0540 (one or two UTF-8 bytes: ASCII, Latin, IPA, Greek, Cyrillic) by
    /// ``classify(_:)``'s class as one bit, so that a run's classes are or-ed together: 0 other,
    /// 1 letter, 2 digit, 4 mark (none is an ideograph).
    private static let smallClasses: [UInt8] = (0..<UInt32(smallLimit)).map { scalar in
        switch classify(scalar) {
        case .letter: 1
        case .digit: 2
        case .mark: 4
        case .ideograph, .other: 0
        }
    }
    private static let smallLimit = 0x540

    /// The class (``smallClasses``) and UTF-8 length of the scalar at `offset`, if it is
    /// below ``smallLimit`` (lead bytes below 0xD5), else nil.
    @inline(__always)
    private static func smallClass(
        _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, _ classes: UnsafeBufferPointer<UInt8>
    ) -> (UInt8, Int)? {
        let lead = bytes[offset]
        if lead < 0x80 { return (classes[Int(lead)], 1) }
        guard lead >= 0xC2, lead < 0xD5, offset + 1 < bytes.count else { return nil }
        return (classes[Int(lead & 0x1F) << 6 | Int(bytes[offset + 1] & 0x3F)], 2)
    }

    /// Where the run of letters, digits and marks of one or two bytes from `offset` ends, and
    /// the classes seen in it or-ed into `seen`: one table lookup per scalar, and no check
    /// for overflow (an offset stays below the text's count).
    @inline(__always)
    private static func runEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, from offset: Int,
        _ classes: UnsafeBufferPointer<UInt8>, seen: UInt8
    ) -> (end: Int, seen: UInt8) {
        guard let base = bytes.baseAddress else { return (offset, seen) }
        let count = bytes.count
        var end = offset
        var seen = seen
        while end < count {
            let lead = base[end]
            let next: UInt8
            if lead < 0x80 {
                next = classes[Int(lead)]
                if next == 0 { break }
                end &+= 1
            } else {
                guard lead >= 0xC2, lead < 0xD5, end &+ 1 < count else { break }
                next = classes[Int(lead & 0x1F) << 6 | Int(base[end &+ 1] & 0x3F)]
                if next == 0 { break }
                end &+= 2
            }
            seen |= next
        }
        return (end, seen)
    }

    private static func scanRuns(
        _ bytes: UnsafeBufferPointer<UInt8>, limit: Int, fastRuns: Bool
    ) -> [Run] {
        smallClasses.withUnsafeBufferPointer { classes in
            scanRuns(bytes, limit: limit, fastRuns: fastRuns, classes: classes)
        }
    }

    private static func scanRuns(
        _ bytes: UnsafeBufferPointer<UInt8>, limit: Int, fastRuns: Bool,
        classes: UnsafeBufferPointer<UInt8>
    ) -> [Run] {
        var runs: [Run] = []
        runs.reserveCapacity(min(limit, bytes.count / 5 + 1))
        var current: Run? = nil
        var offset = 0
        while offset < bytes.count {
            // Fast path for scalars of one or two bytes (ASCII, Latin, Cyrillic): a run of
            // letters, digits and marks is taken in one tight loop with a table lookup per
            // scalar, and ASCII punctuation or space ends a run without decoding. Exactly what
            // the general loop below does scalar by scalar; anything else goes to it.
            if fastRuns, let (first, firstLength) = smallClass(bytes, at: offset, classes) {
                if first == 1 || first == 2 {
                    let scanned = runEnd(bytes, from: offset + firstLength, classes, seen: first)
                    let hasLetter = scanned.seen & 1 != 0
                    let end = scanned.end
                    if current == nil, end < bytes.count, bytes[end] < 0x80,
                        classes[Int(bytes[end])] == 0
                    {
                        // The common case, a word and then ASCII space or punctuation: the
                        // run ends here, as the next iteration would end it.
                        let run = Run(
                            start: offset, end: end, hasLetter: hasLetter, isIdeograph: false,
                            joiner: joiner(for: UInt32(bytes[end]), length: 1))
                        runs.append(run)
                        if runs.count >= limit, run.joiner == nil { return runs }
                        offset = end + 1
                        continue
                    }
                    if var run = current, !run.isIdeograph {
                        run.end = end
                        run.hasLetter = run.hasLetter || hasLetter
                        current = run
                    } else {
                        if let run = current { runs.append(run) }
                        current = Run(
                            start: offset, end: end, hasLetter: hasLetter, isIdeograph: false,
                            joiner: nil)
                    }
                    offset = end
                    continue
                }
                if first == 0, firstLength == 1 {
                    if var run = current {
                        run.joiner = joiner(for: UInt32(bytes[offset]), length: 1)
                        runs.append(run)
                        current = nil
                        if runs.count >= limit, run.joiner == nil { return runs }
                    }
                    offset += 1
                    continue
                }
            }
            let (scalar, length) = decode(bytes, at: offset)
            let charClass = classify(scalar)
            switch charClass {
            case .letter, .digit, .mark:
                if charClass == .mark, current == nil {
                    break  // a stray mark starts nothing
                }
                if var run = current, !run.isIdeograph || charClass == .mark {
                    run.end = offset + length
                    run.hasLetter = run.hasLetter || charClass == .letter
                    current = run
                } else {
                    if let run = current { runs.append(run) }
                    current = Run(
                        start: offset, end: offset + length, hasLetter: charClass == .letter,
                        isIdeograph: false, joiner: nil)
                }
            case .ideograph:
                if let run = current { runs.append(run) }
                current = Run(
                    start: offset, end: offset + length, hasLetter: true, isIdeograph: true,
                    joiner: nil)
            case .other:
                if var run = current {
                    run.joiner = joiner(for: scalar, length: length)
                    runs.append(run)
                    current = nil
                    if runs.count >= limit, run.joiner == nil { return runs }
                }
            }
            offset += length
        }
        if let run = current { runs.append(run) }
        return runs
    }

    private static func joiner(for scalar: UInt32, length: Int) -> Joiner? {
        switch scalar {
        case 0x27, 0x2019, 0x02BC: return Joiner(kind: .apostrophe, length: length)
        case 0x2C, 0x2E: return Joiner(kind: .numberSeparator, length: length)
        case 0x2D, 0x2010, 0x2011: return Joiner(kind: .hyphen, length: length)
        default: return nil
        }
    }

    private static func classify(_ scalar: UInt32) -> CharClass {
        if scalar < 0x80 {
            switch scalar {
            case 0x30...0x39: return .digit
            case 0x41...0x5A, 0x61...0x7A: return .letter
            default: return .other
            }
        }
        switch scalar {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,
            0xFF66...0xFF9D, 0x20000...0x2FFFF:
            return .ideograph  // with halfwidth katakana, which fold to the fullwidth ones
        case 0xFF9E, 0xFF9F: return .mark  // halfwidth (semi-)voiced sound marks
        case 0xAC00...0xD7A3:
            // Hangul syllables: Korean writes particles onto the word (바쿠에서, "in Baku"),
            // so a word alone (바쿠) matched nothing; one syllable per word, as for Chinese.
            return .ideograph
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF:
            // Thai, Lao, Myanmar and Khmer letters: these scripts put no space between
            // words, so a line was one "word" findable only by its start. One letter per
            // word; vowel signs and tone marks (marks) stay with their letter.
            if utf8proc_category(Int32(bitPattern: scalar)) == UTF8PROC_CATEGORY_LO {
                return .ideograph
            }
        case 0x00AD, 0x200C, 0x200D: return .mark  // soft hyphen and joiners sit inside words
        case 0x02BC: return .other  // a letter to Unicode, but used as an apostrophe
        default: break
        }
        switch utf8proc_category(Int32(bitPattern: scalar)) {
        case UTF8PROC_CATEGORY_LU, UTF8PROC_CATEGORY_LL, UTF8PROC_CATEGORY_LT,
            UTF8PROC_CATEGORY_LM, UTF8PROC_CATEGORY_LO:
            return .letter
        case UTF8PROC_CATEGORY_MN, UTF8PROC_CATEGORY_MC, UTF8PROC_CATEGORY_ME: return .mark
        case UTF8PROC_CATEGORY_ND, UTF8PROC_CATEGORY_NL, UTF8PROC_CATEGORY_NO: return .digit
        default: return .other
        }
    }

    /// Decodes one scalar from valid UTF-8 (Swift strings always are).
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (
        UInt32, Int
    ) {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0, offset + 1 < bytes.count {
            return ((lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F), 2)
        }
        if lead < 0xF0, offset + 2 < bytes.count {
            return (
                (lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6
                    | UInt32(bytes[offset + 2] & 0x3F), 3
            )
        }
        if offset + 3 < bytes.count {
            return (
                (lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12
                    | UInt32(bytes[offset + 2] & 0x3F) << 6 | UInt32(bytes[offset + 3] & 0x3F), 4
            )
        }
        return (0xFFFD, 1)
    }
}
