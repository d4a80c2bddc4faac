import CStemmer
import Synchronization

/// One Snowball stemmer (libstemmer). Not thread-safe: use one per thread or task, or borrow
/// one from an ``AnalyzerPool``.
///
/// English and Russian words also go through libstemmer's one-byte builds of the same
/// algorithms (ISO-8859-1 English for ASCII words, KOI8-R Russian for words of Russian
/// letters), which give the same stems in fewer instructions: the UTF-8 builds decode each
/// letter at every step. At 100k articles a shard stems about 280,000 English and 160,000
/// Russian words; per word the UTF-8 builds cost 2,609 and 3,031 instructions, the one-byte
/// ones 1,911 and 1,327 (BENCHMARKS.md, "Session 19: the index build"). Words either
/// encoding cannot hold, and Turkish (UTF-8 only), take the UTF-8 build.
final class SnowballStemmer {
    /// The algorithm names libstemmer knows this corpus' languages by.
    enum Algorithm: String, CaseIterable, Sendable {
        case english, russian, turkish
    }

    let algorithm: Algorithm
    private let handle: OpaquePointer
    /// The algorithm's one-byte build (``stem(utf8:)``), nil for Turkish or when switched off.
    private let oneByteHandle: OpaquePointer?
    /// A Russian word in KOI8-R, then its stem back in UTF-8 (``koi8Stem(_:through:)``);
    /// grown as words need, never shrunk.
    private var scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
    /// In an index build of several shards, the Turkish stems they share (``SharedStems``):
    /// ``stem(utf8:)`` looks a word up there first, and shares the stems it makes.
    var shared: SharedStems.Writer?

    /// Returns nil only if libstemmer lacks the algorithm (a broken installation). Without
    /// `oneByteBuilds`, every word takes the UTF-8 build (tests compare the two).
    init?(_ algorithm: Algorithm, oneByteBuilds: Bool = true) {
        guard let handle = sb_stemmer_new(algorithm.rawValue, "UTF_8") else { return nil }
        self.algorithm = algorithm
        self.handle = handle
        oneByteHandle =
            switch algorithm {
            case _ where !oneByteBuilds: nil
            case .english: sb_stemmer_new("english", "ISO_8859_1")
            case .russian: sb_stemmer_new("russian", "KOI8_R")
            case .turkish: nil
            }
    }

    deinit {
        sb_stemmer_delete(handle)
        if let oneByteHandle { sb_stemmer_delete(oneByteHandle) }
        scratch.deallocate()
    }

