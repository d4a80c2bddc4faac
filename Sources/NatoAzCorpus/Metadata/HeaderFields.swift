#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keyed header lines at the top of an article.
///
///     date 2021-12-14 Baku, December 14, AZERTAC     the corpus's own form: a date, then
///     date 2021-06-22 By Vafa Ismayilova             optionally a dateline or a byline
///     Date: 14.12.2021    Дата: 14 декабря 2021    Tarix: 12 oktyabr 2023    Tarih: 20 Eylül 2024
///     Title: ...   Source: ...   Place: ...           (and their ru/az/tr equivalents)
///     From: ...   To: ...   Subject: ...              an e-mail's headers: the subject is the
///     Date: Tue, 14 Dec 2021 09:30:00 +0400            title, the addresses are header lines
///
/// An address line (`From:`, `To:`, `Cc:`, ...) is ``Field/address(_:)``: prose can start so
/// too (`To: the people of Karabakh, ...`), so ``ArticleParser`` takes it for a header only
/// with an address in it or another header line next to it.
///
/// The date keyword may stand without a colon (the seeds write `date 2021-12-14`), because a
/// date must follow it; the other keys need a colon so that prose ("Source of tension...") is
/// never taken for a header.
enum HeaderFields {
    enum Field {
        /// A date header; `rest` is what follows the date on the same line (maybe empty).
        case date(DateMatch, rest: Substring)
        case title(Substring)
        case source(Substring)
        case place(Substring)
        /// An e-mail's address header (`From:`, `To:`, `Cc:`, ...), with what follows the
        /// colon: a header line (kept out of the title and the body) only with an address in
        /// it (``hasAddress(_:)``) or another header line next to it.
        case address(Substring)
        /// A header the article's metadata has no use for (`Message-ID:`, `MIME-Version:`):
        /// kept as a header line, out of the title and the body.
        case other
    }

    private static let dateKeys: Set<String> = ["date", "дата", "tarix", "tarih", "datum"]
    private enum Key { case title, source, place, address, other }
    private static let keyedPrefixes: [(prefix: String, value: Key)] = [
        ("title:", .title), ("headline:", .title), ("заголовок:", .title), ("başliq:", .title),
        ("başlik:", .title), ("source:", .source), ("источник:", .source), ("mənbə:", .source),
        ("kaynak:", .source), ("place:", .place), ("location:", .place), ("место:", .place),
        ("yer:", .place),
        // Session 13's QA: a press release saved from a mail client had its `From:` line
        // for a title and its other headers for a first paragraph.
        ("subject:", .title), ("тема:", .title), ("mövzu:", .title), ("konu:", .title),
        ("from:", .address), ("to:", .address), ("cc:", .address), ("reply-to:", .address),
        ("sender:", .address), ("message-id:", .other), ("mime-version:", .other),
        ("content-type:", .other), ("от:", .address), ("кому:", .address),
    ]
    private static let keyed = PrefixesByFirstCharacter<Key>(keyedPrefixes)

