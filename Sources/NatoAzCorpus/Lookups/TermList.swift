/// A frequency list over the vocabulary.
public struct TermListQuery: Sendable, Hashable {
    /// Whether to count index terms (stems) or the words as written (folded).
    public enum Mode: Sendable, Hashable {
        /// Folded spellings, apostrophes alike: `Turkiye's` and `turkiye’s` count as one,
        /// `Turkiye` is another.
        case surface
        /// Index terms: `peacekeepers` and `peacekeeping` count as `peacekeep`.
        case stem
    }

    /// Only terms (stems, or folded spellings in surface mode) starting with this, folded
    /// like the index (so `Tür` = `tur`).
    public var prefix: String
    /// Only occurrences in documents of this language.
    public var language: Language?
    /// Index terms or spellings.
    public var mode: Mode

    /// A query for the terms starting with `prefix` (all when empty) in `language` (all when
    /// nil), counted in `mode`.
    public init(prefix: String = "", language: Language? = nil, mode: Mode = .stem) {
        self.prefix = prefix
        self.language = language
        self.mode = mode
    }
}

/// One line of a frequency list.
public struct TermFrequency: Sendable, Hashable {
    /// The index term, or the folded spelling in surface mode.
    public var term: String
    /// Occurrences.
    public var frequency: Int
    /// Documents containing it. For surface forms the index counts documents per word, not
    /// per spelling: this is the largest document frequency of the index terms it is spelled
    /// under, capped at `frequency` (no spelling is in more documents than it occurs), so the
    /// spelling's own can be lower.
    public var documentFrequency: Int
}

/// One page of a frequency list.
public struct TermListPage: Sendable, Hashable {
    /// Lines on all pages.
    public var total: Int
    /// Most frequent first, ties by term.
    public var terms: [TermFrequency]
}

extension SearchIndex {
    /// The whole frequency list (builds a ``FrequencyList``; keep one to ask repeatedly).
    public func termList(_ query: TermListQuery) -> [TermFrequency] {
        FrequencyList(index: self).page(query).terms
    }
}
