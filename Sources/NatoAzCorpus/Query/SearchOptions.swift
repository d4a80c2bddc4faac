/// How a search runs and ranks.
public struct SearchOptions: Sendable, Hashable {
    /// Most hits returned (after `offset`).
    public var limit: Int
    /// Hits skipped, for paging.
    public var offset: Int
    /// Typo tolerance: a word with no exact match in the vocabulary also matches words within
    /// 1 edit (5-8 letters) or 2 edits (9 or more), ranked below exact matches.
    public var fuzzy: Bool
    /// Most vocabulary terms one `prefix*` may expand to; more is a ``QueryError``.
    public var maxPrefixExpansions: Int
    /// Whether hits carry a snippet (turn off when only ids and scores are needed).
    public var snippets: Bool
    /// Snippet length to aim for, in characters (Unicode scalars).
    public var snippetLength: Int
    /// Ranking parameters.
    public var ranking: RankingParameters

    /// Options with the given paging, typo tolerance, expansion bound, snippets and ranking.
    public init(
        limit: Int = 10, offset: Int = 0, fuzzy: Bool = true, maxPrefixExpansions: Int = 4_096,
        snippets: Bool = true, snippetLength: Int = 200, ranking: RankingParameters = .init()
    ) {
        self.limit = limit
        self.offset = offset
        self.fuzzy = fuzzy
        self.maxPrefixExpansions = maxPrefixExpansions
        self.snippets = snippets
        self.snippetLength = snippetLength
        self.ranking = ranking
    }
}

/// BM25 and the boosts layered on it.
public struct RankingParameters: Sendable, Hashable {
    /// BM25 term-frequency saturation.
    public var k1: Double
    /// BM25 length normalisation.
    public var b: Double
    /// Extra weight of a title occurrence: it counts as `1 + titleBoost` body occurrences.
    public var titleBoost: Double
    /// A document whose matches of all query parts sit side by side scores up to
    /// `1 + proximityBoost` times its BM25 score.
    public var proximityBoost: Double
    /// Weight of a typo-tolerant match relative to an exact one.
    public var fuzzyWeight: Double
    /// How many (document, query part) position lists the proximity boost may decode: the
    /// BM25 leaders get it, `proximityBudget / parts` of them (or the page's
    /// `offset + limit`, if more). Without a bound a query of many common words would decode
    /// the positions of every part in most of the corpus.
    public var proximityBudget: Int

    /// Parameters with BM25's usual `k1` and `b` and natoaz's boosts and bound.
    public init(
        k1: Double = 1.2, b: Double = 0.75, titleBoost: Double = 2, proximityBoost: Double = 0.5,
        fuzzyWeight: Double = 0.5, proximityBudget: Int = 65_536
    ) {
        self.k1 = k1
        self.b = b
        self.titleBoost = titleBoost
        self.proximityBoost = proximityBoost
        self.fuzzyWeight = fuzzyWeight
        self.proximityBudget = proximityBudget
    }
}

/// One page of ranked results.
public struct SearchResults: Sendable, Hashable {
    /// All documents matching the query (not just this page).
    public var total: Int
    /// The hits of this page, best first.
    public var hits: [SearchHit]
    /// True when the search was stopped by its ``WorkCancellation`` before it finished: `hits`
    /// and the ranking behind them are then incomplete and must not be shown as the answer.
    public var isCancelled = false
}

/// A highlighted range: UTF-8 byte offsets into the string it belongs to (``SearchHit/snippet``
/// or the title), `start..<end`.
///
/// Bytes, because every client can slice them exactly: Python `snippet.encode()[start:end]`,
/// Swift `snippet.utf8`, Go and Rust strings natively.
public struct Highlight: Sendable, Hashable {
    /// The offset of the range's first byte.
    public var start: Int
    /// The offset just past the range's last byte.
    public var end: Int

    /// The range `start..<end`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// `highlights` (in order) with each run of ranges that touch one another made one: a
    /// match of `北约` is one range, not one per character (CJK, Hangul and Thai characters
    /// are words of their own, side by side).
    static func joiningTouching(_ highlights: [Highlight]) -> [Highlight] {
        var joined: [Highlight] = []
        joined.reserveCapacity(highlights.count)
        for highlight in highlights {
            if let last = joined.last, last.end == highlight.start {
                joined[joined.count - 1].end = highlight.end
            } else {
                joined.append(highlight)
            }
        }
        return joined
    }
}

/// One ranked document.
public struct SearchHit: Sendable, Hashable {
    /// The document id, e.g. `002_163f1bbd0ac872e2`.
    public var docID: String
    /// Relevance; higher is better. Only meaningful within one result list.
    public var score: Double
    /// The document's title, when it has one.
    public var title: String?
    /// The document's date, when one was found.
    public var date: PartialDate?
    /// The document's language.
    public var lang: Language
    /// The agency or outlet (`AZERTAC`, `Trend`, ...), when the article names one.
    public var source: String?
    /// The best passage of the body, about ``SearchOptions/snippetLength`` characters, cut at
    /// word boundaries, with line breaks shown as spaces. Empty for an empty body.
    public var snippet: String
    /// Where the snippet starts in ``Document/text`` (UTF-8 bytes), so a client can extend it.
    public var snippetStart: Int
    /// Matched words in the snippet (UTF-8 byte offsets into `snippet`).
    public var highlights: [Highlight]
    /// Matched words in the title (UTF-8 byte offsets into `title`).
    public var titleHighlights: [Highlight]
}
