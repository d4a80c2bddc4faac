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

    /// A timeline between `from` and `to` (inclusive, either open when nil) in `language` (all
    /// when nil). The bounds are checked when the query runs.
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
        // Filtered on the filter columns, sorted on one integer per document: the sort
        // compared documents, decoding both dates and building both ids at each comparison
        // (157 ms at 10k articles for any Timeline without bounds, on the event loop;
        // session 15's QA). Documents are numbered in id order, so the number breaks ties.
        let filters = storage.filters
        var keyed: [(key: Int64, number: Int32)] = []
        for number in documents.indices {
            if let language = query.language, filters.languages[number] != language { continue }
            if let range {
                // `dateLower` is 0 for a document without a date or without a year.
                let lower = Int(filters.dateLower[number])
                let upper = Int(filters.dateUpper[number])
                guard lower != 0, lower >= range.lower, upper <= range.upper else { continue }
            }
            keyed.append((Self.timelineKey(documents[number].date), Int32(number)))
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.number < $1.number }
        return keyed.map { documents[Int($0.number)] }
    }

    /// ``PartialDate``'s order as one integer (a date without a year or day sorts before
    /// those with one, as `<` has it); documents without a date last.
    static func timelineKey(_ date: PartialDate?) -> Int64 {
        guard let date else { return .max }
        let year = date.year.map { Int64(Int32(clamping: $0)) - Int64(Int32.min) + 1 } ?? 0
        return (year << 16) | Int64(min(max(date.month, 0), 255)) << 8
            | Int64(date.day.map { min(max($0, 0), 254) + 1 } ?? 0)
    }
}
