/// The text of an HTML page saved as a `.txt` article: a browser's "save as", a CMS export.
/// Session 13's QA found such a file titled `<!DOCTYPE html>` and its markup indexed as words
/// (`html`, `meta`, `charset`, `div`, `class`), with entities like `&amp;` as text.
///
/// Only a file that opens with `<!DOCTYPE html` or `<html` (after spaces) is read as HTML, so
/// a plain article that mentions a tag is left alone. The page's `<title>` becomes the first
/// line, then each block (`p`, `div`, headings, list items, `br`, ...) a paragraph of its own;
/// other tags go, `script`, `style` and comments with their content, and character references
/// are decoded. Not a full HTML parser: enough for the articles a corpus gets.
enum HTMLText {
    /// The plain text of `text` if it is an HTML page, else nil.
    static func plainText(_ text: String) -> String? {
        guard isPage(text) else { return nil }
        var scalars = Array(text.unicodeScalars)
        scalars.append(" ")  // a sentinel: lookahead never runs off the end
        // Strings grow in place; `String.UnicodeScalarView.append(contentsOf:)` copied the
        // whole text at every call (a page of 4 MB of `&` took minutes).
        var output = ""
        var title = ""
        var inTitle = false
        var commentsClose = true
        var index = 0
        let end = scalars.count - 1
        while index < end {
            let scalar = scalars[index]
            if scalar == "&" {
                let (decoded, next) = reference(scalars, at: index)
                if inTitle {
                    title.unicodeScalars.append(decoded)
                } else {
                    output.unicodeScalars.append(decoded)
                }
                index = next
                continue
            }
            guard scalar == "<" else {
                // Line breaks in the source are spaces in a page; blocks make paragraphs.
                let kept: Unicode.Scalar = scalar == "\n" || scalar == "\r" ? " " : scalar
                if inTitle {
                    title.unicodeScalars.append(kept)
                } else {
                    output.unicodeScalars.append(kept)
                }
                index += 1
                continue
            }
            if startsWith(scalars, at: index, "<!--") {
                // A comment never closed is dropped as far as its marker only: taken to the
                // end as a browser does, it silently dropped the rest of the article
                // (session 15's QA). Once no `-->` follows, none follows a later `<!--`
                // either: not looked for again (a page of many would be quadratic).
                let close = commentsClose ? find(scalars, from: index + 4, "-->") : nil
                commentsClose = close != nil
                index = close.map { $0 + 3 } ?? index + 4
                continue
            }
            let tagEnd = self.tagEnd(scalars, from: index + 1)
            let name = tagName(scalars, from: index + 1, to: tagEnd)
            index = tagEnd
            switch name {
            case "script", "style":
                index = after(scalars, from: index, "</" + name)
                index = after(scalars, from: index, ">")
            case "title":
                inTitle = true
            case "/title":
                inTitle = false
            case "br":
                output += "\n"
            default:
                let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
                if blocks.contains(bare) { output += "\n\n" }
            }
        }
        let heading = title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var body = Substring(output)
        guard !heading.isEmpty else { return String(body) }
        // The page's first heading usually repeats its title: once is enough.
        body = body.drop { $0.isWhitespace }
        if body.hasPrefix(heading), body.dropFirst(heading.count).first?.isNewline ?? true {
            body = body.dropFirst(heading.count)
        }
        return heading + "\n\n" + body
    }

    /// Whether `text` opens with `<!DOCTYPE html` or `<html`, after spaces and a BOM.
    static func isPage(_ text: String) -> Bool {
        var start = text.utf8.startIndex
        while start < text.utf8.endIndex {
            let byte = text.utf8[start]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { break }
            start = text.utf8.index(after: start)
        }
        guard start < text.utf8.endIndex, text.utf8[start] == 0x3C else { return false }
        let head = String(decoding: text.utf8[start...].prefix(14), as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
    }

    /// Tags that end a paragraph: each opens and closes one.
    private static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
        "article", "section", "header", "footer", "blockquote", "pre", "hr", "body", "head",
        "main", "aside", "figure", "figcaption", "dd", "dt", "dl", "nav", "address",
    ]

