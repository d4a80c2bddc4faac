/// The alias table's one-word names by their stems, so that an inflected name finds the
/// entity's names in every language: `Азербайджана` (Russian genitive), `Azərbaycanın`
/// (Azerbaijani genitive) and `Türkiyənin` find `Azerbaijan`, `Turkey` and the rest of their
/// groups, as `Азербайджан`, `Azərbaycan` and `Türkiyə` always did.
///
/// ``SynonymTable`` looks names up by their folded spelling, which an inflected word never
/// has: the query found only the documents with that word's own stem (the Russian or
/// Azerbaijani ones). Russian, Azerbaijani and Turkish write names inflected more often than
/// not, so the table missed most of the ways a user types them.
///
/// A name is keyed by each term a query word would match in its own script (its stems in the
/// corpus's languages, and the word unstemmed); a term shared by names of two groups says
/// nothing and is dropped, as are terms under ``minimumLength`` scalars.
///
/// Names of several words are looked up word by word (``names(forPhrase:)``): a phrase whose
/// every word shares a term with the name's word at the same place, `Ильхамом Алиевым` for
/// `Ильхам Алиев`, finds the group of `Ilham Aliyev` (it found only the Russian documents,
/// 572 of the 784 that `"Ilham Aliyev"` finds at 1k articles). Every word must match, so a
/// short word (`of`, `de`) matches only itself, and a phrase that matches names of two
/// groups widens to neither.
struct InflectedNames: Sendable {
    /// Shorter stems are left out: they collide with ordinary words too easily.
    static let minimumLength = 4

    /// Term -> the names of the one group it belongs to.
    private let namesByTerm: [String: [String]]

    /// A name of two or more words: its group, and per word the word terms a query word
    /// would match (cross-script keys are left out, as for one-word names).
    private struct PhraseName: Sendable {
        var group: Int
        var words: [Set<String>]
    }

    /// The names of two or more words, by each word term of their first word.
    private let phrasesByFirstTerm: [String: [PhraseName]]
    private let groups: [[String]]

    /// An empty table.
    init() {
        namesByTerm = [:]
        phrasesByFirstTerm = [:]
        groups = []
    }

    /// The one-word names of `synonyms`, keyed as `analyzer` analyses a query word in a corpus
    /// of `languages`.
    init(synonyms: SynonymTable, analyzer: Analyzer, languages: Set<Language>) {
        var groupsByTerm: [String: Set<Int>] = [:]
        for (number, group) in synonyms.groups.enumerated() {
            for name in group {
                for term in Self.terms(of: name, analyzer: analyzer, languages: languages) {
                    groupsByTerm[term, default: []].insert(number)
                }
            }
        }
        var namesByTerm: [String: [String]] = [:]
        for (term, groups) in groupsByTerm where groups.count == 1 {
            namesByTerm[term] = synonyms.groups[groups.first!]
        }
        self.namesByTerm = namesByTerm
        var phrasesByFirstTerm: [String: [PhraseName]] = [:]
        for (number, group) in synonyms.groups.enumerated() {
            for name in group {
                let words = Self.wordTerms(of: name, analyzer: analyzer, languages: languages)
                guard words.count >= 2, words.allSatisfy({ !$0.isEmpty }) else { continue }
                for term in words[0] {
                    phrasesByFirstTerm[term, default: []].append(
                        PhraseName(group: number, words: words))
                }
            }
        }
        self.phrasesByFirstTerm = phrasesByFirstTerm
        groups = synonyms.groups
    }

    /// Whether there are no names.
    var isEmpty: Bool { namesByTerm.isEmpty && phrasesByFirstTerm.isEmpty }

    /// The names of the one group with a name of as many words as `slots` (each the terms of
    /// a query phrase's word, as the evaluator analysed it) whose every word shares a word
    /// term with the slot at its place; empty when there is none, or names of two groups
    /// match.
    func names(forPhrase slots: [[String]]) -> [String] {
        guard slots.count >= 2, !phrasesByFirstTerm.isEmpty else { return [] }
        var found: Int?
        for term in slots[0] where TermDictionary.isWord(term) {
            for name in phrasesByFirstTerm[term] ?? [] where name.words.count == slots.count {
                guard name.group != found else { continue }
                let matches = zip(name.words.dropFirst(), slots.dropFirst()).allSatisfy {
                    words, terms in terms.contains { words.contains($0) }
                }
                guard matches else { continue }
                if found != nil { return [] }
                found = name.group
            }
        }
        return found.map { groups[$0] } ?? []
    }

    /// The names of the group whose name `word` is an inflection of; empty when it is none,
    /// or not one word.
    func names(for word: String, analyzer: Analyzer, languages: Set<Language>) -> [String] {
        names(forTerms: Self.queryTerms(of: word, analyzer: analyzer, languages: languages))
    }

    /// The names of the group that one of a query word's terms (as the evaluator analysed
    /// it) names; empty when none does.
    func names(forTerms terms: [String]) -> [String] {
        guard !namesByTerm.isEmpty else { return [] }
        for term in terms where Self.isKey(term) {
            if let names = namesByTerm[term] { return names }
        }
        return []
    }

    /// Whether `term` can key a name: a word term (not a cross-script key), long enough.
    private static func isKey(_ term: String) -> Bool {
        TermDictionary.isWord(term) && term.unicodeScalars.count >= minimumLength
    }

    /// The terms a query word `text` matches; none when it is not one word.
    private static func queryTerms(
        of text: String, analyzer: Analyzer, languages: Set<Language>
    ) -> [String] {
        var text = text
        return text.withUTF8 { bytes -> [String] in
            let tokens = WordTokenizer.tokenize(utf8: bytes)
            guard tokens.count == 1, let token = tokens.first, token.kind == .word else {
                return []
            }
            return analyzer.queryTerms(token: token, in: bytes, corpusLanguages: languages)
        }
    }

    /// Per word of `text` (tokens at one position are one word, as in a query), the word
    /// terms a query word would match.
    private static func wordTerms(of text: String, analyzer: Analyzer, languages: Set<Language>)
        -> [Set<String>]
    {
        var text = text
        return text.withUTF8 { bytes -> [Set<String>] in
            var words: [Set<String>] = []
            var lastPosition = -1
            for token in WordTokenizer.tokenize(utf8: bytes) {
                let terms = analyzer.queryTerms(
                    token: token, in: bytes, corpusLanguages: languages
                ).filter(TermDictionary.isWord)
                if token.position == lastPosition {
                    words[words.count - 1].formUnion(terms)
                } else {
                    words.append(Set(terms))
                    lastPosition = token.position
                }
            }
            return words
        }
    }

    /// The terms of `text` that key a name.
    private static func terms(of text: String, analyzer: Analyzer, languages: Set<Language>)
        -> [String]
    {
        queryTerms(of: text, analyzer: analyzer, languages: languages).filter(isKey)
    }
}
