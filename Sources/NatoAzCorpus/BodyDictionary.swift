import CZstd

/// A zstd dictionary trained on a sample of one corpus' bodies, shared by every body that
/// ``CompressedText`` compresses with it.
///
/// A news body is a few kilobytes: too short for zstd to learn the language's common words
/// and phrases from the body alone. A dictionary trained at load on a spread sample of the
/// corpus holds them once, so each frame only encodes what is particular to its article (on
/// the 100,000-article synthetic corpus: 2.5x instead of 1.85x without a dictionary), while
/// every body stays one independent frame that expands on its own.
///
/// The digested forms (`ZSTD_CDict`, `ZSTD_DDict`) are read-only after creation, so any
/// number of threads use them at once. They are freed with the last body that refers to them.
final class BodyDictionary: Sendable {
    /// The trainer's parameters (`ZDICT_trainFromBuffer_fastCover`): segments of 200 bytes
    /// scored by 8-byte d-mers in a 2^20-entry frequency table. zstd's default trainer
    /// (`ZDICT_trainFromBuffer`) searches over segment sizes, which took 3-4x as long on one
    /// core before the parallel parse could start (0.46 s against 0.12 s on 1,000 bodies), and
    /// its pick compressed the 10k and 100k synthetic corpora no better (2.46x and 2.47x;
    /// fixed k = 200: 2.49x and 2.47x).
    static let fastCoverSegmentSize: UInt32 = 200
    static let fastCoverDmerSize: UInt32 = 8
    static let fastCoverFrequencyLog: UInt32 = 20
    /// Compression level baked into the digested dictionary: with a dictionary, level 3
    /// gains about 12% over level 1 on news text and still compresses at hundreds of MB/s.
    static let level: Int32 = 3
    /// Largest dictionary trained: larger ones gained under 5% on the synthetic corpus.
    static let maximumSize = 112 * 1024
    /// Fewer sample bytes than this per byte of dictionary gives a dictionary that overfits
    /// the sample (zstd's guidance is about 100; 16 still helped on 1,000 articles).
    static let sampleBytesPerDictionaryByte = 16
    /// No dictionary below this: zstd's trainer needs a few kilobytes of dictionary to work.
    static let minimumSize = 4 * 1024

    /// A pointer that may cross threads: the digested dictionaries are read-only.
    private struct Pointer: @unchecked Sendable { let raw: OpaquePointer }

    private let compression: Pointer
    private let decompression: Pointer
    /// The dictionary's own bytes (the digested forms hold more: see ``residentBytes``).
    let size: Int
    /// The dictionary itself, kept so that an ``IndexSnapshot`` can store it (at most
    /// ``maximumSize`` bytes).
    let bytes: [UInt8]

    /// The dictionary `bytes` as stored by an ``IndexSnapshot``; nil if zstd cannot digest them.
    static func restored(from bytes: [UInt8]) -> BodyDictionary? {
        bytes.withUnsafeBytes { BodyDictionary($0) }
    }

    private init?(_ dictionary: UnsafeRawBufferPointer) {
        guard
            let compression = ZSTD_createCDict(dictionary.baseAddress, dictionary.count, Self.level)
        else { return nil }
        guard let decompression = ZSTD_createDDict(dictionary.baseAddress, dictionary.count) else {
            ZSTD_freeCDict(compression)
            return nil
        }
        self.compression = Pointer(raw: compression)
        self.decompression = Pointer(raw: decompression)
        size = dictionary.count
        bytes = Array(dictionary)
    }

    deinit {
        ZSTD_freeCDict(compression.raw)
        ZSTD_freeDDict(decompression.raw)
    }

    /// Memory held by both digested forms.
    var residentBytes: Int {
        ZSTD_sizeof_CDict(compression.raw) + ZSTD_sizeof_DDict(decompression.raw)
    }

    /// Trains a dictionary on `samples` (UTF-8 texts), or returns nil when they are too few
    /// or too small to train one; bodies are then compressed without a dictionary.
    static func train(on samples: [String]) -> BodyDictionary? {
        var joined: [UInt8] = []
        var sizes: [Int] = []
        for sample in samples where !sample.isEmpty {
            joined.append(contentsOf: sample.utf8)
            sizes.append(sample.utf8.count)
        }
        let capacity = min(maximumSize, joined.count / sampleBytesPerDictionaryByte)
        // The trainer fails on a handful of samples; a dictionary for so few bodies is moot.
        guard capacity >= minimumSize, sizes.count >= 16 else { return nil }
        var dictionary = [UInt8](repeating: 0, count: capacity)
        let trained = dictionary.withUnsafeMutableBytes { target in
            joined.withUnsafeBytes { source in
                sizes.withUnsafeBufferPointer { sizes in
                    var parameters = ZDICT_fastCover_params_t()
                    parameters.k = fastCoverSegmentSize
                    parameters.d = fastCoverDmerSize
                    parameters.f = fastCoverFrequencyLog
                    parameters.accel = 1
                    parameters.splitPoint = 1.0
                    parameters.nbThreads = 1
                    parameters.zParams.compressionLevel = level
                    let fast = ZDICT_trainFromBuffer_fastCover(
                        target.baseAddress, target.count, source.baseAddress, sizes.baseAddress,
                        UInt32(sizes.count), parameters)
                    guard ZDICT_isError(fast) != 0 else { return fast }
                    // Samples fastCover cannot use: zstd's default trainer decides.
                    return ZDICT_trainFromBuffer(
                        target.baseAddress, target.count, source.baseAddress, sizes.baseAddress,
                        UInt32(sizes.count))
                }
            }
        }
        guard ZDICT_isError(trained) == 0, trained > 0 else { return nil }
        return dictionary.withUnsafeBytes {
            BodyDictionary(UnsafeRawBufferPointer(rebasing: $0[..<trained]))
        }
    }

    /// Compresses `text` into `target` with `context`: the frame's size, or a zstd error code.
    func compress(
        _ text: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>,
        context: OpaquePointer
    ) -> Int {
        ZSTD_compress_usingCDict(
            context, target.baseAddress, target.count, text.baseAddress, text.count,
            compression.raw)
    }

    /// Expands `frame` into `target` with `context`: the text's size, or a zstd error code.
    func decompress(
        _ frame: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>,
        context: OpaquePointer
    ) -> Int {
        ZSTD_decompress_usingDDict(
            context, target.baseAddress, target.count, frame.baseAddress, frame.count,
            decompression.raw)
    }
}
