/// Full-text search over one corpus generation: a positional inverted index built once from
/// the documents, queried concurrently from any thread.
///
/// ```swift
/// let index = try SearchIndex(documents: corpus.documents)
/// let results = try index.search("stoltenberg OR \"Resolute Support\" -lang:tr",
///                                options: SearchOptions(limit: 10))
/// ```
///
/// The query language (see ``search(_:options:)``), analysis (folding, stemming,
/// transliteration) and ranking (BM25 with title and proximity boosts) are documented on the
/// types that implement them: ``Folding``, ``Transliteration``, ``WordTokenizer``, ``SearchOptions``.
public final class SearchIndex: Sendable {
    /// The indexed documents, sorted by id; a hit's document number indexes this array.
    public let documents: [Document]
    /// How the text was analysed.
    public let analysisOptions: AnalysisOptions
    /// Names searched as one (an alias table's entities); see ``SynonymTable``.
    public let synonyms: SynonymTable
    /// `synonyms`' one-word names by their stems, for inflected names.
    let inflectedNames: InflectedNames
    let storage: IndexStorage
    let analyzers: AnalyzerPool

    /// The most posting data one index holds: cursors keep 32-bit offsets into it.
    public static let maxPostingBytes = Int(Int32.max)

    /// Builds the index. Documents are sorted by id (ties keep their order), which is also the
    /// ranking's tie-break.
    ///
    /// - Throws: ``IndexTooLarge`` when the posting lists pass ``maxPostingBytes``.
    public convenience init(
        documents: [Document], analysis: AnalysisOptions = AnalysisOptions(),
        synonyms: SynonymTable = SynonymTable()
    ) throws(IndexTooLarge) {
        try self.init(
            documents: documents, analysis: analysis, synonyms: synonyms,
            postingLimit: Self.maxPostingBytes)
    }

    /// Builds the index of `corpus`' documents, which a corpus keeps sorted by id: the
    /// order is not checked again (at 100,000 articles the check took 0.008 s on one core
    /// between the load and the index build, session 19).
    ///
    /// - Throws: ``IndexTooLarge`` when the posting lists pass ``maxPostingBytes``.
    public convenience init(
        corpus: Corpus, analysis: AnalysisOptions = AnalysisOptions(),
        synonyms: SynonymTable = SynonymTable()
    ) throws(IndexTooLarge) {
        try self.init(
            documents: corpus.documents, analysis: analysis, synonyms: synonyms,
            postingLimit: Self.maxPostingBytes, sortedByID: true)
    }

    /// ``init(documents:analysis:synonyms:)`` with another limit, so tests can reach it;
    /// `sortedByID` when the caller knows `documents` are sorted by id.
    init(
        documents: [Document], analysis: AnalysisOptions = AnalysisOptions(),
        synonyms: SynonymTable = SynonymTable(), postingLimit: Int, sortedByID: Bool = false
    ) throws(IndexTooLarge) {
        // The loader lists files in id order: then the caller's array is shared, not copied
        // (a copy is about 200 bytes per document). Checked through a pointer, ids unmade:
        // with a copy of each document and two strings per pair, about 0.05 s on one core at
        // 100,000 articles, between the load and the index build (session 18).
        let inOrder =
            sortedByID
            || documents.withUnsafeBufferPointer { documents in
                documents.indices.dropFirst().allSatisfy {
                    documents[$0 - 1].idIsAtMost(documents[$0])
                }
            }
        let sorted =
            inOrder
            ? documents
            : documents.enumerated().sorted {
                ($0.element.id, $0.offset) < ($1.element.id, $1.offset)
            }.map(\.element)
        self.documents = sorted
        self.analysisOptions = analysis
        self.synonyms = synonyms
        let built = IndexBuilder(options: analysis).build(documents: sorted)
        guard built.postings.count <= postingLimit else {
            throw IndexTooLarge(postingBytes: built.postings.count, limit: postingLimit)
        }
        storage = IndexStorage(built)
        analyzers = AnalyzerPool(options: analysis)
        inflectedNames = Self.inflectedNames(synonyms, analyzers, storage.languages)
    }

    /// An index over `documents` (sorted by id) whose storage was built before and restored
    /// (see ``IndexSnapshot``).
    init(
        documents: [Document], analysis: AnalysisOptions, synonyms: SynonymTable,
        storage: IndexStorage
    ) {
        self.documents = documents
        self.analysisOptions = analysis
        self.synonyms = synonyms
        self.storage = storage
        analyzers = AnalyzerPool(options: analysis)
        inflectedNames = Self.inflectedNames(synonyms, analyzers, storage.languages)
    }

