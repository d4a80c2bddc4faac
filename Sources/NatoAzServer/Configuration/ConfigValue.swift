/// One configuration value, as written in the config file or given as a flag or environment
/// variable (those are always `.string`; each setting parses the text it accepts).
public enum ConfigValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([ConfigValue])

    public var description: String {
        switch self {
        case .string(let text): return "\"\(text)\""
        case .integer(let number): return String(number)
        case .boolean(let flag): return String(flag)
        case .array(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

/// Where a configuration value came from, so an error can point at it.
public enum ConfigOrigin: Sendable, Hashable, CustomStringConvertible {
    case flag(String)
    case environment(String)
    case file(path: String, line: Int)

    public var description: String {
        switch self {
        case .flag(let name): return "--\(name)"
        case .environment(let name): return "$\(name)"
        case .file(let path, let line): return "\(path):\(line)"
        }
    }
}

/// A configuration problem: what is wrong and where it was written.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, where it was written (flag, `$NATOAZ_*` variable or `file:line`) and what
    /// is accepted instead.
    public var message: String

    /// An error with a complete message, printed as is by `natoazd` and `--check-config`.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
