/// Arabic writes the definite article and the one-letter conjunctions and prepositions as
/// part of the word: `الناتو` (the NATO), `للناتو` (to the NATO), `والناتو` (and the NATO),
/// `وبالناتو` (and with the NATO), `وأذربيجان` (and Azerbaijan). Without help, `ناتو` finds
/// none of them. The word without such prefixes is also indexed, at the same position, and a
/// query word is also looked up without them: the "light" prefix removal of Arabic retrieval
/// (Larkey, Ballesteros and Connell's light10), not a stemmer; suffixes are left alone,
/// because Snowball's Arabic stemmer (in Debian's libstemmer) also cuts word endings such as
/// the `ان` of `أذربيجان`.
///
/// As in light10, a leading `و` goes first, then one article, each only when enough is left;
/// the rules read the folded word (``Folding``: no tatweel, vowel signs or hamza seats), so
/// `الـــناتو` and `وَالنَّاتُو` lose their prefixes as `الناتو` does:
///
/// ```
/// word         without prefix    rule
/// الناتو        ناتو              al-
/// والناتو       ناتو              w-, then al- (likewise bal-, kal-, fal-, ll-)
/// وبالناتو      ناتو              w-, then bal-
/// وأذربيجان     اذربيجان          w- before 3+ letters
/// ```
extension Analyzer {
    /// The articles removed after an optional `و`, longest first; what remains must have at
    /// least 2 letters (`ال` + 2).
    private static let arabicArticles: [[Unicode.Scalar]] = [
        ["\u{648}", "\u{627}", "\u{644}"],  // وال
        ["\u{628}", "\u{627}", "\u{644}"],  // بال
        ["\u{643}", "\u{627}", "\u{644}"],  // كال
        ["\u{641}", "\u{627}", "\u{644}"],  // فال
        ["\u{627}", "\u{644}"],  // ال
        ["\u{644}", "\u{644}"],  // لل
    ]

    /// `word` folded and without its leading Arabic conjunction and article, or nil when it
    /// has neither.
    static func arabicWithoutPrefix(_ word: Substring) -> Substring? {
        // Cheap test first: this runs for every word of a script other than Latin and Cyrillic.
        guard let first = word.unicodeScalars.first, (0x620...0x64A).contains(first.value)
        else { return nil }
        let folded = Folding.fold(word)
        var rest = folded.unicodeScalars[...]
        if rest.first == "\u{648}", rest.count >= 4 {  // و + 3 letters
            rest = rest.dropFirst()
        }
        for article in arabicArticles where rest.starts(with: article) {
            if rest.count - article.count >= 2 { rest = rest.dropFirst(article.count) }
            break
        }
        guard rest.count < folded.unicodeScalars.count else { return nil }
        return Substring(rest)
    }
}