    /// Stems a lower-cased word through the UTF-8 build (the reference the byte paths are
    /// tested against). On allocation failure the word comes back unstemmed.
    func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes -> String in
            guard let stemmed = stem(utf8: bytes, through: handle) else {
                return String(decoding: bytes, as: UTF8.self)
            }
            return String(decoding: stemmed, as: UTF8.self)
        }
    }

    /// Stems a lower-cased word given as UTF-8 bytes; the stem is valid until the next call
    /// (libstemmer's own buffer, or the stemmer's). Nil on allocation failure or for an empty
    /// word. The same stem as ``stem(_:)``'s, through the one-byte build where it holds the
    /// word.
    func stem(utf8 word: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        if let oneByteHandle {
            switch algorithm {
            case .english:
                // ASCII is ISO-8859-1 as it is, and an ASCII word's stem is ASCII (checked:
                // anything else is stemmed again by the UTF-8 build).
                if UTF8Scalars.isASCII(word), let stem = stem(utf8: word, through: oneByteHandle),
                    UTF8Scalars.isASCII(stem)
                {
                    return stem
                }
            case .russian:
                if let stem = koi8Stem(word, through: oneByteHandle) { return stem }
            case .turkish:
                break
            }
        }
        if shared != nil { return sharedStem(word) }
        return stem(utf8: word, through: handle)
    }

    /// ``stem(utf8:)`` through ``shared``: the stem another shard made, or one made here
    /// and shared.
    private func sharedStem(_ word: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let hash = SharedStems.hash(word)
        if let stem = shared?.table.find(word, hash: hash) { return stem }
        guard let stem = stem(utf8: word, through: handle) else { return nil }
        shared?.insert(word, stem: stem, hash: hash)
        return stem
    }

    /// `word` stemmed by one of libstemmer's builds, in its buffer (nil as ``stem(utf8:)``).
    @inline(__always)
    private func stem(
        utf8 word: UnsafeBufferPointer<UInt8>, through handle: OpaquePointer
    ) -> UnsafeBufferPointer<UInt8>? {
        guard let base = word.baseAddress,
            let stemmed = sb_stemmer_stem(handle, base, Int32(word.count))
        else { return nil }
        return UnsafeBufferPointer(start: stemmed, count: Int(sb_stemmer_length(handle)))
    }

    /// A word of ASCII and lower-case Russian letters (а-я, ё) stemmed in KOI8-R, its stem
    /// back in UTF-8 (in `scratch`); nil for any other word, or a stem with a byte KOI8-R's
    /// letters do not name.
    private func koi8Stem(
        _ word: UnsafeBufferPointer<UInt8>, through handle: OpaquePointer
    ) -> UnsafeBufferPointer<UInt8>? {
        guard !word.isEmpty else { return nil }
        if scratch.count < 2 * word.count {
            scratch.deallocate()
            scratch = .allocate(capacity: 2 * word.count)
        }
        let out = scratch.baseAddress!
        var count = 0
        var index = 0
        while index < word.count {
            let byte = word[index]
            if byte < 0x80 {
                out[count] = byte
                count += 1
                index += 1
                continue
            }
            guard index + 1 < word.count else { return nil }
            // а-п are D0 B0...BF, р-я D1 80...8F, ё D1 91.
            let pair = UInt32(byte) << 8 | UInt32(word[index + 1])
            let letter: UInt32
            switch pair {
            case 0xD0B0...0xD0BF: letter = pair - 0xD0B0
            case 0xD180...0xD18F: letter = pair - 0xD180 + 16
            case 0xD191: letter = 32
            default: return nil
            }
            out[count] = Self.koi8Letters[Int(letter)]
            count += 1
            index += 2
        }
        guard let stem = stem(utf8: UnsafeBufferPointer(start: out, count: count), through: handle),
            2 * stem.count <= scratch.count
        else { return nil }
        count = 0
        for byte in stem {
            if byte < 0x80 {
                out[count] = byte
                count += 1
                continue
            }
            let scalar = Self.koi8Scalars[Int(byte & 0x7F)]
            guard scalar != 0 else { return nil }
            out[count] = UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6)
            out[count + 1] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
            count += 2
        }
        return UnsafeBufferPointer(start: out, count: count)
    }

    /// KOI8-R's bytes of а-я (U+0430...U+044F) and ё (U+0451), in that order.
    private static let koi8Letters: [UInt8] = {
        let order = Array("юабцдефгхийклмнопярстужвьызшэщчъ".unicodeScalars)
        var letters = (0..<32).map { letter in
            UInt8(0xC0 + order.firstIndex(of: Unicode.Scalar(0x430 + UInt32(letter))!)!)
        }
        letters.append(0xA3)
        return letters
    }()

    /// Per KOI8-R byte from 0x80 (minus 0x80), its letter's scalar (of those above), or 0.
    private static let koi8Scalars: [UInt16] = {
        var scalars = [UInt16](repeating: 0, count: 128)
        for (letter, byte) in koi8Letters.enumerated() {
            scalars[Int(byte) - 0x80] = letter == 32 ? 0x451 : UInt16(0x430 + letter)
        }
        return scalars
    }()
}

@available(*, unavailable)
extension SnowballStemmer: Sendable {}

/// Lends analyzers (and so their stemmers) to concurrent searches: each borrower gets one no
/// one else is using.
final class AnalyzerPool: Sendable {
    /// An analyzer in the pool. Safe to send: only the mutex holder or the one borrower that
    /// took it out ever touches it.
    private struct Idle: @unchecked Sendable { let analyzer: Analyzer }

    private let idle = Mutex<[Idle]>([])
    private let options: AnalysisOptions
    /// Analyzers kept for reuse; more concurrent borrowers just make new ones.
    private let keep = 16

    init(options: AnalysisOptions) {
        self.options = options
    }

    /// Runs `body` with an analyzer that no other thread uses meanwhile.
    func withAnalyzer<R, Failure: Error>(_ body: (Analyzer) throws(Failure) -> R) throws(Failure)
        -> R
    {
        let analyzer = idle.withLock { $0.popLast() }?.analyzer ?? Analyzer(options: options)
        defer {
            let returned = Idle(analyzer: analyzer)
            idle.withLock { pool in
                if pool.count < keep { pool.append(returned) }
            }
        }
        return try body(analyzer)
    }
}
