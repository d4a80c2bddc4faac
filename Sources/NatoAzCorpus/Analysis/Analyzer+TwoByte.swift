/// Document analysis on bytes for words of Latin or Cyrillic letters below U+0800: most new
/// tokens that are not ASCII (Azerbaijani `Azərbaycan`, Turkish `Türkiye`, Russian `встреча`).
///
/// Before this path, every such token took the general, `String`-based `documentTerms`
/// (scalar views, a `String` per step; about 17,600 instructions per token at 10k articles,
/// a third of the index build's instructions). Here each step works on bytes in the analyzer's
/// scratch space, with the same tables the general path uses: folding and Turkic lower-casing
/// by ``ScalarMapping``, stems through libstemmer's buffer, keys by ``Transliteration``.
/// The path declines (before appending anything) wherever its result could differ: an
/// apostrophe suffix, a scalar of three or more bytes or a malformed byte, a word mixing Latin
/// and Cyrillic letters (``Homoglyphs``), a word whose script the first letter-like scalar
/// does not decide here (numbers, Greek, IPA), a mark where lower-casing needs the general
/// path, a stem that is not one- or two-byte UTF-8, or two different keys that are not ASCII
/// (`String` compares those by canonical equivalence). Tests compare both paths on random words.
extension Analyzer {
    /// ``Analyzer/cyrillicKeyMark``'s one byte.
    static let cyrillicKeyByte: UInt8 = 0x01

    /// The fast path: appends the token's terms and returns true, or appends nothing and
    /// returns false when the token needs the general path.
    func twoByteDocumentTerms(
        token: WordToken, in bytes: UnsafeBufferPointer<UInt8>, language: Language,
        into terms: inout TermBytes
    ) -> Bool {
        guard token.baseEnd == token.end else { return false }
        let length = token.end - token.start
        // ``Analyzer/string(_:_:_:)`` cuts longer runs.
        guard length > 0, length <= Self.maxWordScalars * 4 else { return false }
        let raw = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        guard UTF8Scalars.isOneOrTwoByte(raw) else { return false }
        // Generous: a step that would not fit declines the word instead.
        let needed = 64 * length + 64
        if byteScratch.count < needed { byteScratch = [UInt8](repeating: 0, count: needed) }
        return byteScratch.withUnsafeMutableBufferPointer { scratch in
            var arena = ScratchArena(scratch)
            var writer = arena.writer()
            for byte in raw where byte != 0x2D || token.kind != .compound {
                writer.append(byte)  // ``Analyzer/removingHyphens(_:)``
            }
            guard let word = arena.keep(writer), !Homoglyphs.mayMixScripts(word),
                let script = Self.letterScript(of: word),
                let primary = primaryTerm(
                    utf8: word, script: script, language: language, arena: &arena)
            else { return false }
            switch script {
            case .latin:
                writer = arena.writer()
                Transliteration.key(utf8: primary, into: &writer)
                guard let key = arena.keep(writer) else { return false }
                terms.append(primary)
                // A key that is not ASCII is the primary term itself.
                if !key.elementsEqual(primary) { terms.append(mark: Self.latinKeyByte, key) }
            case .cyrillic:
                guard let folded = Self.fold(word, arena: &arena),
                    let surfaceKey = Self.cyrillicKey(folded, arena: &arena)
                else { return false }
                var stemKey: UnsafeBufferPointer<UInt8>?
                if UTF8Scalars.count(primary) >= Self.minimumKeyedStem {
                    guard let key = Self.cyrillicKey(primary, arena: &arena) else { return false }
                    if !key.elementsEqual(surfaceKey) {
                        guard UTF8Scalars.isASCII(key), UTF8Scalars.isASCII(surfaceKey) else {
                            return false
                        }
                        stemKey = key
                    }
                }
                terms.append(primary)
                terms.append(mark: Self.cyrillicKeyByte, surfaceKey)
                if let stemKey { terms.append(mark: Self.cyrillicKeyByte, stemKey) }
            case .other, .number:
                return false
            }
            return true
        }
    }