    /// By scalar value below 0x460: false for an ASCII letter or a letter of U+0400...U+045F
    /// that folds (``foldForMatching(_:)``) to no date keyword's or keyed prefix's first
    /// scalar, true for every other value (not judged). Each of those letters folds to one
    /// letter of the same range, and every keyword starts with a letter that has no
    /// combining mark: a line starting with a `false` letter cannot start with a keyword.
    private static let mayStartKeyword: [Bool] = {
        let starts = Set(
            (Array(dateKeys) + keyedPrefixes.map(\.prefix)).compactMap(\.unicodeScalars.first))
        return (0..<0x460).map { value in
            let isLetter =
                (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || value >= 0x400
            guard isLetter, let scalar = Unicode.Scalar(UInt32(value)) else { return true }
            return foldForMatching(Substring(String(scalar))).unicodeScalars.first.map {
                starts.contains($0)
            } ?? true
        }
    }()

    /// The keyed header `line` is, if any. `prefiltering: false` cuts every line into 24
    /// tokens and folds its start (the same answer, more slowly: for tests).
    static func parse(_ line: Substring, prefiltering: Bool = true) -> Field? {
        // Every header starts with a short keyword followed by a date or a colon; most lines
        // fail this byte check before any tokenizing.
        guard let firstSpace = line.utf8.prefix(24).firstIndex(where: { $0 == 0x20 || $0 == 0x3A }),
            line.utf8.distance(from: line.utf8.startIndex, to: firstSpace) <= 18
        else { return nil }
        // Most lines start with a letter no keyword starts with (session 14: the first word's
        // tokenizing and folding were most of this function's cost).
        if prefiltering, let first = line.unicodeScalars.first, first.value < 0x460,
            !mayStartKeyword[Int(first.value)]
        {
            return nil
        }
        // The first token decides: a date keyword, or perhaps a keyed header. The whole line
        // is cut into tokens only after a date keyword (the tokenizer's first token is the
        // same whatever its limit). The one token is written on the stack: an array for it
        // cost more to allocate and free than cutting it (session 18: 19,954 at a 10k load).
        let firstToken =
            prefiltering
            ? Tokenizer.withTokens(line, limit: 1) { $0.first }
            : Tokenizer.tokens(line, limit: 24).first
        guard let first = firstToken, first.isWord else { return nil }
        let key = foldForMatching(line[first.range])
        if dateKeys.contains(key) {
            let tokens = Tokenizer.tokens(line, limit: 24)
            var index = 1
            if index < tokens.count && tokens[index].isPunct(":") { index += 1 }
            // An e-mail's `Date: Tue, 14 Dec 2021 09:30:00 +0400`.
            if index < tokens.count, tokens[index].isWord,
                Weekdays.contains(line[tokens[index].range])
            {
                index += 1
                if index < tokens.count && tokens[index].isPunct(",") { index += 1 }
            }
            guard let date = DateScanner.match(tokens, at: index, in: line) else { return nil }
            var rest = TextLines.trim(line[date.text.endIndex...])
            while let mark = rest.unicodeScalars.first, mark == "," || mark == "|" || mark == ";" {
                rest = TextLines.trim(rest.dropFirst())
            }
            // Seconds and a zone (`:00 +0400` after `09:30`) are no text to keep.
            if !rest.unicodeScalars.contains(where: \.properties.isAlphabetic) { rest = "" }
            return .date(date, rest: rest)
        }
        // Every keyed prefix ends in a colon, and folding makes a colon only from a colon:
        // a line without one is not a keyed header (most lines; no folding needed).
        guard !prefiltering || Self.containsColon(line) else { return nil }
        let head = foldForMatching(line.prefix(16))
        guard let (prefix, key) = keyed.firstMatch(in: head) else { return nil }
        let value = TextLines.trim(line.dropFirst(prefix.count))
        if value.isEmpty { return nil }
        switch key {
        case .title: return .title(value)
        case .source: return .source(value)
        case .place: return .place(value)
        case .address: return .address(value)
        case .other: return .other
        }
    }

    /// Whether an address header's value holds an e-mail address: an `@` with something on
    /// both sides (`press@mfa.gov.az`, `Press Office <press@mfa.gov.az>`).
    static func hasAddress(_ value: Substring) -> Bool {
        let utf8 = value.utf8
        guard let at = utf8.firstIndex(of: 0x40) else { return false }
        return at != utf8.startIndex && utf8.index(after: at) != utf8.endIndex
            && utf8[utf8.index(after: at)] != 0x20 && utf8[utf8.index(before: at)] != 0x20
    }

    /// Whether `line` holds a `:` (searched by the C library's vectorized `memchr`).
    static func containsColon(_ line: Substring) -> Bool {
        let utf8 = line.utf8
        return utf8.withContiguousStorageIfAvailable { bytes in
            guard let address = bytes.baseAddress else { return false }
            return memchr(address, 0x3A, bytes.count) != nil
        } ?? utf8.contains(0x3A)
    }
}
