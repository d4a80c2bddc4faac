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
struct InflectedNames: Sendable {
    /// Shorter stems are left out: they collide with ordinary words too easily.
    static let minimumLength = 4

    /// Term -> the names of the one group it belongs to.
    private let namesByTerm: [String: [String]]

    /// An empty table.
    init() {
        namesByTerm = [:]
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
    }

    /// Whether there are no names.
    var isEmpty: Bool { namesByTerm.isEmpty }

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

    /// The terms of `text` that key a name.
    private static func terms(of text: String, analyzer: Analyzer, languages: Set<Language>)
        -> [String]
    {
        queryTerms(of: text, analyzer: analyzer, languages: languages).filter(isKey)
    }
}
