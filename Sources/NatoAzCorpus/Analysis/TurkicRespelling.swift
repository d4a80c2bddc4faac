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
    ///
    /// `typedWordIsKnown` (the corpus has a term of the word as typed) limits them to the
    /// dotless ı and ğ: `ö`, `ü` and Azerbaijani `ə` (typed `e`, folded to `a`) are guessed
    /// only for words the corpus does not have, because guessing them for every word gave
    /// English words Turkic homographs (`one` also found `ona` and `öne`).
    func respelledTurkicTerms(
        token: WordToken, in bytes: UnsafeBufferPointer<UInt8>, corpusLanguages: Set<Language>,
        typedWordIsKnown: Bool = true
    ) -> [String] {
        guard token.kind == .word else { return [] }
        let languages = [Language.turkish, .azerbaijani].filter(corpusLanguages.contains)
        let word = Self.string(bytes, token.start, token.baseEnd)
        guard !languages.isEmpty, word.utf8.allSatisfy({ $0 < 0x80 }),
            Self.script(of: word) == .latin
        else { return [] }
        var terms: [String] = []
        let lower = word.lowercased()
        let rounded = typedWordIsKnown ? lower : Self.frontRounded(lower)
        let bases = rounded == lower ? [lower] : [lower, rounded]
        for (number, base) in bases.enumerated() {
            var spellings = Self.harmonyRespellings(base)
            if number > 0 { spellings.insert(base, at: 0) }
            for spelling in spellings {
                for language in languages {
                    let term = primaryTerm(Substring(spelling), script: .latin, language: language)
                    // A guessed ö or ü whose stem keeps under 3 letters (`code` read as
                    // `cöde`, stem `cö`) would match syllables such as the `co` of co-operation.
                    if number > 0 && term.unicodeScalars.count < 3 { continue }
                    if !terms.contains(term) { terms.append(term) }
                }
            }
        }
        if !typedWordIsKnown && languages.contains(.azerbaijani) {
            // Azerbaijani ə is typed e and folded to a: each e of a term may be an a.
            let plain = primaryTerm(Substring(lower), script: .latin, language: .azerbaijani)
            for term in [plain] + terms {
                for variant in Self.schwaVariants(term) where !terms.contains(variant) {
                    terms.append(variant)
                }
            }
        }
        return terms
    }

    /// `word` (lower-case ASCII) with each `o` and `u` followed by front vowels made `ö` and
    /// `ü`: by vowel harmony a front vowel follows only front vowels, so reading from the end,
    /// an `o` or `u` before an `e`, an `i` or a letter made `ö` or `ü` is one (`gore` is
    /// `göre`, `gorusme` is `görüşme`; `gorusdu` stays). `word` itself when nothing changes.
    static func frontRounded(_ word: String) -> String {
        var scalars = Array(word.unicodeScalars)
        var changed = false
        var front = false
        for index in scalars.indices.reversed() {
            switch scalars[index] {
            case "e", "i": front = true
            case "a": front = false
            case "o", "u":
                guard front else { break }
                scalars[index] = scalars[index] == "o" ? "\u{F6}" : "\u{FC}"
                changed = true
            default: break
            }
        }
        return changed ? String(String.UnicodeScalarView(scalars)) : word
    }

    /// A folded term with each subset of its `e`s made `a` (the fold of ə), but not the term
    /// itself; none when it has more than `maxSchwas` `e`s (2^n spellings).
    static func schwaVariants(_ term: String, maxSchwas: Int = 4) -> [String] {
        let scalars = Array(term.unicodeScalars)
        let positions = scalars.indices.filter { scalars[$0] == "e" }
        guard !positions.isEmpty, positions.count <= maxSchwas else { return [] }
        var variants: [String] = []
        for mask in 1..<(1 << positions.count) {
            var letters = scalars
            for (bit, position) in positions.enumerated() where mask & (1 << bit) != 0 {
                letters[position] = "a"
            }
            variants.append(String(String.UnicodeScalarView(letters)))
        }
        return variants
    }

    /// `word` (lower-case ASCII) with each `i` after a back vowel made `ı` (two spellings
    /// when the first vowel is `i`: either could be meant), each also with every `g` after a
    /// vowel made `ğ`. Spellings equal to `word` are left out.
    static func harmonyRespellings(_ word: String) -> [String] {
        let scalars = Array(word.unicodeScalars)
        guard
            let first = scalars.firstIndex(where: {
                "aeiou\u{F6}\u{FC}".unicodeScalars.contains($0)
            })
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
                case "e", "\u{F6}", "\u{FC}": back = false
                case "i":
                    if back { respelled[index] = "\u{131}" }
                default: break
                }
            }
            var softened = respelled
            for index in 1..<max(1, softened.count)
            where softened[index] == "g"
                && "aeiou\u{131}\u{F6}\u{FC}".unicodeScalars.contains(softened[index - 1])
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