    /// ``Analyzer/primaryTerm(_:script:language:)`` of a Latin or Cyrillic word on bytes, or
    /// nil to decline.
    private func primaryTerm(
        utf8 word: UnsafeBufferPointer<UInt8>, script: Script, language: Language,
        arena: inout ScratchArena
    ) -> UnsafeBufferPointer<UInt8>? {
        let algorithm: SnowballStemmer.Algorithm?
        switch (script, language) {
        case (.cyrillic, .unknown), (.cyrillic, .ukrainian), (.cyrillic, .kazakh): algorithm = nil
        case (.cyrillic, _): algorithm = .russian
        case (.latin, .english), (.latin, .russian), (.latin, .ukrainian), (.latin, .kazakh):
            algorithm = .english
        case (.latin, .turkish): algorithm = .turkish
        case (.latin, .azerbaijani):
            algorithm = options.azerbaijaniStemmer == .turkish ? .turkish : nil
        default: algorithm = nil
        }
        guard let algorithm, let stemmer = stemmer(algorithm) else {
            return Self.fold(word, arena: &arena)
        }
        switch algorithm {
        case .english, .russian:
            guard let folded = Self.fold(word, arena: &arena) else { return nil }
            return Self.stem(folded, stemmer, arena: &arena)
        case .turkish:
            // Turkish and Azerbaijani casing (the Turkish algorithm serves only those).
            guard
                let count = ScalarMapping.turkicLowercases.map(utf8: word, into: arena.space)
            else { return nil }
            let lower = arena.keep(count: count)
            guard language == .azerbaijani, Self.containsSchwa(lower) else {
                guard let stem = Self.stem(lower, stemmer, arena: &arena) else { return nil }
                return Self.fold(stem, arena: &arena)
            }
            return schwaStem(lower, stemmer, arena: &arena)
        }
    }

    /// The Azerbaijani branch of ``Analyzer/primaryTerm(_:script:language:)``: the stemmer
    /// sees ə as e, and the stem takes its letters back from the word.
    private func schwaStem(
        _ lower: UnsafeBufferPointer<UInt8>, _ stemmer: SnowballStemmer,
        arena: inout ScratchArena
    ) -> UnsafeBufferPointer<UInt8>? {
        var writer = arena.writer()
        var index = 0
        while index < lower.count {
            if lower[index] == 0xC9, index + 1 < lower.count, lower[index + 1] == 0x99 {
                writer.append(UInt8(ascii: "e"))
                index += 2
            } else {
                writer.append(lower[index])
                index += 1
            }
        }
        guard let asTurkish = arena.keep(writer),
            let stem = Self.stem(asTurkish, stemmer, arena: &arena)
        else { return nil }
        // The scalars stem and word share at their start (equal scalars are equal bytes).
        var stemOffset = 0
        var turkishOffset = 0
        var shared = 0
        while stemOffset < stem.count, turkishOffset < asTurkish.count {
            let length = UTF8Scalars.sequenceLength(stem[stemOffset])
            guard length == UTF8Scalars.sequenceLength(asTurkish[turkishOffset]),
                stemOffset + length <= stem.count, turkishOffset + length <= asTurkish.count,
                (0..<length).allSatisfy({
                    stem[stemOffset + $0] == asTurkish[turkishOffset + $0]
                })
            else { break }
            stemOffset += length
            turkishOffset += length
            shared += 1
        }
        var kept = 0
        for _ in 0..<shared { kept += UTF8Scalars.sequenceLength(lower[kept]) }
        writer = arena.writer()
        writer.append(UnsafeBufferPointer(rebasing: lower[0..<kept]))
        writer.append(UnsafeBufferPointer(rebasing: stem[stemOffset...]))
        guard let joined = arena.keep(writer) else { return nil }
        return Self.fold(joined, arena: &arena)
    }

