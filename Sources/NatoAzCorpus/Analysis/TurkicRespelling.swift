/// Turkish and Azerbaijani words typed in plain ASCII, as on a keyboard without their letters
/// (`sinirlarinda` for `sınırlarında`, `igdir` for `Iğdır`).
///
/// Folding alone does not make them meet: the Turkish stemmer checks vowel harmony, and
/// `sinirlar` breaks it (front `i`, back `a`), so the ASCII spelling keeps suffixes the real
/// one loses (`sınırlarında` stems to `sınır`, `sinirlarinda` to itself); and it reads `ğ`
/// and `g` differently (`sokağı` stems to `sokak`, `sokagı` to itself). So a query word in
/// ASCII is also stemmed as it would be spelled with its dotless ı put back by harmony (an
/// `i` after a back vowel, a ı o u, is `ı`; a word whose first vowel is `i` is tried both
/// ways), and each of those with every `g` after a vowel read as `ğ`.
///
/// ```
/// typed          respelled       stem       term
/// sinirlarinda   sınırlarında    sınır      sinir
/// igdir          ığdır           ık         ik
/// sokagi         sokağı          sokak      sokak
/// ```
extension Analyzer {
    /// The extra terms an ASCII query word may match in Turkish or Azerbaijani articles of
    /// the corpus; empty for other words, or when the corpus has neither language.
    func respelledTurkicTerms(
        token: WordToken, in bytes: UnsafeBufferPointer<UInt8>, corpusLanguages: Set<Language>
    ) -> [String] {
        guard token.kind == .word else { return [] }
        let languages = [Language.turkish, .azerbaijani].filter(corpusLanguages.contains)
        let word = Self.string(bytes, token.start, token.baseEnd)
        guard !languages.isEmpty, word.utf8.allSatisfy({ $0 < 0x80 }),
            Self.script(of: word) == .latin
        else { return [] }
        var terms: [String] = []
        for spelling in Self.harmonyRespellings(word.lowercased()) {
            for language in languages {
                let term = primaryTerm(Substring(spelling), script: .latin, language: language)
                if !terms.contains(term) { terms.append(term) }
            }
        }
        return terms
    }

    /// `word` (lower-case ASCII) with each `i` after a back vowel made `ı` (two spellings
    /// when the first vowel is `i`: either could be meant), each also with every `g` after a
    /// vowel made `ğ`. Spellings equal to `word` are left out.
    static func harmonyRespellings(_ word: String) -> [String] {
        let scalars = Array(word.unicodeScalars)
        guard let first = scalars.firstIndex(where: { "aeiou".unicodeScalars.contains($0) })
        else { return [] }
        let starts: [Unicode.Scalar] = scalars[first] == "i" ? ["i", "\u{131}"] : [scalars[first]]
        var spellings: [String] = []
        for start in starts {
            var respelled = scalars
            respelled[first] = start
            var back = "a\u{131}ou".unicodeScalars.contains(start)
            for index in (first + 1)..<max(first + 1, scalars.count) {
                switch scalars[index] {
                case "a", "o", "u": back = true
                case "e": back = false
                case "i":
                    if back { respelled[index] = "\u{131}" }
                default: break
                }
            }
            var softened = respelled
            for index in 1..<max(1, softened.count)
            where softened[index] == "g"
                && "aeiou\u{131}".unicodeScalars.contains(softened[index - 1])
            {
                softened[index] = "\u{11F}"
            }
            for letters in [respelled, softened] {
                let spelling = String(String.UnicodeScalarView(letters))
                if spelling != word, !spellings.contains(spelling) { spellings.append(spelling) }
            }
        }
        return spellings
    }
}
