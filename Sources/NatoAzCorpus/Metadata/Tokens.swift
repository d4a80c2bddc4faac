/// A small tokenizer for the metadata heuristics: words, ASCII numbers and single punctuation
/// marks, each with its range in the original string so that matches can quote the source text.
struct Token {
    enum Kind: Equatable {
        case word
        /// ASCII digits; `value` saturates at 999_999_999.
        case number(value: Int, digits: Int)
        case punct(Unicode.Scalar)
    }

    var kind: Kind
    var range: Range<String.Index>
    /// Whitespace separates this token from the previous one.
    var spaceBefore: Bool
    /// The word's first scalar is uppercase (or titlecase).
    var capitalized: Bool
    /// Every letter of the word is uppercase.
    var allCaps: Bool

    var isWord: Bool { kind == .word }

    func isPunct(_ scalar: Unicode.Scalar) -> Bool { kind == .punct(scalar) }

    var number: (value: Int, digits: Int)? {
        if case .number(let value, let digits) = kind { return (value, digits) }
        return nil
    }
}

enum Tokenizer {
    /// Tokens of `text`, at most `limit` of them (heuristics only look at the start of a text,
    /// so a 3 MB one-line file costs no more than a short one).
    static func tokens(_ text: Substring, limit: Int = .max) -> [Token] {
        var tokens: [Token] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var sawSpace = false
        while index < scalars.endIndex && tokens.count < limit {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                sawSpace = true
                index = scalars.index(after: index)
                continue
            }
            let start = index
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                var value = 0
                var digits = 0
                while index < scalars.endIndex,
                    case let digit = scalars[index].value, digit >= 0x30 && digit <= 0x39
                {
                    value = min(value * 10 + Int(digit - 0x30), 999_999_999)
                    digits += 1
                    index = scalars.index(after: index)
                }
                tokens.append(
                    Token(
                        kind: .number(value: value, digits: digits), range: start..<index,
                        spaceBefore: sawSpace, capitalized: false, allCaps: false))
            } else if isWordScalar(scalar) {
                let capitalized = scalar.properties.isUppercase
                var allCaps = true
                while index < scalars.endIndex, isWordScalar(scalars[index]) {
                    if scalars[index].properties.isLowercase { allCaps = false }
                    index = scalars.index(after: index)
                }
                tokens.append(
                    Token(
                        kind: .word, range: start..<index, spaceBefore: sawSpace,
                        capitalized: capitalized, allCaps: allCaps))
            } else {
                index = scalars.index(after: index)
                tokens.append(
                    Token(
                        kind: .punct(scalar), range: start..<index, spaceBefore: sawSpace,
                        capitalized: false, allCaps: false))
            }
            sawSpace = false
        }
        return tokens
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let lower = scalar.value | 0x20
            return lower >= 0x61 && lower <= 0x7A
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.generalCategory == .nonspacingMark
    }
}

/// Case folding for keyword comparison across en/ru/az/tr: lowercase, and the Turkish dotless
/// and dotted i both become `i` (so `KASIM`, `Kasım` and `kasım` compare equal).
func foldForMatching(_ text: Substring) -> String {
    var folded = String.UnicodeScalarView()
    for scalar in text.lowercased().unicodeScalars {
        switch scalar {
        case "\u{0131}": folded.append("i")
        case "\u{0307}": continue  // combining dot above, left by lowercasing İ
        default: folded.append(scalar)
        }
    }
    return String(folded)
}
