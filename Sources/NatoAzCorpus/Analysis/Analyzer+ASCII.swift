/// Document analysis into bytes, with a fast path for ASCII tokens.
///
/// Most new tokens of a corpus in English (and many in the other languages) are plain ASCII
/// words or numbers. For them the terms are made on the bytes, with no `String`: fold (ASCII
/// lower-casing, and a compound's hyphens dropped), stem through libstemmer's own buffer,
/// key (``Transliteration/key(ascii:into:)``). Latin and Cyrillic words of two-byte letters take
/// the byte path of `Analyzer+TwoByte.swift`; every other token takes the general,
/// `String`-based `documentTerms` (into `[String]`); the fast
/// path declines (before writing anything) wherever its result could differ: non-ASCII
/// bytes, an inner apostrophe, a Turkic `I` (which lower-cases to `ı`), a run longer than the
/// analysed maximum, or a stem that is not ASCII. Tests compare both paths on random tokens.
extension Analyzer {
    /// Appends the terms a document token is indexed under, as bytes (the same terms, in the
    /// same order, as the `[String]` variant).
    func documentTerms(
        token: WordToken, in bytes: UnsafeBufferPointer<UInt8>, language: Language,
        into terms: inout TermBytes
    ) {
        if asciiDocumentTerms(token: token, in: bytes, language: language, into: &terms)
            || twoByteDocumentTerms(token: token, in: bytes, language: language, into: &terms)
        {
            return
        }
        var strings: [String] = []
        documentTerms(token: token, in: bytes, language: language, into: &strings)
        for term in strings { terms.append(term) }
    }

    /// The fast path: appends the token's terms and returns true, or appends nothing and
    /// returns false when the token needs the general path.
    func asciiDocumentTerms(
        token: WordToken, in bytes: UnsafeBufferPointer<UInt8>, language: Language,
        into terms: inout TermBytes
    ) -> Bool {
        // An apostrophe suffix (joined forms, elisions) needs the general path; a compound's
        // `baseEnd` is its `end`.
        guard token.baseEnd == token.end else { return false }
        let length = token.end - token.start
        // ``Analyzer/string(_:_:_:)`` cuts longer runs.
        guard length > 0, length <= Self.maxWordScalars * 4 else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * length) { scratch in
            let folded = scratch.baseAddress!
            var count = 0
            var hasLetter = false
            var hasDigit = false
            var hasCapitalI = false
            for index in token.start..<token.end {
                var byte = bytes[index]
                if byte >= 0x80 { return false }
                if byte &- 0x41 < 26 {
                    hasCapitalI = hasCapitalI || byte == 0x49
                    byte |= 0x20
                    hasLetter = true
                } else if byte &- 0x61 < 26 {
                    hasLetter = true
                } else if byte &- 0x30 < 10 {
                    hasDigit = true
                } else if byte == 0x2D, token.kind == .compound {
                    continue  // ``Analyzer/removingHyphens(_:)``
                }
                folded[count] = byte
                count += 1
            }
            let word = UnsafeBufferPointer(start: folded, count: count)
            guard hasLetter else {
                guard hasDigit else { return false }
                Self.appendNumberTerm(word, into: &terms)
                return true
            }
            // The primary term (``Analyzer/primaryTerm(_:script:language:)`` for a Latin word).
            let algorithm: SnowballStemmer.Algorithm?
            switch language {
            case .english, .russian, .ukrainian, .kazakh: algorithm = .english
            case .turkish: algorithm = .turkish
            case .azerbaijani: algorithm = options.azerbaijaniStemmer == .turkish ? .turkish : nil
            case .unknown: algorithm = nil
            }
            let stemmed = UnsafeMutableBufferPointer(rebasing: scratch[length..<2 * length])
            var primary = word
            if let algorithm, let stemmer = stemmer(algorithm) {
                if algorithm == .turkish, hasCapitalI { return false }  // I -> ı
                guard let stem = stemmer.stem(utf8: word), stem.count <= stemmed.count,
                    stem.allSatisfy({ $0 < 0x80 })
                else { return false }
                let folds = algorithm == .turkish  // the Turkish stem is folded afterwards
                for index in stem.indices {
                    let byte = stem[index]
                    stemmed[index] = folds && byte &- 0x41 < 26 ? byte | 0x20 : byte
                }
                primary = UnsafeBufferPointer(rebasing: stemmed[0..<stem.count])
            }
            terms.append(primary)
            // ``Analyzer/latinKeyMark`` and the key, where it differs from the primary term.
            let key = scratch.baseAddress! + 2 * length
            let keyCount = Transliteration.key(ascii: primary, into: key)
            let keyBytes = UnsafeBufferPointer(start: key, count: keyCount)
            if !keyBytes.elementsEqual(primary) {
                terms.append(mark: Self.latinKeyByte, keyBytes)
            }
            return true
        }
    }

    /// ``Analyzer/latinKeyMark``'s one byte.
    static let latinKeyByte: UInt8 = 0x02

    /// ``Analyzer/numberTerm(_:)`` on ASCII digits, `,` and `.`: groups split at either
    /// separator (empty ones dropped); joined without separator when every group after the
    /// first has three digits (`120,000`), else with `.`.
    static func appendNumberTerm(_ number: UnsafeBufferPointer<UInt8>, into terms: inout TermBytes)
    {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: number.count) { out in
            var written = 0
            var groups = 0
            var thousands = true
            var groupLength = 0
            func endGroup() {
                guard groupLength > 0 else { return }
                if groups > 0, groupLength != 3 { thousands = false }
                groups += 1
                groupLength = 0
            }
            // First pass: the digits, and whether the groups are thousands.
            for byte in number {
                if byte == 0x2C || byte == 0x2E {
                    endGroup()
                } else {
                    out[written] = byte
                    written += 1
                    groupLength += 1
                }
            }
            endGroup()
            if groups <= 1 || thousands {
                terms.append(UnsafeBufferPointer(rebasing: out[0..<written]))
                return
            }
            // Joined with `.`: write again, one `.` between non-empty groups.
            written = 0
            var inGroup = false
            var pendingDot = false
            for byte in number {
                if byte == 0x2C || byte == 0x2E {
                    if inGroup { pendingDot = true }
                    inGroup = false
                } else {
                    if pendingDot, !inGroup {
                        out[written] = 0x2E
                        written += 1
                        pendingDot = false
                    }
                    out[written] = byte
                    written += 1
                    inGroup = true
                }
            }
            terms.append(UnsafeBufferPointer(rebasing: out[0..<written]))
        }
    }
}
