/// The text on either side of a match, as concordances and entity mentions show it.
///
/// Both sides read only about `width` characters of the text (decoding UTF-8 from the match
/// outwards), so a line costs the same in a short article and in a long one.
extension SearchIndex {
    /// The text before `offset`: at most `width` characters, starting at a word boundary,
    /// whitespace (newlines included) collapsed to single spaces and trimmed.
    static func context(_ utf8: [UInt8], before offset: Int, width: Int) -> String {
        utf8.withUnsafeBufferPointer { context($0, before: offset, width: width) }
    }

    /// The text after `offset`: at most `width` characters, ending at a word boundary.
    static func context(_ utf8: [UInt8], after offset: Int, width: Int) -> String {
        utf8.withUnsafeBufferPointer { context($0, after: offset, width: width) }
    }

    static func context(_ bytes: UnsafeBufferPointer<UInt8>, before offset: Int, width: Int)
        -> String
    {
        // The last `width` scalars before the offset, and whether any come before them.
        var window: [Unicode.Scalar] = []
        window.reserveCapacity(min(width, 256))
        var cursor = offset
        while cursor > 0, window.count < width {
            cursor -= 1
            while cursor > 0, bytes[cursor] & 0xC0 == 0x80 { cursor -= 1 }
            window.append(scalar(bytes, at: cursor))
        }
        window.reverse()
        var start = 0
        if cursor > 0 {
            // The window starts inside the text: drop a word cut in half by beginning after
            // the first whitespace in it (nothing if there is none).
            start = window.firstIndex(where: { isWhitespace($0) }) ?? window.count
        }
        return collapse(window[start...])
    }

    static func context(_ bytes: UnsafeBufferPointer<UInt8>, after offset: Int, width: Int)
        -> String
    {
        // The first `width` scalars after the offset, plus the one after them if any.
        var window: [Unicode.Scalar] = []
        window.reserveCapacity(min(width + 1, 257))
        var cursor = offset
        while cursor < bytes.count, window.count <= width {
            window.append(scalar(bytes, at: cursor))
            cursor += UTF8Scalars.sequenceLength(bytes[cursor])
        }
        var end = min(window.count, width)
        if end < window.count, !isWhitespace(window[end]) {
            // A word runs past the window: end at the last whitespace before it.
            end = window[..<end].lastIndex(where: { isWhitespace($0) }) ?? 0
        }
        return collapse(window[..<end])
    }

    private static func collapse(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            if isWhitespace(scalar) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Unicode's White_Space, answered by range below U+1680 (the first one above U+00A0):
    /// asking `properties` for every scalar of every context was a third of a sorted Kwic's
    /// time.
    @inline(__always)
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        if value < 0x1680 { return value == 0x85 || value == 0xA0 }
        return scalar.properties.isWhitespace
    }

    /// The scalar starting at `offset` of valid UTF-8 (a `String`'s bytes).
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int)
        -> Unicode.Scalar
    {
        let lead = bytes[offset]
        let length = UTF8Scalars.sequenceLength(lead)
        var value =
            UInt32(lead) & (length == 1 ? 0x7F : length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        var index = offset + 1
        while index < offset + length, index < bytes.count {
            value = value << 6 | UInt32(bytes[index] & 0x3F)
            index += 1
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
