/// Splits one line of `natoazctl batch` input into arguments, the way a POSIX shell would
/// for the simple cases scripts need: words separated by blanks, 'single quotes' taken
/// literally, "double quotes" with `\"` and `\\` escapes, and a backslash escaping the next
/// character outside quotes. Nothing is expanded (no variables, globs or substitutions).
public enum CommandLineWords {
    /// Why a line could not be split.
    public struct SplitError: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong, e.g. "unterminated double quote".
        public var reason: String
        /// The 1-based character column where the problem starts.
        public var column: Int

        /// An error at `column` for `reason`.
        public init(reason: String, column: Int) {
            self.reason = reason
            self.column = column
        }

        public var description: String { "\(reason) at column \(column)" }
    }

    /// The words of `line`; an empty or blank line gives no words.
    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var characters = Array(line).makeIterator()
        var column = 0

        func next() -> Character? {
            column += 1
            return characters.next()
        }

        while let character = next() {
            switch character {
            case " ", "\t", "\r", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'":
                inWord = true
                let opened = column
                while true {
                    guard let inner = next() else {
                        throw SplitError(reason: "unterminated single quote", column: opened)
                    }
                    if inner == "'" { break }
                    current.append(inner)
                }
            case "\"":
                inWord = true
                let opened = column
                while true {
                    guard let inner = next() else {
                        throw SplitError(reason: "unterminated double quote", column: opened)
                    }
                    if inner == "\"" { break }
                    if inner == "\\" {
                        guard let escaped = next() else {
                            throw SplitError(reason: "unterminated double quote", column: opened)
                        }
                        if escaped != "\"" && escaped != "\\" { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(inner)
                    }
                }
            case "\\":
                inWord = true
                guard let escaped = next() else {
                    throw SplitError(reason: "backslash at end of line", column: column - 1)
                }
                current.append(escaped)
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