    /// The tag's name, lowercased, with a leading `/` for an end tag ("" for `<!DOCTYPE>`);
    /// at most 16 letters (no tag that matters here is longer).
    private static func tagName(_ scalars: [Unicode.Scalar], from start: Int, to end: Int)
        -> String
    {
        var name = ""
        var index = start
        if index < end, scalars[index] == "/" {
            name += "/"
            index += 1
        }
        let last = min(end, index + 16)
        while index < last, isNameScalar(scalars[index]) {
            name += scalars[index].properties.lowercaseMapping
            index += 1
        }
        return name
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// The index after the `>` that ends a tag whose name starts at `start`. A `>` inside a
    /// quoted attribute value (`<a title="a > b">`) does not end it; a quote that is never
    /// closed is taken as a plain character, so a stray one loses no more than the tag.
    private static func tagEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        let end = scalars.count - 1
        var index = start
        var afterEquals = false
        while index < end {
            let scalar = scalars[index]
            if scalar == ">" { return index + 1 }
            if afterEquals, scalar == "\"" || scalar == "'" {
                var close = index + 1
                while close < end, scalars[close] != scalar { close += 1 }
                guard close < end else { return after(scalars, from: start, ">") }
                index = close + 1
                afterEquals = false
                continue
            }
            if scalar == "=" {
                afterEquals = true
            } else if !scalar.properties.isWhitespace {
                afterEquals = false
            }
            index += 1
        }
        return end
    }

    /// The index after the first `marker` at or after `start`, or the end.
    private static func after(_ scalars: [Unicode.Scalar], from start: Int, _ marker: String)
        -> Int
    {
        find(scalars, from: start, marker).map { $0 + marker.unicodeScalars.count }
            ?? scalars.count - 1
    }

    /// Where the first `marker` at or after `start` begins, or nil when there is none.
    private static func find(_ scalars: [Unicode.Scalar], from start: Int, _ marker: String)
        -> Int?
    {
        let end = scalars.count - 1
        var index = start
        while index < end {
            if startsWith(scalars, at: index, marker) { return index }
            index += 1
        }
        return nil
    }

    /// Whether `marker` (ASCII) is at `index`, ignoring case.
    private static func startsWith(_ scalars: [Unicode.Scalar], at index: Int, _ marker: String)
        -> Bool
    {
        var position = index
        for expected in marker.unicodeScalars {
            guard position < scalars.count else { return false }
            var actual = scalars[position].value
            if actual >= 0x41 && actual <= 0x5A { actual += 0x20 }
            guard actual == expected.value else { return false }
            position += 1
        }
        return true
    }

    /// The character reference at `index` (which holds `&`) decoded, and the index after
    /// it; an `&` that starts no known reference stays as it is.
    private static func reference(_ scalars: [Unicode.Scalar], at index: Int)
        -> (Unicode.Scalar, Int)
    {
        var close = index + 1
        while close < scalars.count, close - index <= 10, scalars[close] != ";" {
            close += 1
        }
        let literal: (Unicode.Scalar, Int) = ("&", index + 1)
        guard close < scalars.count, scalars[close] == ";", close > index + 1 else {
            return literal
        }
        let name = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
        var value: UInt32?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            value = UInt32(name.dropFirst(2), radix: 16)
        } else if name.hasPrefix("#") {
            value = UInt32(name.dropFirst())
        } else {
            value = entities[name]
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return literal }
        return (scalar, close + 1)
    }

    /// The named references news pages use.
    private static let entities: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0,
        "ndash": 0x2013, "mdash": 0x2014, "hellip": 0x2026, "laquo": 0xAB, "raquo": 0xBB,
        "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E,
        "copy": 0xA9, "reg": 0xAE, "deg": 0xB0, "middot": 0xB7, "bull": 0x2022, "euro": 0x20AC,
        "shy": 0xAD, "times": 0xD7,
    ]
}
