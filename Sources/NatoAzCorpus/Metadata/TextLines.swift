/// Line-level helpers shared by the metadata heuristics.
enum TextLines {
    /// `text` without leading and trailing Unicode whitespace (NBSP included).
    static func trim(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, ScalarClass.isWhitespace(scalars[start]) {
            start = scalars.index(after: start)
        }
        while end > start, ScalarClass.isWhitespace(scalars[scalars.index(before: end)]) {
            end = scalars.index(before: end)
        }
        return Substring(scalars[start..<end])
    }

    /// Whether `text` has more than `limit` Unicode scalars: counted from its UTF-8 (each
    /// byte that is not a continuation byte starts one), instead of decoding every scalar of
    /// a long line; eight bytes at a time (session 17: byte by byte, the title and
    /// boilerplate tests' lines of 200-1,000 bytes cost 18 M instructions of a 10k load). A
    /// text of more than 4 bytes a scalar allowed has more scalars.
    static func hasMoreScalars(_ text: Substring, than limit: Int) -> Bool {
        let utf8 = text.utf8
        if utf8.count <= limit { return false }
        if limit >= 0 && utf8.count / 4 > limit { return true }
        func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = bytes.baseAddress else { return false }
            var scalars = 0
            var index = 0
            while index &+ 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                // Bit 7 of a byte set unless it is a continuation byte (10xxxxxx): not bit 7,
                // or bit 6 shifted up into it.
                let starts = (~word | word << 1) & 0x8080_8080_8080_8080
                scalars &+= starts.nonzeroBitCount
                index &+= 8
            }
            while index < bytes.count {
                if base[index] & 0xC0 != 0x80 { scalars &+= 1 }
                index &+= 1
            }
            return scalars > limit
        }
        return utf8.withContiguousStorageIfAvailable(count)
            ?? Array(utf8).withUnsafeBufferPointer(count)
    }

    /// Whether `text` has at most `limit` characters (`text.count <= limit`), finding no more
    /// grapheme breaks than it must: none when its bytes or scalars are few enough (each
    /// character has at least one of each), else at most `limit` of them. Counting every
    /// character of the lines of 41-160 bytes that `NewsSources.known` is asked about cost
    /// 44 M instructions of a 10k load (session 15).
    static func hasAtMostCharacters(_ text: Substring, _ limit: Int) -> Bool {
        if !hasMoreScalars(text, than: limit) { return true }
        guard let end = characterIndex(text, offsetBy: limit) else { return true }
        return end == text.endIndex
    }

    /// The last scalar that is not a closing quote or bracket, e.g. `.` for `he said."`. The
    /// CJK and Arabic-script marks are given as their ASCII twins (`。` as `.`, `؟` as `?`),
    /// so that a Chinese or Arabic sentence ends like an English one (a Chinese lead ending in
    /// `。` was taken for a title).
    static func finalMark(_ line: Substring) -> Unicode.Scalar? {
        for scalar in line.unicodeScalars.reversed() {
            switch scalar {
            case "\"", "'", ")", "]", "\u{00BB}", "\u{201D}", "\u{2019}", "\u{201C}", "」",
                "』", "）":
                continue
            case "。", "．", "\u{6D4}": return "."
            case "，", "、", "،": return ","
            case "：": return ":"
            case "；", "؛": return ";"
            case "！": return "!"
            case "？", "؟": return "?"
            default:
                return scalar
            }
        }
        return nil
    }

    /// True if the line ends a sentence: `.`, `!`, `?`, `…`, `:` or `;`, before closing quotes.
    static func endsSentence(_ line: Substring) -> Bool {
        switch finalMark(line) {
        case ".", "!", "?", "\u{2026}", ":", ";": return true
        default: return false
        }
    }

    /// The whitespace-separated words of `line`, counted up to `limit` (more words count as
    /// `limit`: a caller that only asks "at most 40?" need not walk a long paragraph).
    /// Walks the UTF-8 bytes (decoding only non-ASCII scalars): iterating `unicodeScalars`
    /// cost about 38 instructions a scalar.
    static func wordCount(_ line: Substring, upTo limit: Int = .max) -> Int {
        func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            var count = 0
            var inWord = false
            var offset = 0
            while offset < bytes.count {
                let byte = bytes[offset]
                let isSpace: Bool
                if byte < 0x80 {
                    isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
                    offset += 1
                } else {
                    let (scalar, width) = Tokenizer.decode(bytes, offset)
                    isSpace = ScalarClass.isWhitespace(scalar)
                    offset += width
                }
                if isSpace {
                    inWord = false
                } else if !inWord {
                    if count == limit { break }
                    inWord = true
                    count += 1
                }
            }
            return count
        }
        let utf8 = line.utf8
        return utf8.withContiguousStorageIfAvailable(count)
            ?? Array(utf8).withUnsafeBufferPointer(count)
    }
}
