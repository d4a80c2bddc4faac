import ArgumentParser

/// The `--limit` every list command takes.
enum LimitOption {
    /// natoazd reads a limit of 0 as "the default" (proto3 cannot tell 0 from unset), so
    /// `--limit 0` would print a full page; refuse it instead of surprising a script.
    static func validate(_ limit: UInt32) throws {
        if limit == 0 { throw ValidationError("--limit must be at least 1.") }
    }
}
