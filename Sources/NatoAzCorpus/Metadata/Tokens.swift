/// A small tokenizer for the metadata heuristics: words, numbers and single punctuation marks,
/// each with its range in the original string so that matches can quote the source text.
/// Numbers are runs of ASCII digits, or of the Arabic-Indic, Persian or fullwidth digits
/// (`١٤`, `۱۴`, `１４`) that Arabic, Persian and East Asian dates are written in. A Han
/// character is a word by itself: Chinese and Japanese put no spaces between words, and the
/// date `2021年12月14日` is numbers and the single characters 年 月 日.
struct Token {
    enum Kind: Equatable {
        case word
        /// Decimal digits of one kind (``ScalarClass/otherDigitValue(_:)``); `value` saturates
        /// at 999_999_999.
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
        let utf8 = text.utf8
        if let tokens = utf8.withContiguousStorageIfAvailable({ scan($0, text, limit) }) {
            return tokens
        }
        return Array(utf8).withUnsafeBufferPointer { scan($0, text, limit) }
    }

    /// Calls `body` with the first `limit` tokens of `text` (at most ``smallLimit``), written
    /// into memory on the stack: the same tokens as ``tokens(_:limit:)``, without an array
    /// allocated and released for a probe of a few tokens (`Dateline`'s 4-token probe of
    /// every title and lead line: 35,583 arrays at a 10k load).
    static func withTokens<Result>(
        _ text: Substring, limit: Int, _ body: (UnsafeBufferPointer<Token>) -> Result
    ) -> Result {
        precondition(limit <= smallLimit, "a probe of a few tokens")
        let utf8 = text.utf8
        func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
            let capacity = min(limit, bytes.count)
            return withUnsafeTemporaryAllocation(of: Token.self, capacity: max(capacity, 1)) {
                buffer in
                var count = 0
                scan(bytes, text, capacity) { token in
                    (buffer.baseAddress! + count).initialize(to: token)
                    count += 1
                }
                defer { buffer.baseAddress!.deinitialize(count: count) }
                return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
            }
        }
        if let result = utf8.withContiguousStorageIfAvailable(run) { return result }
        return Array(utf8).withUnsafeBufferPointer(run)
    }

    /// Decodes the scalar at `offset` of valid UTF-8 (a `String`'s bytes).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int)
        -> (scalar: Unicode.Scalar, width: Int)
    {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        if lead < 0xE0 {
            let value = (lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 2)
        }
        if lead < 0xF0 {
            let value =
                (lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6
                | UInt32(bytes[offset + 2] & 0x3F)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 3)
        }
        let value =
            (lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12
            | UInt32(bytes[offset + 2] & 0x3F) << 6 | UInt32(bytes[offset + 3] & 0x3F)
        return (Unicode.Scalar(value) ?? "\u{FFFD}", 4)
    }

    /// Limits up to which the tokens are written into one allocation of `limit` tokens (at
    /// most one per byte) rather than appended: the heuristics' probes of 4 and 12 tokens.
    /// (An allocation for 24 or 48 tokens, over 1 KiB, costs more than the appends save.)
    static let smallLimit = 16

    /// The longest word token, in bytes (a word ends at the first scalar boundary at or past
    /// it); a longer run of letters goes on as the next token.
    /// No word the heuristics look for comes near it, and without it a line of one
    /// 8 MB "word" (a letter and millions of combining marks) was walked scalar by scalar,
    /// with a Unicode property lookup each, by every probe of every line heuristic.
    static let maxWordBytes = 256

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ text: Substring, _ limit: Int)
        -> [Token]
    {
        if limit <= smallLimit {
            let capacity = min(limit, bytes.count)
            return [Token](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = 0
                scan(bytes, text, capacity) { token in
                    (buffer.baseAddress! + count).initialize(to: token)
                    count += 1
                }
            }
        }
        var tokens: [Token] = []
        // Most callers ask for a dozen or two tokens: one allocation instead of four or five.
        tokens.reserveCapacity(min(limit, bytes.count, 16))
        scan(bytes, text, limit) { tokens.append($0) }
        return tokens
    }

    /// Passes the first `limit` tokens of `bytes` (the UTF-8 of `text`) to `emit`. Runs of
    /// ASCII letters and ASCII spaces are walked without decoding their scalars.
    @inline(__always)
    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, _ text: Substring, _ limit: Int,
        _ emit: (Token) -> Void
    ) {
        let base = text.utf8.startIndex
        func index(_ offset: Int) -> String.Index { text.utf8.index(base, offsetBy: offset) }
        var offset = 0
        var sawSpace = false
        var emitted = 0
        let count = bytes.count
        while offset < count && emitted < limit {
            if bytes[offset] == 0x20 {
                sawSpace = true
                offset += 1
                continue
            }
            let (scalar, width) = decode(bytes, offset)
            if ScalarClass.isWhitespace(scalar) {
                sawSpace = true
                offset += width
                continue
            }
            let start = offset
            emitted += 1
            if ScalarClass.isDigit(scalar) {
                var value = 0
                var digits = 0
                while offset < count, bytes[offset] >= 0x30 && bytes[offset] <= 0x39 {
                    value = min(value * 10 + Int(bytes[offset] - 0x30), 999_999_999)
                    digits += 1
                    offset += 1
                }
                emit(
                    Token(
                        kind: .number(value: value, digits: digits),
                        range: index(start)..<index(offset), spaceBefore: sawSpace,
                        capitalized: false, allCaps: false))
            } else if ScalarClass.isLetter(scalar) {
                let capitalized = ScalarClass.isUppercase(scalar)
                var allCaps = true
                offset += width
                // A Han character ends a word and is one: the scalars below U+2E80 (all of
                // Latin and Cyrillic) pass the first comparison only.
                if !ScalarClass.isHan(scalar) {
                    while offset < count && offset - start < maxWordBytes {
                        let byte = bytes[offset]
                        if byte < 0x80 {
                            // An ASCII letter (as `ScalarClass` classes it) or the word's end.
                            let lower = byte | 0x20
                            guard lower >= 0x61 && lower <= 0x7A else { break }
                            if byte >= 0x61 { allCaps = false }
                            offset += 1
                            continue
                        }
                        let (next, nextWidth) = decode(bytes, offset)
                        guard ScalarClass.isLetter(next), !ScalarClass.isHan(next) else { break }
                        if ScalarClass.isLowercase(next) { allCaps = false }
                        offset += nextWidth
                    }
                }
                if ScalarClass.isLowercase(scalar) { allCaps = false }
                emit(
                    Token(
                        kind: .word, range: index(start)..<index(offset), spaceBefore: sawSpace,
                        capitalized: capitalized, allCaps: allCaps))
            } else if let first = ScalarClass.otherDigitValue(scalar) {
                // Digits of another script, of the same kind as the first (its zero).
                let zero = scalar.value - UInt32(first)
                var value = first
                var digits = 1
                offset += width
                while offset < count {
                    let (next, nextWidth) = decode(bytes, offset)
                    guard next.value >= zero && next.value <= zero + 9 else { break }
                    value = min(value * 10 + Int(next.value - zero), 999_999_999)
                    digits += 1
                    offset += nextWidth
                }
                emit(
                    Token(
                        kind: .number(value: value, digits: digits),
                        range: index(start)..<index(offset), spaceBefore: sawSpace,
                        capitalized: false, allCaps: false))
            } else {
                offset += width
                emit(
                    Token(
                        kind: .punct(scalar), range: index(start)..<index(offset),
                        spaceBefore: sawSpace, capitalized: false, allCaps: false))
            }
            sawSpace = false
        }
    }
}

/// Prefixes grouped by their first character, so that a text is compared only with the
/// prefixes that start with its own first character: `String.hasPrefix` compares characters
/// (up to canonical equivalence, as `Character`'s `==` and hashing do), so no other prefix can
/// match. Within a group the prefixes keep the order they were given in.
struct PrefixesByFirstCharacter<Value: Sendable>: Sendable {
    private var groups: [Character: [(prefix: String, value: Value)]] = [:]

    /// `entries` must not hold an empty prefix (it would match every text).
    init(_ entries: [(prefix: String, value: Value)]) {
        for entry in entries {
            guard let first = entry.prefix.first else {
                preconditionFailure("an empty prefix matches every text")
            }
            groups[first, default: []].append(entry)
        }
    }

    /// The prefixes that `text` may start with, in the order given; each still needs
    /// `text.hasPrefix`.
    func candidates(for text: String) -> [(prefix: String, value: Value)] {
        guard let first = text.first else { return [] }
        return groups[first] ?? []
    }

    /// The value of the first prefix, in the order given, that `text` starts with.
    func firstMatch(in text: String) -> (prefix: String, value: Value)? {
        candidates(for: text).first { text.hasPrefix($0.prefix) }
    }
}
