/// Long text a message repeats, shortened to what is kept and how many bytes were left out
/// (`… [N more bytes]`): a script's 5 MB line must not come back whole in every result or
/// error about it (session 16's QA).
enum Elision {
    /// At most `limit` bytes of `text`, cut at a character.
    static func keepingBytes(_ text: String, _ limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var end = text.startIndex
        while end < text.endIndex {
            let next = text.index(after: end)
            guard text.utf8.distance(from: text.startIndex, to: next) <= limit else { break }
            end = next
        }
        return marked(text, kept: text[..<end])
    }

    /// At most `limit` characters of `text`.
    static func keepingCharacters(_ text: String, _ limit: Int) -> String {
        let kept = text.prefix(limit)
        return kept.endIndex < text.endIndex ? marked(text, kept: kept) : text
    }

    private static func marked(_ text: String, kept: Substring) -> String {
        kept + "… [\(text.utf8.count - kept.utf8.count) more bytes]"
    }
}
