extension TextLines {
    /// `text.index(text.startIndex, offsetBy: distance, limitedBy: text.endIndex)`: the end of
    /// the first `distance` characters, or nil when `text` has fewer.
    ///
    /// The standard library finds each grapheme break by rule; the boilerplate, source and
    /// date tests asked it for the first 40 or 600 characters of a line about 14,000 times at
    /// a 10k load, for 60 M instructions (session 18). Here the bytes are walked while every
    /// scalar is one that no grapheme rule joins to its neighbour (``isLoneScalar(_:_:)``):
    /// then each scalar is a character. At the first other scalar before the answer, or right
    /// after it (it could join the last character), the standard library answers instead.
    static func characterIndex(_ text: Substring, offsetBy distance: Int) -> Substring.Index? {
        let utf8 = text.utf8
        // The byte offset of the answer, -1 for nil, -2 when the standard library must walk.
        let offset: Int? = utf8.withContiguousStorageIfAvailable { bytes -> Int in
            var offset = 0
            var characters = 0
            while true {
                if offset == bytes.count { return characters == distance ? offset : -1 }
                guard let width = isLoneScalar(bytes, offset) else { return -2 }
                if characters == distance { return offset }
                characters += 1
                offset += width
            }
        }
        guard let offset, offset != -2 else {
            return text.index(text.startIndex, offsetBy: distance, limitedBy: text.endIndex)
        }
        return offset == -1 ? nil : utf8.index(utf8.startIndex, offsetBy: offset)
    }

    /// `text.prefix(count)`: its first `count` characters, found as ``characterIndex(_:offsetBy:)``
    /// finds their end.
    static func prefix(_ text: Substring, characters count: Int) -> Substring {
        text[..<(characterIndex(text, offsetBy: count) ?? text.endIndex)]
    }

    /// The width of the scalar at `offset` of valid UTF-8 if it is a character by itself
    /// whatever comes before or after it (its grapheme cluster break property is Control or
    /// Other, and it is no regional indicator, Hangul jamo or pictograph that a rule joins):
    /// ASCII but CR (CR LF is one character), U+0080-U+02FF (Latin-1 to the spacing modifier
    /// letters; the combining marks start at U+0300) and U+0400-U+047F (Cyrillic letters; its
    /// combining marks start at U+0483). nil for any other scalar.
    /// `CharacterPrefixTests.loneScalarsBreakOnBothSides` checks every pair of them.
    @inline(__always)
    static func isLoneScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int? {
        let byte = bytes[offset]
        if byte < 0x80 { return byte == 0x0D ? nil : 1 }
        // C2-CB: U+0080-U+02FF; D0-D1: U+0400-U+047F.
        if (byte >= 0xC2 && byte <= 0xCB) || byte == 0xD0 || byte == 0xD1 { return 2 }
        return nil
    }
}
