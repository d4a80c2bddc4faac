/// Arabic writes the definite article and the one-letter conjunctions and prepositions as
/// part of the word: `الناتو` (the NATO), `للناتو` (to the NATO), `والناتو` (and the NATO),
/// `وأذربيجان` (and Azerbaijan). Without help, `ناتو` finds none of them. The word without
/// such a prefix is also indexed, at the same position, and a query word is also looked up
/// without it: the "light" prefix removal of Arabic retrieval (Larkey, Ballesteros and
/// Connell's light10), not a stemmer; suffixes are left alone, because Snowball's Arabic
/// stemmer (in Debian's libstemmer) also cuts word endings such as the `ان` of `أذربيجان`.
///
/// ```
/// word         without prefix    rule
/// الناتو        ناتو              al-
/// والناتو       ناتو              wal-, bal-, kal-, fal-, ll-
/// وأذربيجان     أذربيجان          w- before 3+ letters
/// ```
extension Analyzer {
    /// The prefixes removed, longest first; what remains must have at least 2 letters
    /// after an article (`ال` + 2) and 3 after a lone `و`.
    private static let arabicArticles: [[Unicode.Scalar]] = [
        ["\u{648}", "\u{627}", "\u{644}"],  // وال
        ["\u{628}", "\u{627}", "\u{644}"],  // بال
        ["\u{643}", "\u{627}", "\u{644}"],  // كال
        ["\u{641}", "\u{627}", "\u{644}"],  // فال
        ["\u{627}", "\u{644}"],  // ال
        ["\u{644}", "\u{644}"],  // لل
    ]

    /// `word` without a leading Arabic article or conjunction, or nil when it has none.
    static func arabicWithoutPrefix(_ word: Substring) -> Substring? {
        let scalars = word.unicodeScalars
        guard let first = scalars.first, (0x620...0x64A).contains(first.value) else {
            return nil
        }
        for article in arabicArticles where scalars.starts(with: article) {
            let rest = scalars.dropFirst(article.count)
            guard rest.count >= 2 else { return nil }
            return Substring(rest)
        }
        if first == "\u{648}", scalars.count >= 4 {  // و + 3 letters
            return Substring(scalars.dropFirst())
        }
        return nil
    }
}
