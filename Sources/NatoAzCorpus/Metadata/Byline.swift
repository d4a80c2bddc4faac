/// An author line: `By Vafa Ismayilova`, `By Vafa Ismayilova, AzerNews`,
/// `By Vafa Ismayilova - Trend:`, `Автор: Иван Петров`,
/// `Müəllif: Vüsalə Həsənova`, `Yazar: Ayşe Yılmaz`, `Author: ...`.
///
/// The name must look like a name (one to five words, capitalized apart from particles such as
/// `de` or `al`, no digits, at most 60 characters), so "By the end of the year..." is body text.
struct Byline {
    var author: String
    var source: String?

    private static let keyedPrefixes = ["author:", "автор:", "müəllif:", "yazar:", "muhabir:"]
    private static let particles: Set<String> = [
        "de", "da", "van", "von", "der", "al", "el", "bin", "ibn", "la", "le", "du", "oğlu", "qızı",
    ]

    /// The byline `line` is, if any. `prefiltering: false` folds every line's start (the same
    /// answer, more slowly: for tests).
    static func parse(_ line: Substring, prefiltering: Bool = true) -> Byline? {
        let trimmed = TextLines.trim(line)
        guard trimmed.utf8.count <= 400,
            !prefiltering || (startsLikeAByline(trimmed) && mayStartWithAPrefix(trimmed))
        else {
            return nil
        }
        let folded = foldForMatching(TextLines.prefix(trimmed, characters: 12))
        var rest: Substring
        if folded.hasPrefix("by ") {
            rest = trimmed.dropFirst(3)
        } else if let prefix = keyedPrefixes.first(where: { folded.hasPrefix($0) }) {
            rest = trimmed.dropFirst(prefix.count)
        } else {
            return nil
        }
        // Counted only for a line that starts like a byline: counting characters means
        // finding grapheme breaks.
        guard TextLines.hasAtMostCharacters(trimmed, 100) else { return nil }
        rest = TextLines.trim(rest)
        var source: String?
        // "By Vafa Ismayilova - Trend:" (Trend's dateline form): a spaced dash, never the hyphen
        // inside a name such as "Jean-Paul".
        if mayHoldSpacedDash(rest),
            let dash = [" - ", " \u{2013} ", " \u{2014} "].lazy.compactMap({
                rest.firstRange(of: $0)
            })
            .first
        {
            var tail = TextLines.trim(rest[dash.upperBound...])
            if tail.hasSuffix(":") { tail = TextLines.trim(tail.dropLast()) }
            guard let name = NewsSources.plausible(tail) else { return nil }
            source = name
            rest = TextLines.trim(rest[..<dash.lowerBound])
        } else if let cut = rest.firstIndex(where: { $0 == "," || $0 == "|" || $0 == "(" }) {
            let tail = rest[rest.index(after: cut)...].filter { $0 != ")" }
            guard let name = NewsSources.plausible(Substring(tail)) else { return nil }
            source = name
            rest = TextLines.trim(rest[..<cut])
        }
        guard isName(rest) else { return nil }
        return Byline(author: String(rest), source: source)
    }

    /// Whether the folded line can start with `by ` or a keyed prefix: its first scalar
    /// (after any U+0307, which folding drops) folds to `b`, `a`, `а`, `m` or `y` only if it is
    /// one of these ten (every scalar checked: `ParserFastPathTests`). Most lines fail this
    /// before any folding.
    static func startsLikeAByline(_ text: Substring) -> Bool {
        for scalar in text.unicodeScalars where scalar.value != 0x307 {
            switch scalar.value {
            case 0x41, 0x42, 0x4D, 0x59, 0x61, 0x62, 0x6D, 0x79, 0x410, 0x430: return true
            default: return false
            }
        }
        return false
    }

    /// The ASCII ones of `by ` and ``keyedPrefixes``, lowercased bytes packed first byte
    /// lowest, with their lengths.
    private static let asciiPrefixes: [(key: UInt64, count: Int)] = (["by "] + keyedPrefixes)
        .filter { $0.utf8.allSatisfy { $0 < 0x80 } && $0.utf8.count <= 8 }
        .map { prefix in
            var key: UInt64 = 0
            for (position, byte) in prefix.utf8.enumerated() {
                key |= UInt64(byte) << (8 * UInt64(position))
            }
            return (key, prefix.utf8.count)
        }

    /// Whether the folded text can start with `by ` or a keyed prefix, from its first 8 bytes
    /// when they are ASCII (else true: not judged). The folding of ASCII lowercases `A`-`Z`
    /// and keeps the rest, and each prefix's characters are single ASCII scalars, which no
    /// other text is canonically equivalent to: so the folded text starts with an ASCII prefix
    /// only if these bytes, lowercased, do; and with one of the others (`автор:`,
    /// `müəllif:`) only if its first or second byte is not ASCII. Lines starting `A`, `B`,
    /// `M` or `Y` (`A meeting...`, `Mark Rutte...`) were folded and compared with every
    /// prefix (session 17: 30 M instructions of a 10k load).
    static func mayStartWithAPrefix(_ text: Substring) -> Bool {
        func judge(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var lowered: UInt64 = 0
            let count = min(8, bytes.count)
            for position in 0..<count {
                let byte = bytes[position]
                guard byte < 0x80 else { return true }
                let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
                lowered |= UInt64(lower) << (8 * UInt64(position))
            }
            for prefix in asciiPrefixes where prefix.count <= count {
                let mask = prefix.count == 8 ? UInt64.max : (1 << (8 * UInt64(prefix.count))) - 1
                if lowered & mask == prefix.key { return true }
            }
            return false
        }
        return text.utf8.withContiguousStorageIfAvailable(judge) ?? true
    }

    /// Whether `text`'s UTF-8 holds ` - `, ` – ` or ` — `. Without those bytes no run of the
    /// three characters can match (none of them has another spelling under canonical
    /// equivalence), so the slower search by characters is needed only when this is true.
    static func mayHoldSpacedDash(_ text: Substring) -> Bool {
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var index = 0
            while index + 2 < bytes.count {
                defer { index += 1 }
                guard bytes[index] == 0x20 else { continue }
                if bytes[index + 1] == 0x2D && bytes[index + 2] == 0x20 { return true }
                if index + 4 < bytes.count && bytes[index + 1] == 0xE2 && bytes[index + 2] == 0x80
                    && (bytes[index + 3] == 0x93 || bytes[index + 3] == 0x94)
                    && bytes[index + 4] == 0x20
                {
                    return true
                }
            }
            return false
        }
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable(scan)
            ?? Array(utf8).withUnsafeBufferPointer(scan)
    }

    private static func isName(_ text: Substring) -> Bool {
        let words = text.split(separator: " ")
        guard (1...5).contains(words.count), TextLines.hasAtMostCharacters(text, 60) else {
            return false
        }
        var capitalized = 0
        for word in words {
            guard
                word.unicodeScalars.allSatisfy({ scalar in
                    ScalarClass.isLetter(scalar) || scalar == "." || scalar == "-"
                        || scalar == "'"
                        || scalar == "\u{2019}"
                })
            else { return false }
            if let first = word.unicodeScalars.first, ScalarClass.isUppercase(first) {
                capitalized += 1
            } else if !particles.contains(foldForMatching(word)) {
                return false
            }
        }
        return capitalized >= 1
    }
}