    /// ``Analyzer/script(of:)`` for the scripts this path handles: the first Latin or Cyrillic
    /// letter decides; nil for a word that needs the general rule (a number, another script,
    /// or a non-ASCII scalar before the first letter).
    static func letterScript(of word: UnsafeBufferPointer<UInt8>) -> Script? {
        var index = 0
        while index < word.count {
            let lead = word[index]
            let value: UInt32
            if lead < 0x80 {
                value = UInt32(lead)
                index += 1
            } else {
                value = UInt32(lead & 0x1F) << 6 | UInt32(word[index + 1] & 0x3F)
                index += 2
            }
            switch value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x259: return .latin
            case 0x400...0x52F: return .cyrillic
            default:
                // ASCII that is not a letter (digits included) neither decides nor declines.
                if value >= 0x80 { return nil }
            }
        }
        return nil
    }

    /// ``Folding/fold(_:)`` on bytes: ASCII lower-casing, or the folding table; nil where
    /// the general fold is needed.
    static func fold(
        _ word: UnsafeBufferPointer<UInt8>, arena: inout ScratchArena
    ) -> UnsafeBufferPointer<UInt8>? {
        if UTF8Scalars.isASCII(word) {
            var writer = arena.writer()
            for byte in word { writer.append(byte &- 0x41 < 26 ? byte | 0x20 : byte) }
            return arena.keep(writer)
        }
        guard let count = ScalarMapping.folds.map(utf8: word, into: arena.space) else {
            return nil
        }
        return arena.keep(count: count)
    }

    /// ``SnowballStemmer/stem(_:)`` on bytes, copied out of libstemmer's buffer; nil for an
    /// empty word, an allocation failure or a stem that is not one- or two-byte UTF-8.
    private static func stem(
        _ word: UnsafeBufferPointer<UInt8>, _ stemmer: SnowballStemmer,
        arena: inout ScratchArena
    ) -> UnsafeBufferPointer<UInt8>? {
        guard let stem = stemmer.stem(utf8: word), UTF8Scalars.isOneOrTwoByte(stem) else {
            return nil
        }
        var writer = arena.writer()
        writer.append(stem)
        return arena.keep(writer)
    }

    /// `Transliteration.key(Transliteration.latin(fromCyrillic: word))` on bytes.
    private static func cyrillicKey(
        _ word: UnsafeBufferPointer<UInt8>, arena: inout ScratchArena
    ) -> UnsafeBufferPointer<UInt8>? {
        var writer = arena.writer()
        Transliteration.latin(fromCyrillicUTF8: word, into: &writer)
        guard let latin = arena.keep(writer) else { return nil }
        writer = arena.writer()
        Transliteration.key(utf8: latin, into: &writer)
        return arena.keep(writer)
    }

    private static func containsSchwa(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 1 < word.count {
            if word[index] == 0xC9, word[index + 1] == 0x99 { return true }
            index += 1
        }
        return false
    }
}

/// The byte path's scratch space, handed out front to back: each step writes into the rest
/// (``writer()``), then keeps what it wrote (``keep(_:)``), which later steps read.
struct ScratchArena {
    private var rest: UnsafeMutableBufferPointer<UInt8>

    init(_ space: UnsafeMutableBufferPointer<UInt8>) {
        rest = space
    }

    /// The space not kept yet.
    var space: UnsafeMutableBufferPointer<UInt8> { rest }

    /// A writer over the space not kept yet.
    func writer() -> ByteWriter { ByteWriter(rest) }

    /// Keeps the first `count` bytes of ``space``, written there directly.
    mutating func keep(count: Int) -> UnsafeBufferPointer<UInt8> {
        let kept = UnsafeBufferPointer(rebasing: rest[0..<count])
        rest = UnsafeMutableBufferPointer(rebasing: rest[count...])
        return kept
    }

    /// Keeps what `writer` (from ``writer()``, with nothing kept since) wrote; nil if it ran
    /// out of space.
    mutating func keep(_ writer: ByteWriter) -> UnsafeBufferPointer<UInt8>? {
        guard !writer.overflowed else { return nil }
        let kept = writer.written
        rest = UnsafeMutableBufferPointer(rebasing: rest[writer.count...])
        return kept
    }
}
