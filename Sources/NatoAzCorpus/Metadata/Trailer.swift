/// Boilerplate at the end of an article: kept out of the body, exposed as `Document.trailer`.
///
/// Two rules, applied to the last lines of the article:
/// 1. A line that is exactly `--` (the signature separator) starts the trailer when at most
///    five short lines follow it; everything from it to the end is trailer. (A `--` line with
///    a long text after it is a separator inside the article and stays in the body.)
/// 2. Going backwards from the end, each short line (at most 200 characters) that starts with
///    a known boilerplate phrase, or is a copyright line (`©`, `Copyright`), is trailer.
///    The phrases cover the four corpus languages ("Follow us on", "Подписывайтесь на",
///    "Bütün xəbərlər", "Bizi takip edin", ...). Only whole lines are ever moved, and only from
///    the end: "read more" in the middle of a paragraph is body text.
enum Trailer {
    /// Folded prefixes (see `foldForMatching`) of boilerplate lines.
    static let phrases: [String] = [
        // English
        "follow us on", "follow us at", "subscribe to our", "join us on", "join our",
        "all news on", "read more", "read also", "read the latest", "share this", "share on",
        "click here", "all rights reserved", "source:", "photo:", "video:",
        // Russian
        "подписывайтесь на", "подпишитесь на", "следите за", "все новости", "читайте также",
        "читайте нас", "читайте новости", "при цитировании", "при использовании",
        "перепечатка", "источник:", "фото:", "все права защищены", "присоединяйтесь к",
        // Azerbaijani
        "bütün xəbərlər", "butun xeberler", "bizi izləyin", "bizi izleyin", "abunə olun",
        "ən son xəbərlər", "xəbərləri izləyin", "telegram kanalımız", "mənbə:", "foto:",
        "daha çox xəbər", "səhifəmizi izləyin", "bizə qoşulun",
        // Turkish
        "bizi takip edin", "takip edin", "abone olun", "tüm haberler", "tum haberler",
        "haberin devamı", "ilginizi çekebilir", "kaynak:", "son dakika haberler",
        "tüm hakları saklıdır",
    ].map { foldForMatching(Substring($0)) }

    /// ``phrases`` by first character: a line is compared only with the few that can match.
    private static let phrasesByFirstCharacter = PrefixesByFirstCharacter(
        phrases.map { (prefix: $0, value: ()) })

    /// Splits off the trailer. `lines` are trimmed, non-empty lines of the article in order.
    /// Returns the number of leading lines that remain article text, and the trailer lines.
    static func split(_ lines: [Substring]) -> (keep: Int, trailer: [Substring]) {
        var keep = lines.count
        // Rule 1: a "--" separator near the end.
        let window = max(0, lines.count - 6)
        // Compared as bytes: no other text is canonically equivalent to `--`.
        if let dashes = lines[window...].lastIndex(where: { Self.isSeparator($0) }) {
            let after = lines[(dashes + 1)...]
            if after.count <= 5 && after.allSatisfy({ $0.utf8.count <= 800 }) { keep = dashes }
        }
        // Rule 2: boilerplate lines, backwards from the end of what is left.
        while keep > 0 && isBoilerplate(lines[keep - 1]) { keep -= 1 }
        return (keep, Array(lines[keep...]))
    }

    /// Whether `line` is exactly `--`.
    static func isSeparator(_ line: Substring) -> Bool {
        let utf8 = line.utf8
        return utf8.count == 2 && utf8.first == 0x2D && utf8.last == 0x2D
    }

    /// The first scalars of the folded phrases and of `copyright`: a folded line that starts
    /// with neither starts with none of them (see ``mayStartAPhrase(_:)``).
    static let phraseStarts: Set<Unicode.Scalar> = Set(
        (phrases + ["copyright"]).compactMap { $0.unicodeScalars.first })

    /// Whether `line` is a boilerplate line (rule 2). `prefiltering: false` folds every line's
    /// start (the same answer, more slowly: for tests).
    static func isBoilerplate(_ line: Substring, prefiltering: Bool = true) -> Bool {
        guard line.utf8.count <= 800, !TextLines.hasMoreScalars(line, than: 200) else {
            return false
        }
        // `©` is C2 A9 and `(c) ` starts with `(`: `hasPrefix` compares characters, and only
        // a line starting with those bytes can start with those characters.
        let first = line.utf8.first
        if first == 0xC2 || first == UInt8(ascii: "("),
            line.hasPrefix("©") || line.hasPrefix("(c) ") || line.hasPrefix("(C) ")
        {
            return true
        }
        if prefiltering && !mayStartAPhrase(line) { return false }
        let folded = foldForMatching(TextLines.prefix(line, characters: 40))
        if folded.hasPrefix("copyright") { return true }
        return phrasesByFirstCharacter.firstMatch(in: folded) != nil
    }

    /// Whether the line, folded, can start with a phrase or `copyright`: its first scalar
    /// (after any U+0307, which folding drops) folds to one of ``phraseStarts``. The folded
    /// line must start with the phrase's first character, which is that one scalar (ASCII,
    /// `ə` or Cyrillic, none with a canonical decomposition: `HeaderPrefilterTests`), so
    /// its own first scalar is that scalar. Most lines fail this before any folding.
    static func mayStartAPhrase(_ line: Substring) -> Bool {
        guard let scalar = line.unicodeScalars.first(where: { $0.value != 0x307 }) else {
            return false
        }
        let value = scalar.value
        let folded: Unicode.Scalar
        if value < 0x80 {
            folded = value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value) | 0x20) : scalar
        } else {
            guard let first = foldForMatching(Substring(String(scalar))).unicodeScalars.first
            else { return false }
            folded = first
        }
        return phraseStarts.contains(folded)
    }
}
