/// A query that cannot be run, with what is wrong and where.
///
/// `column` counts Unicode scalars (characters as a user sees them, mostly) from 1, so a client
/// can point under the query: `"nato -` / `      ^ lone '-' ...`.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, and what to do about it.
    public var message: String
    /// 1-based column (in Unicode scalars) where the problem is.
    public var column: Int

    /// An error at `column` (1-based, Unicode scalars) saying what is wrong and what to do.
    public init(_ message: String, column: Int) {
        self.message = message
        self.column = column
    }

    public var description: String { "column \(column): \(message)" }
}
