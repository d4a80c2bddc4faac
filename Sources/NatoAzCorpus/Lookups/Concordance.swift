/// One occurrence in a concordance (key word in context).
public struct ConcordanceLine: Sendable, Hashable {
    public var docID: String
    /// Index position of the match's first word.
    public var position: Int
    /// UTF-8 byte offsets of the match in ``Document/text``: `start..<end`.
    public var start: Int
    public var end: Int
    /// Up to `width` characters before the match, cut at a word boundary, on one line.
    public var left: String
    /// The match as written (a phrase match spans all its words).
    public var match: String
    /// Up to `width` characters after the match, cut at a word boundary, on one line.
    public var right: String
}

/// How a concordance is ordered.
public enum ConcordanceOrder: Sendable, Hashable {
    /// Document id, then position.
    case document
    /// By the left context read right to left (the word before the match first), as
    /// concordancers sort; ties in document order.
    case left
    /// By the right context; ties in document order.
    case right
}

extension SearchIndex {
    /// Every occurrence of what `query` matches in document bodies, with its context.
    ///
    /// `query` is any search query (a word, a `"phrase"`, `a OR b`, filters), analysed as
    /// search analyses it, so `peacekeeper` also shows `peacekeepers` and `Stoltenberg` shows
    /// `Столтенберг`. Matched words side by side (a phrase, an alias) make one occurrence.
    ///
    /// - Throws: ``QueryError`` for a malformed query.
    public func concordance(_ query: String, width: Int = 40, order: ConcordanceOrder = .document)
        throws(QueryError) -> [ConcordanceLine]
    {
        let width = max(1, width)
        var lines: [ConcordanceLine] = []
        for matched in try matches(query) {
            let text = documents[matched.documentNumber].text
            let utf8 = Array(text.utf8)
            var group: [MatchSpan] = []
            func flush() {
                guard let first = group.first, let last = group.last else { return }
                lines.append(
                    ConcordanceLine(
                        docID: matched.docID, position: first.position, start: first.start,
                        end: last.end,
                        left: Self.context(utf8, before: first.start, width: width),
                        match: String(decoding: utf8[first.start..<last.end], as: UTF8.self),
                        right: Self.context(utf8, after: last.end, width: width)))
                group.removeAll()
            }
            for span in matched.spans where span.field == .body {
                // Side by side matched words are one occurrence: a phrase, or an alias's
                // words (`Stoltenberg` matches `Йенсом Столтенбергом` via the alias table).
                if let last = group.last, span.position != last.position + 1 {
                    flush()
                }
                group.append(span)
            }
            flush()
        }
        switch order {
        case .document:
            break  // matches come in id order, spans in text order
        case .left:
            let keys = lines.map { Self.sortKey(Array($0.left.split(separator: " ").reversed())) }
            lines = zip(lines, keys).enumerated().sorted {
                ($0.element.1, $0.offset) < ($1.element.1, $1.offset)
            }.map(\.element.0)
        case .right:
            let keys = lines.map { Self.sortKey($0.right.split(separator: " ").map { $0 }) }
            lines = zip(lines, keys).enumerated().sorted {
                ($0.element.1, $0.offset) < ($1.element.1, $1.offset)
            }.map(\.element.0)
        }
        return lines
    }

    /// Folded words joined by spaces (punctuation dropped), so case and accents do not sort.
    private static func sortKey(_ words: [Substring]) -> String {
        words.map { Folding.fold($0.filter { $0.isLetter || $0.isNumber }[...]) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The text before `offset`: at most `width` characters, starting at a word boundary,
    /// whitespace (newlines included) collapsed to single spaces and trimmed.
    static func context(_ utf8: [UInt8], before offset: Int, width: Int) -> String {
        let scalars = Array(String(decoding: utf8[..<offset], as: UTF8.self).unicodeScalars)
        var start = max(0, scalars.count - width)
        if start > 0 {
            // Drop a word cut in half: begin after the first whitespace in the window.
            if let space = scalars[start...].firstIndex(where: { $0.properties.isWhitespace }) {
                start = space
            } else {
                start = scalars.count
            }
        }
        return collapse(scalars[start...])
    }

    /// The text after `offset`: at most `width` characters, ending at a word boundary.
    static func context(_ utf8: [UInt8], after offset: Int, width: Int) -> String {
        let scalars = Array(String(decoding: utf8[offset...], as: UTF8.self).unicodeScalars)
        var end = min(scalars.count, width)
        if end < scalars.count, !scalars[end].properties.isWhitespace {
            if let space = scalars[..<end].lastIndex(where: { $0.properties.isWhitespace }) {
                end = space
            } else {
                end = 0
            }
        }
        return collapse(scalars[..<end])
    }

    private static func collapse(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }
}
