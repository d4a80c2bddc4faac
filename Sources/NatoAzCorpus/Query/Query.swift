/// A parsed query, before analysis: what the user typed, as a tree.
///
/// Columns are 1-based positions in Unicode scalars of the query string, kept so that errors
/// found after parsing (an unknown language, a bad date) can still point at their place.
indirect enum QueryNode: Sendable, Equatable {
    /// A word; `prefix` when written with a trailing `*`.
    case word(String, prefix: Bool, column: Int)
    /// A quoted phrase: its words must appear consecutively.
    case phrase(String, column: Int)
    /// A metadata filter such as `lang:ru`.
    case filter(QueryFilter, column: Int)
    /// `-x`: documents matching x are excluded.
    case not(QueryNode, column: Int)
    /// Every child must match.
    case and([QueryNode])
    /// At least one child must match.
    case or([QueryNode])
}

/// A field filter, validated at parse time.
enum QueryFilter: Sendable, Equatable {
    case language(Language)
    /// Dates as `yyyymmdd` ordinals; a document matches when its whole (possibly partial) date
    /// lies inside `lower...upper`.
    case date(lower: Int, upper: Int)
    /// Folded source name; `prefix` when written with a trailing `*`.
    case source(String, prefix: Bool)
    /// Document id; `prefix` when written with a trailing `*`.
    case id(String, prefix: Bool)
}
