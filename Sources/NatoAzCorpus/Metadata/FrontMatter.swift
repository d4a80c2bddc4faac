/// YAML front matter, as Markdown tools write it at the top of a file:
///
///     ---
///     title: "Azerbaijan joins NATO exercise"
///     date: 2021-12-14
///     tags: [nato, azerbaijan]
///     ---
///
/// Its `title:`, `date:`, `source:` and `place:` lines are read as the keyed header lines of
/// ``HeaderFields``; the others are kept as header lines and indexed nowhere. Session 13's QA
/// found the whole block joined into the first paragraph and the article untitled.
enum FrontMatter {
    /// The most lines looked through for the closing `---`: past it, a file that starts with
    /// a rule is not front matter.
    static let maxLines = 40

    /// The index of the line that closes the front matter opening the `count` lines `line`
    /// gives (the first is `---`, the closing one `---` or `...`), if they open with one.
    static func closingLine(count: Int, _ line: (Int) -> Substring) -> Int? {
        guard count > 2, line(0) == "---" else { return nil }
        for index in 1..<min(count, maxLines) {
            let text = line(index)
            if text == "---" || text == "..." { return index > 1 ? index : nil }
            // A YAML mapping line: a key, a colon. Anything else is not front matter.
            guard text.contains(":") || text.hasPrefix("-") || text.hasPrefix("#") else {
                return nil
            }
        }
        return nil
    }

    /// A `key: value` line with the value's quotes taken off (`title: "NATO"` is
    /// `title: NATO`), for ``HeaderFields``.
    static func unquoted(_ line: Substring) -> Substring {
        guard let colon = line.firstIndex(of: ":") else { return line }
        let value = TextLines.trim(line[line.index(after: colon)...])
        guard value.count >= 2, let quote = value.first, quote == "\"" || quote == "'",
            value.last == quote
        else { return line }
        return Substring(line[...colon] + " " + value.dropFirst().dropLast())
    }
}
