/// A calendar date whose year (and possibly day) may be unknown.
///
/// Rendered as ISO 8601: `2021-12-14`, or `--12-14` without a year,
/// `2021-12` without a day.
public struct PartialDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, nil when the article does not say it.
    public var year: Int?
    /// The month, 1-12.
    public var month: Int
    /// The day of the month, 1-31, nil when only the month is known.
    public var day: Int?

    /// A date from its parts, as given (the parsers check them).
    public init(year: Int?, month: Int, day: Int?) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whether year, month and day are all known.
    public var isComplete: Bool { year != nil && day != nil }

    public var description: String {
        let mm = month < 10 ? "0\(month)" : "\(month)"
        let dd = day.map { $0 < 10 ? "0\($0)" : "\($0)" }
        switch (year, dd) {
        case (let y?, let d?): return "\(y)-\(mm)-\(d)"
        case (let y?, nil): return "\(y)-\(mm)"
        case (nil, let d?): return "--\(mm)-\(d)"
        case (nil, nil): return "--\(mm)"
        }
    }

    /// Orders by year (unknown first), then month, then day (unknown first).
    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        (lhs.year ?? Int.min, lhs.month, lhs.day ?? Int.min)
            < (rhs.year ?? Int.min, rhs.month, rhs.day ?? Int.min)
    }
}