    private static func inflectedNames(
        _ synonyms: SynonymTable, _ analyzers: AnalyzerPool, _ languages: Set<Language>
    ) -> InflectedNames {
        guard !synonyms.isEmpty else { return InflectedNames() }
        return analyzers.withAnalyzer {
            InflectedNames(synonyms: synonyms, analyzer: $0, languages: languages)
        }
    }

    /// The same index searching names with `synonyms` (the alias table read at this load:
    /// synonyms are applied to queries only, the stored index does not depend on them).
    public func with(synonyms: SynonymTable) -> SearchIndex {
        SearchIndex(
            documents: documents, analysis: analysisOptions, synonyms: synonyms, storage: storage)
    }

    /// The vocabulary with its statistics.
    public var dictionary: TermDictionary { storage.dictionary }

    /// Size figures, for benchmarks and the daemon's info.
    public var statistics: IndexStatistics {
        let postings = storage.dictionary.documentFrequencies.reduce(0) { $0 + Int($1) }
        let occurrences = storage.dictionary.collectionFrequencies.reduce(0) { $0 + Int($1) }
        return IndexStatistics(
            documents: documents.count, terms: storage.dictionary.count, postings: postings,
            occurrences: occurrences, postingBytes: storage.postingBytes.count,
            textBytes: storage.textBytes)
    }

    /// The longest query ``search(_:options:cancellation:)`` accepts, in Unicode scalars.
    public static var maxQueryLength: Int { QueryParser.maxLength }

    /// Runs a query.
    ///
    /// Query language:
    /// - `nato azerbaijan`: all words must match; documents where they are close rank higher.
    /// - `"resolute support"`: the words in this order, side by side.
    /// - `-afghanistan`, `-"head of state"`, `-lang:en`: exclusion.
    /// - `stoltenberg OR столтенберг`: either side (binds looser than juxtaposition;
    ///   parentheses group: `(a OR b) c`).
    /// - `peacekeep*`: any word starting so.
    /// - `lang:ru`, `date:2021-12-14`, `date:2021-06..2021-12`, `date:2021..`, `source:AZERTAC`,
    ///   `id:002*`: filters on metadata; a partial date matches when it lies wholly inside.
    /// - A word not in the vocabulary at all also matches words 1 edit away (5-8 letters) or 2
    ///   edits away (9+), ranked lower (``SearchOptions/fuzzy``).
    ///
    /// - Parameter cancellation: polled while finding the matching documents and while
    ///   ranking; once it says so the search stops and returns results marked
    ///   ``SearchResults/isCancelled``.
    /// - Throws: ``QueryError`` for a malformed query, naming the problem and its column.
    public func search(
        _ query: String, options: SearchOptions = SearchOptions(),
        cancellation: WorkCancellation? = nil
    ) throws(QueryError) -> SearchResults {
        let node = try QueryParser.parse(query)
        return try analyzers.withAnalyzer { analyzer throws(QueryError) -> SearchResults in
            var evaluator = QueryEvaluator(
                storage: storage, documents: documents, analyzer: analyzer, options: options,
                synonyms: synonyms, inflectedNames: inflectedNames)
            let plan = try evaluator.compile(node)
            evaluator.cancellation = cancellation
            return storage.withPostings { [evaluator] source in
                let matching = evaluator.evaluate(plan, source)
                var ranker = Ranker(evaluator: evaluator, options: options, source: source)
                ranker.cancellation = cancellation
                let ranked = ranker.rank(
                    matching, limit: max(0, options.offset) + max(0, options.limit))
                if cancellation?.wasCancelled == true {
                    return SearchResults(total: matching.count, hits: [], isCancelled: true)
                }
                let page = ranked.dropFirst(max(0, options.offset)).prefix(max(0, options.limit))
                let hits = page.map { ranker.hit(document: $0.document, score: $0.score) }
                return SearchResults(total: matching.count, hits: hits)
            }
        }
    }
}

/// Sizes of a built index.
public struct IndexStatistics: Sendable, Hashable {
    /// Documents indexed.
    public var documents: Int
    /// Distinct terms, including cross-script keys.
    public var terms: Int
    /// (term, document) pairs.
    public var postings: Int
    /// (term, position) pairs.
    public var occurrences: Int
    /// Bytes of encoded posting lists (document deltas, frequencies and positions).
    public var postingBytes: Int
    /// Bytes of title and body text indexed.
    public var textBytes: Int
}
