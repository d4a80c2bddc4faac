import Glibc

/// How human-readable output is decorated: ANSI bold for matches, or plain text.
///
/// Bold is used only when stdout is a terminal, `NO_COLOR` (https://no-color.org) is unset
/// or empty, and `TERM` is not `dumb` (a terminal that shows escapes as they are, as grep and
/// ls assume), so pipes, files and scripts always get plain text.
public struct TerminalStyle: Sendable {
    /// Whether ANSI escape sequences are written.
    public let usesEscapes: Bool
    /// The terminal's width in columns, when stdout is a terminal that reports one.
    public let columns: Int?

    /// A style chosen explicitly (tests, `--json`).
    public init(usesEscapes: Bool, columns: Int? = nil) {
        self.usesEscapes = usesEscapes
        self.columns = columns
    }

    /// The style for this process's stdout.
    public static func forStandardOutput() -> TerminalStyle {
        let isTerminal = isatty(STDOUT_FILENO) == 1
        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let dumb = getenv("TERM").map { String(cString: $0) == "dumb" } ?? false
        var size = winsize()
        let columns =
            isTerminal && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
            ? Int(size.ws_col) : nil
        return TerminalStyle(usesEscapes: isTerminal && !noColor && !dumb, columns: columns)
    }

    /// `text` in bold when escapes are on.
    public func bold(_ text: String) -> String {
        usesEscapes ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    /// `text` dimmed (for secondary details such as ids) when escapes are on.
    public func dim(_ text: String) -> String {
        usesEscapes ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }

    /// `text` with the given UTF-8 byte ranges in bold. Ranges that are out of bounds, overlap
    /// or split a character are clamped to character boundaries rather than trusted.
    public func highlight(_ text: String, byteRanges: [(start: Int, end: Int)]) -> String {
        guard usesEscapes, !byteRanges.isEmpty else { return text }
        let utf8 = text.utf8
        var result = ""
        var cursor = utf8.startIndex
        for range in byteRanges.sorted(by: { $0.start < $1.start }) {
            let start = utf8.index(
                utf8.startIndex, offsetBy: min(max(range.start, 0), utf8.count))
            let end = utf8.index(utf8.startIndex, offsetBy: min(max(range.end, 0), utf8.count))
            let lower = max(text.index(roundingDown: start), cursor)
            let upper = text.index(roundingUp: end)
            guard lower < upper else { continue }
            result += text[cursor..<lower]
            result += bold(String(text[lower..<upper]))
            cursor = upper
        }
        result += text[cursor...]
        return result
    }
}

extension String {
    fileprivate func index(roundingDown index: Index) -> Index {
        var index = index
        while index > startIndex && !isCharacterBoundary(index) {
            index = utf8.index(before: index)
        }
        return index
    }

    fileprivate func index(roundingUp index: Index) -> Index {
        var index = index
        while index < endIndex && !isCharacterBoundary(index) {
            index = utf8.index(after: index)
        }
        return index
    }

    private func isCharacterBoundary(_ index: Index) -> Bool {
        index.samePosition(in: self) != nil
    }
}
