extension Array where Element == UInt8 {
    /// Appends `word` (UTF-8) with its first letter upper-cased, for sentence starts.
    ///
    /// Covers the letters the four corpus languages start words with: ASCII, Latin-1
    /// (ç ö ü), Turkish and Azerbaijani ş ğ ı ə, the dotted capital İ when `dottedI` is set,
    /// and Cyrillic. Anything else is appended unchanged.
    mutating func appendCapitalized(_ word: ArraySlice<UInt8>, dottedI: Bool) {
        guard let first = word.first else { return }
        let start = word.startIndex
        if first < 0x80 {
            if first == UInt8(ascii: "i") && dottedI {
                append(contentsOf: [0xC4, 0xB0])  // İ
            } else if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") {
                append(first - 32)
            } else {
                append(first)
            }
            append(contentsOf: word[(start + 1)...])
            return
        }
        guard first & 0xE0 == 0xC0, word.count >= 2 else {
            append(contentsOf: word)
            return
        }
        let scalar = UInt32(first & 0x1F) << 6 | UInt32(word[start + 1] & 0x3F)
        let upper: UInt32
        switch scalar {
        case 0x0430...0x044F: upper = scalar - 0x20  // а-я
        case 0x0450...0x045F: upper = scalar - 0x50  // ѐ-џ, including ё
        case 0x00E0...0x00FE where scalar != 0x00F7: upper = scalar - 0x20  // ç ö ü ...
        case 0x011F, 0x015F: upper = scalar - 1  // ğ ş
        case 0x0131: upper = 0x49  // ı -> I
        case 0x0259: upper = 0x018F  // ə -> Ə
        default: upper = scalar
        }
        if upper < 0x80 {
            append(UInt8(upper))
        } else {
            append(UInt8(0xC0 | (upper >> 6)))
            append(UInt8(0x80 | (upper & 0x3F)))
        }
        append(contentsOf: word[(start + 2)...])
    }

    /// Appends the decimal digits of a non-negative number, zero-padded to `width`.
    mutating func appendDecimal(_ value: Int, width: Int = 1) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        if digits.count < width {
            append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count))
        }
        append(contentsOf: digits.reversed())
    }

    mutating func appendString(_ text: String) { append(contentsOf: text.utf8) }
}
