/// The key that groups a word's spellings in the lookups that list spellings (Suggest, and
/// Terms without stems): the folded spelling (``Folding/fold(_:)``, case and diacritics
/// ignored) with every apostrophe written as `'`.
///
/// News sites write `Turkiye’s` (U+2019) and `Turkiye's` (U+0027) for the same word, and
/// Azerbaijani and Turkish text uses `ʼ` (U+02BC) too; the tokenizer keeps all three inside a
/// word, and search matches them alike through their stems. Grouped by the folded spelling
/// alone they were two completions and two lines of a frequency list, each with half of the
/// word's count.
enum SpellingKey {
    /// The grouping key of `spelling`.
    static func of(_ spelling: some StringProtocol) -> String {
        let folded = Folding.fold(Substring(spelling))
        // U+2019 is E2 80 99 and U+02BC is CA BC in UTF-8: neither byte, nothing to change.
        guard folded.utf8.contains(where: { $0 == 0xE2 || $0 == 0xCA }) else { return folded }
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            scalars.append(Analyzer.apostrophes.contains(scalar) ? "'" : scalar)
        }
        return String(scalars)
    }
}
