/// Parses `date:` filter values: `2021`, `2021-12`, `2021-12-14`, and ranges of those with
/// `..` (`2021-06..2021-12`, `2021..`, `..2021-06-30`).
enum DateRangeParser {
    static func parse(_ value: String, column: Int) throws(QueryError) -> QueryFilter {
        let parts = value.split(separator: "..", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 1 {
            let (lower, upper) = try bounds(Substring(value), column: column)
            return .date(lower: lower, upper: upper)
        }
        let left = parts[0]
        let right = parts[1]
        if left.isEmpty, right.isEmpty {
            throw QueryError("date range needs at least one end (2021-06..2021-12)", column: column)
        }
        let lower = left.isEmpty ? Int.min : try bounds(left, column: column).lower
        let rightColumn = column + left.unicodeScalars.count + 2
        let upper = right.isEmpty ? Int.max : try bounds(right, column: rightColumn).upper
        if lower > upper {
            throw QueryError("date range ends before it starts", column: column)
        }
        return .date(lower: lower, upper: upper)
    }

    /// The first and last `yyyymmdd` ordinal a (possibly partial) date covers.
    private static func bounds(_ text: Substring, column: Int) throws(QueryError) -> (
        lower: Int, upper: Int
    ) {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        let expected = "expected a date like 2021, 2021-12 or 2021-12-14"
        guard (1...3).contains(fields.count),
            fields.allSatisfy({
                !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber)
            })
        else {
            throw QueryError("bad date '\(text)': \(expected)", column: column)
        }
        guard fields[0].count == 4, let year = Int(fields[0]) else {
            throw QueryError("bad year '\(fields[0])': \(expected)", column: column)
        }
        var month: Int? = nil
        if fields.count > 1 {
            guard fields[1].count <= 2, let value = Int(fields[1]), (1...12).contains(value) else {
                throw QueryError("bad month '\(fields[1])' (01-12)", column: column + 5)
            }
            month = value
        }
        var day: Int? = nil
        if fields.count > 2, let month {
            let last = daysIn(month: month, year: year)
            guard fields[2].count <= 2, let value = Int(fields[2]), (1...last).contains(value)
            else {
                throw QueryError(
                    "bad day '\(fields[2])' (01-\(last) in that month)",
                    column: column + 5 + fields[1].count + 1)
            }
            day = value
        }
        let lower = year * 10_000 + (month ?? 1) * 100 + (day ?? 1)
        let upper = year * 10_000 + (month ?? 12) * 100 + (day ?? 31)
        return (lower, upper)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The `yyyymmdd` span a document date covers, or nil when its year is unknown (such a
    /// document can never be shown to lie in a dated range).
    static func span(of date: PartialDate) -> ClosedRange<Int>? {
        guard let year = date.year else { return nil }
        let base = year * 10_000 + date.month * 100
        if let day = date.day { return (base + day)...(base + day) }
        return (base + 1)...(base + 31)
    }
}
