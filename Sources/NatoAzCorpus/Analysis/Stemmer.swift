import CStemmer
import Synchronization

/// One Snowball stemmer (libstemmer). Not thread-safe: use one per thread or task, or borrow
/// one from a ``StemmerPool``.
final class SnowballStemmer {
    /// The algorithm names libstemmer knows this corpus' languages by.
    enum Algorithm: String, CaseIterable, Sendable {
        case english, russian, turkish
    }

    let algorithm: Algorithm
    private let handle: OpaquePointer

    /// Returns nil only if libstemmer lacks the algorithm (a broken installation).
    init?(_ algorithm: Algorithm) {
        guard let handle = sb_stemmer_new(algorithm.rawValue, "UTF_8") else { return nil }
        self.algorithm = algorithm
        self.handle = handle
    }

    deinit { sb_stemmer_delete(handle) }

    /// Stems a lower-cased word. On allocation failure the word comes back unstemmed.
    func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes -> String in
            guard let base = bytes.baseAddress,
                let stemmed = sb_stemmer_stem(handle, base, Int32(bytes.count))
            else { return String(decoding: bytes, as: UTF8.self) }
            let length = Int(sb_stemmer_length(handle))
            return String(
                decoding: UnsafeBufferPointer(start: stemmed, count: length), as: UTF8.self)
        }
    }

    /// Stems a lower-cased word given as UTF-8 bytes; the stem is valid until the next call
    /// (it is libstemmer's own buffer). Nil on allocation failure or for an empty word.
    func stem(utf8 word: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let base = word.baseAddress,
            let stemmed = sb_stemmer_stem(handle, base, Int32(word.count))
        else { return nil }
        return UnsafeBufferPointer(start: stemmed, count: Int(sb_stemmer_length(handle)))
    }
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
