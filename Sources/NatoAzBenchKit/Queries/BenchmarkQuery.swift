/// The query classes benchmarks report separately, because their costs differ in kind.
public enum QueryClass: String, Sendable, CaseIterable {
    /// One word: a posting list walk.
    case single
    /// Two words, both required: an intersection.
    case two
    /// A quoted phrase: an intersection plus position checks.
    case phrase
    /// `word*`: a vocabulary range, then a union.
    case prefix
    /// A misspelt word: typo tolerance (edit distance 1 or 2) over the vocabulary.
    case fuzzy
    /// A word with a field filter (`lang:ru`, `date:2015-01..2019-12`).
    case filtered
}

/// One line of a query file: `CLASS<TAB>QUERY`.
public struct BenchmarkQuery: Sendable, Hashable {
    /// Which kind of query it is, for reporting latencies by class.
    public var queryClass: QueryClass
    /// The query as natoazd's search syntax writes it.
    public var text: String

    /// A query of `queryClass`.
    public init(queryClass: QueryClass, text: String) {
        self.queryClass = queryClass
        self.text = text
    }

    /// Parses a query file: one `CLASS<TAB>QUERY` per line; blank lines and `#` comments are
    /// skipped. A line without a tab or with an unknown class is an error, so a typo cannot
    /// silently move a query to another row of the report.
    public static func parseFile(_ text: String, name: String) throws(QueryFileError)
        -> [BenchmarkQuery]
    {
        var queries: [BenchmarkQuery] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let tab = line.firstIndex(of: "\t") else {
                throw QueryFileError(
                    file: name, line: lineNumber,
                    problem: "expected CLASS<TAB>QUERY, found no tab")
            }
            let className = String(line[..<tab])
            guard let queryClass = QueryClass(rawValue: className) else {
                throw QueryFileError(
                    file: name, line: lineNumber,
                    problem: "unknown class '\(className)' (expected one of "
                        + QueryClass.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            let query = String(line[line.index(after: tab)...])
            guard !query.isEmpty else {
                throw QueryFileError(file: name, line: lineNumber, problem: "empty query")
            }
            queries.append(BenchmarkQuery(queryClass: queryClass, text: query))
        }
        guard !queries.isEmpty else {
            throw QueryFileError(file: name, line: 0, problem: "no queries in the file")
        }
        return queries
    }
}

/// A query file that cannot be used, with the place and the reason.
public struct QueryFileError: Error, CustomStringConvertible {
    /// The query file's path.
    public var file: String
    /// The 1-based line at fault.
    public var line: Int
    /// What is wrong with the line and what it should look like.
    public var problem: String

    public var description: String {
        line > 0 ? "\(file):\(line): \(problem)" : "\(file): \(problem)"
    }
}
