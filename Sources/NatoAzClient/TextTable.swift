/// An aligned, plain-text table for terminals.
///
/// Widths are measured in characters (grapheme clusters) of the undecorated text, so ANSI
/// bold added by `TerminalStyle` does not throw columns out of line. The last column is not
/// padded, and is cut with "…" to fit the terminal when a width is known.
public struct TextTable: Sendable {
    /// A cell: the text to measure and the text to print (the same text, maybe decorated).
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        /// The text as measured for alignment.
        public var plain: String
        /// The text as printed (with ANSI styling on a terminal).
        public var decorated: String

        /// A cell printing `decorated` (or `plain` when nil) in a column as wide as `plain`.
        public init(_ plain: String, decorated: String? = nil) {
            self.plain = plain
            self.decorated = decorated ?? plain
        }

        /// A plain cell.
        public init(stringLiteral value: String) {
            self.init(value)
        }
    }

    /// How a column is aligned.
    public enum Alignment: Sendable {
        case left, right
    }

    private let headers: [String]
    private let showsHeader: Bool
    private let alignments: [Alignment]
    private var rows: [[Cell]] = []
    private var details: [Cell?] = []

    /// A table with the given column headers; columns are left-aligned unless stated.
    public init(headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.showsHeader = true
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
    }

    /// A table without a header line, e.g. for key/value lists.
    public init(columns: Int, alignments: [Alignment]? = nil) {
        self.headers = Array(repeating: "", count: columns)
        self.showsHeader = false
        self.alignments = alignments ?? Array(repeating: .left, count: columns)
    }

    /// Appends a row; missing cells are empty, extra cells are dropped. A `detail` (e.g. a
    /// search snippet) is printed on its own indented line below the row, not aligned.
    public mutating func append(_ row: [Cell], detail: Cell? = nil) {
        var row = Array(row.prefix(headers.count))
        while row.count < headers.count { row.append("") }
        rows.append(row)
        details.append(detail)
    }

    /// Whether the table has no rows.
    public var isEmpty: Bool { rows.isEmpty }

    /// The table as lines, each ending in a newline; the header in bold when `style` says so.
    public func render(style: TerminalStyle) -> String {
        let cleaned = rows.map { $0.map(Self.singleLine) }
        var widths = headers.map(\.count)
        for row in cleaned {
            for (column, cell) in row.enumerated() {
                widths[column] = max(widths[column], cell.plain.count)
            }
        }
        var output = ""
        let headerCells = headers.map { Cell($0, decorated: style.bold($0)) }
        let lines = (showsHeader ? [(headerCells, nil)] : []) + zip(cleaned, details).map { $0 }
        for (row, detail) in lines {
            var used = 0
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                if column > 0 {
                    output += "  "
                    used += 2
                }
                if isLast && alignments[column] == .left {
                    output += Self.fit(cell, width: style.columns.map { max($0 - used, 10) })
                } else {
                    let padding = String(repeating: " ", count: widths[column] - cell.plain.count)
                    output +=
                        alignments[column] == .right
                        ? padding + cell.decorated : cell.decorated + padding
                    used += widths[column]
                }
            }
            output += "\n"
            if let detail {
                output += "    " + Self.singleLine(detail).decorated + "\n"
            }
        }
        return output
    }

    /// Tabs and newlines inside a cell would break the alignment: show them as spaces.
    private static func singleLine(_ cell: Cell) -> Cell {
        func flatten(_ text: String) -> String {
            guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
            return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        }
        return Cell(flatten(cell.plain), decorated: flatten(cell.decorated))
    }

    /// The cell cut to `width` visible characters with "…", keeping its ANSI decorations
    /// (escape sequences take no columns) and closing any left open.
    private static func fit(_ cell: Cell, width: Int?) -> String {
        guard let width, cell.plain.count > width else { return cell.decorated }
        var output = ""
        var visible = 0
        var inEscape = false
        var sawEscape = false
        for character in cell.decorated {
            if inEscape {
                output.append(character)
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                output.append(character)
                inEscape = true
                sawEscape = true
            } else {
                guard visible < width - 1 else { break }
                output.append(character)
                visible += 1
            }
        }
        return output + (sawEscape ? "\u{1B}[0m…" : "…")
    }
}
