import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The metadata tokenizer (session 13: probes written into one allocation, ASCII letters and
/// spaces walked without decoding) cuts every text as the scalar-by-scalar tokenizer of
/// session 12 did, for every limit.
@Suite struct MetadataTokenizerTests {
    /// Session 12's tokenizer: the reference.
    static func referenceTokens(_ text: Substring, limit: Int) -> [Token] {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        let base = text.utf8.startIndex
        func index(_ offset: Int) -> String.Index { text.utf8.index(base, offsetBy: offset) }
        var offset = 0
        var sawSpace = false
        let count = bytes.count
        bytes.withUnsafeBufferPointer { bytes in
            while offset < count && tokens.count < limit {
                let (scalar, width) = Tokenizer.decode(bytes, offset)
                if ScalarClass.isWhitespace(scalar) {
                    sawSpace = true
                    offset += width
                    continue
                }
                let start = offset
                if ScalarClass.isDigit(scalar) {
                    var value = 0
                    var digits = 0
                    while offset < count, bytes[offset] >= 0x30 && bytes[offset] <= 0x39 {
                        value = min(value * 10 + Int(bytes[offset] - 0x30), 999_999_999)
                        digits += 1
                        offset += 1
                    }
                    tokens.append(
                        Token(
                            kind: .number(value: value, digits: digits),
                            range: index(start)..<index(offset), spaceBefore: sawSpace,
                            capitalized: false, allCaps: false))
                } else if ScalarClass.isLetter(scalar) {
                    let capitalized = ScalarClass.isUppercase(scalar)
                    var allCaps = true
                    offset += width
                    if !ScalarClass.isHan(scalar) {
                        while offset < count && offset - start < Tokenizer.maxWordBytes {
                            let (next, nextWidth) = Tokenizer.decode(bytes, offset)
                            guard ScalarClass.isLetter(next), !ScalarClass.isHan(next) else {
                                break
                            }
                            if ScalarClass.isLowercase(next) { allCaps = false }
                            offset += nextWidth
                        }
                    }
                    if ScalarClass.isLowercase(scalar) { allCaps = false }
                    tokens.append(
                        Token(
                            kind: .word, range: index(start)..<index(offset),
                            spaceBefore: sawSpace, capitalized: capitalized, allCaps: allCaps))
                } else if let first = ScalarClass.otherDigitValue(scalar) {
                    let zero = scalar.value - UInt32(first)
                    var value = first
                    var digits = 1
                    offset += width
                    while offset < count {
                        let (next, nextWidth) = Tokenizer.decode(bytes, offset)
                        guard next.value >= zero && next.value <= zero + 9 else { break }
                        value = min(value * 10 + Int(next.value - zero), 999_999_999)
                        digits += 1
                        offset += nextWidth
                    }
                    tokens.append(
                        Token(
                            kind: .number(value: value, digits: digits),
                            range: index(start)..<index(offset), spaceBefore: sawSpace,
                            capitalized: false, allCaps: false))
                } else {
                    offset += width
                    tokens.append(
                        Token(
                            kind: .punct(scalar), range: index(start)..<index(offset),
                            spaceBefore: sawSpace, capitalized: false, allCaps: false))
                }
                sawSpace = false
            }
        }
        return tokens
    }

    static func same(_ left: [Token], _ right: [Token]) -> Bool {
        left.count == right.count
            && zip(left, right).allSatisfy {
                $0.kind == $1.kind && $0.range == $1.range && $0.spaceBefore == $1.spaceBefore
                    && $0.capitalized == $1.capitalized && $0.allCaps == $1.allCaps
            }
    }

    @Test func tokensMatchTheScalarByScalarTokenizer() {
        var generator = SplitMix64(seed: 15)
        let pieces = [
            " ", "  ", "\t", "\u{A0}", "\u{3000}", "Baku", "BAKU", "baku", "B", "z", "Z", "@",
            "[", "`", "{", ",", ".", "-", "14", "2021", "١٤", "۱۴", "１４", "Москва", "ТАСС",
            "Bakı", "İSTANBUL", "ə", "Ə", "中", "国", "年", "\u{301}", "é", "É", "ß", "Ա", "😀",
            "\u{2014}", "x\u{301}y", "AZƏRTAC", "Ş",
        ]
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 40) {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            // A slice inside a longer string, as the parser's lines are.
            let whole = "x " + text + " y"
            let line = whole.dropFirst(2).dropLast(2)
            for limit in [1, 4, 12, 24, 48, 64, 65, 400, Int.max] {
                let tokens = Tokenizer.tokens(line, limit: limit)
                let reference = Self.referenceTokens(line, limit: limit)
                #expect(
                    Self.same(tokens, reference), "\(text.unicodeScalars.map(\.value)) \(limit)")
            }
        }
    }

    /// A run of letters longer than ``Tokenizer/maxWordBytes`` goes on as the next token, so
    /// a probe of a few tokens reads a few hundred bytes of the line, not all of it (a letter
    /// and 4 million combining marks had every line heuristic walk 8 MB, a scalar at a time).
    @Test func aWordLongerThanTheCapGoesOnAsTheNextToken() {
        let mark = "\u{301}"
        let line = Substring("Baku, a" + String(repeating: mark, count: 1_000_000) + " end")
        let tokens = Tokenizer.tokens(line, limit: 4)
        #expect(tokens.count == 4)
        #expect(tokens.map(\.isWord) == [true, false, true, true])
        let word = tokens[2]
        // Cut at the first scalar boundary at or past the cap: "a" and 128 marks, 257 bytes.
        #expect(line.utf8[word.range].count == 257)
        #expect(word.spaceBefore)
        // The next piece starts where the first ends, joined to it.
        #expect(tokens[3].range.lowerBound == word.range.upperBound)
        #expect(!tokens[3].spaceBefore)
        #expect(line.utf8[tokens[3].range].count == Tokenizer.maxWordBytes)
        // The pieces end on scalar boundaries: two-byte marks after a one-byte letter.
        #expect(line[tokens[3].range].unicodeScalars.allSatisfy { $0 == "\u{301}" })
        // Words up to the cap are whole.
        let longest = Substring("a" + String(repeating: "b", count: Tokenizer.maxWordBytes - 1))
        #expect(Tokenizer.tokens(longest, limit: 4).count == 1)
        #expect(Tokenizer.tokens(longest + "c", limit: 4).count == 2)
    }
}
