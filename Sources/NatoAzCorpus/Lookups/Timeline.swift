/// Documents in date order, for a timeline view.
///
/// Order is ``PartialDate``'s (a date without a year sorts first), then document id; documents
/// without any date come last. A range keeps only documents whose date lies wholly inside it,
/// the same rule as search's `date:` filter, so a yearless date is never in a bounded range.
public struct TimelineQuery: Sendable, Hashable {
    /// Inclusive lower bound, `2021`, `2021-06` or `2021-06-22`; nil = open.
    public var from: String?
    /// Inclusive upper bound, same forms; nil = open.
    public var to: String?
    /// Only documents in this language.
    public var language: Language?

    public init(from: String? = nil, to: String? = nil, language: Language? = nil) {
        self.from = from
        self.to = to
        self.language = language
    }
}

extension SearchIndex {
    /// The documents of the timeline, oldest first.
    ///
    /// - Throws: ``QueryError`` for a malformed bound (column 1 is the start of `from`, and
    ///   the columns of `to` follow as if written `from..to`).
    public func timeline(_ query: TimelineQuery) throws(QueryError) -> [Document] {
        let from = query.from ?? ""
        let to = query.to ?? ""
        var range: (lower: Int, upper: Int)? = nil
        if !from.isEmpty || !to.isEmpty {
            guard
                case .date(let lower, let upper) = try DateRangeParser.parse(
                    "\(from)..\(to)", column: 1)
            else { return [] }
            range = (lower, upper)
        }
        let selected = documents.filter { document in
            if let language = query.language, document.lang != language { return false }
            guard let range else { return true }
            guard let date = document.date, let span = DateRangeParser.span(of: date) else {
                return false
            }
            return span.lowerBound >= range.lower && span.upperBound <= range.upper
        }
        return selected.sorted { left, right in
            switch (left.date, right.date) {
            case (let l?, let r?): return l != r ? l < r : left.id < right.id
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left.id < right.id
            }
        }
    }
}
