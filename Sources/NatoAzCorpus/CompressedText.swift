import CZstd
import Synchronization

/// A document body kept zstd-compressed in memory and expanded on each read.
///
/// Bodies are most of a corpus' resident memory (253 MB of 750 MB at 100,000 articles), and
/// they are read rarely: once by the index build, then only by the few documents a snippet,
/// Kwic line or Similar request touches. One zstd frame per body keeps every body
/// independently readable. The loader compresses with a ``BodyDictionary`` trained on the
/// corpus (level 3); without one (a few articles, or a `Document` made by hand) the frame is
/// plain zstd at level 1. A body that does not shrink is kept as plain UTF-8.
///
/// ```
/// bytes:  +-----------------------------------+
///         | zstd frame (or the UTF-8 itself)  |   utf8Count: the body's length in bytes
///         +-----------------------------------+   dictionary: what the frame needs, if any
/// ```
///
/// A frame is shorter than its text, so `bytes.count < utf8Count` tells a frame from plain
/// text. Values compare and hash by text: equal texts compressed with different dictionaries
/// are equal.
struct CompressedText: Sendable, Hashable {
    /// Bodies shorter than this are kept plain: a zstd frame has a dozen bytes of overhead.
    static let minimumCompressed = 64
    /// Level without a dictionary: higher levels gained under 1% on single news bodies.
    static let level: Int32 = 1

    private let bytes: StoredBytes
    /// The dictionary the frame was compressed with (nil: none, or plain text).
    let dictionary: BodyDictionary?
    /// The text's length in UTF-8 bytes.
    let utf8Count: Int

    init(_ text: String, dictionary: BodyDictionary? = nil) {
        var text = text
        utf8Count = text.utf8.count
        let compressed: [UInt8]? =
            utf8Count < Self.minimumCompressed
            ? nil : text.withUTF8 { Self.compress($0, dictionary: dictionary) }
        if let compressed {
            bytes = StoredBytes(compressed)
            self.dictionary = dictionary
        } else {
            bytes = StoredBytes(Array(text.utf8))
            self.dictionary = nil
        }
    }

    /// The text kept uncompressed (to be compressed later, once the corpus' dictionary is
    /// trained: see ``Document/compressingBody(with:)``).
    init(plain text: String) {
        utf8Count = text.utf8.count
        bytes = StoredBytes(Array(text.utf8))
        dictionary = nil
    }

    /// The same text, its stored bytes moved to `count` bytes of `block` from `start` (see
    /// ``DocumentPacking``).
    init(moving text: CompressedText, to block: PackedBytes, start: Int) {
        bytes = StoredBytes(block, start: start, count: text.bytes.count)
        dictionary = text.dictionary
        utf8Count = text.utf8Count
    }

    /// A body stored as `count` bytes of `block` from `start`, expanding to `utf8Count` bytes
    /// (restored from a snapshot, whose reader checked the frame's header).
    init(block: PackedBytes, start: Int, count: Int, utf8Count: Int, dictionary: BodyDictionary?) {
        bytes = StoredBytes(block, start: start, count: count)
        self.dictionary = dictionary
        self.utf8Count = utf8Count
    }

    /// Whether the stored bytes are a zstd frame (rather than the plain text).
    var isFrame: Bool { isCompressed }

    /// The stored bytes (the frame, or the plain text), as ``DocumentPacking`` copies them.
    var stored: StoredBytes { bytes }

    private var isCompressed: Bool { bytes.count < utf8Count }

    /// Bytes held (the frame, or the plain text).
    var storedCount: Int { bytes.count }

    /// Heap bytes held (see ``MemoryFootprint``).
    var heapBytes: Int { bytes.heapBytes }

    /// The text, expanded into a new string.
    var string: String {
        guard isCompressed else {
            return bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        }
        return String(unsafeUninitializedCapacity: utf8Count) { expand(into: $0) }
    }

    /// Calls `body` with the text's UTF-8 bytes, expanded into `scratch` (grown as needed and
    /// kept by the caller for the next body). The index build reads every body once this way:
    /// a new string per body cost an allocation and a second UTF-8 validation of bytes that
    /// were validated when the document was parsed.
    func withUTF8<Result>(
        using scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        guard isCompressed else { return bytes.withUnsafeBufferPointer(body) }
        if scratch.count < utf8Count {
            scratch = [UInt8](repeating: 0, count: max(utf8Count, 2 * scratch.count))
        }
        return scratch.withUnsafeMutableBufferPointer { buffer in
            let text = UnsafeMutableBufferPointer(rebasing: buffer[..<utf8Count])
            _ = expand(into: text)
            return body(UnsafeBufferPointer(text))
        }
    }

    /// Expands the frame into `buffer` (exactly `utf8Count` bytes); returns `utf8Count`.
    private func expand(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { source in
            ZstdContextPool.decompression.withContext { context in
                let result =
                    if let dictionary {
                        dictionary.decompress(source, into: buffer, context: context)
                    } else {
                        ZSTD_decompressDCtx(
                            context, buffer.baseAddress, buffer.count, source.baseAddress,
                            source.count)
                    }
                // The frame was written by `compress` from exactly utf8Count bytes; a
                // mismatch means memory corruption, not bad input.
                precondition(
                    ZSTD_isError(result) == 0 && result == utf8Count,
                    "a compressed document body does not expand to its length")
                return result
            }
        }
    }

    static func == (lhs: CompressedText, rhs: CompressedText) -> Bool {
        guard lhs.utf8Count == rhs.utf8Count else { return false }
        if lhs.dictionary === rhs.dictionary, lhs.isCompressed == rhs.isCompressed {
            // Compression is deterministic: the same text and dictionary give the same frame.
            return lhs.bytes == rhs.bytes
        }
        return lhs.string == rhs.string
    }

    /// Hashes the length only: hashing the text would expand it, and hashing the frame would
    /// break equal texts compressed with different dictionaries.
    func hash(into hasher: inout Hasher) {
        hasher.combine(utf8Count)
    }

    /// Frees the compression contexts kept for reuse: a load compresses every body on all
    /// cores, and each context it leaves behind holds about a megabyte (level 3 with a
    /// dictionary) that nothing needs until the next load.
    static func releaseCompressionContexts() {
        ZstdContextPool.compression.releaseIdle()
    }

    /// The frame holding `text`, or nil when it would not be smaller.
    private static func compress(_ text: UnsafeBufferPointer<UInt8>, dictionary: BodyDictionary?)
        -> [UInt8]?
    {
        let bound = ZSTD_compressBound(text.count)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { scratch in
            let count = ZstdContextPool.compression.withContext { context in
                let result =
                    if let dictionary {
                        dictionary.compress(text, into: scratch, context: context)
                    } else {
                        ZSTD_compressCCtx(
                            context, scratch.baseAddress, scratch.count, text.baseAddress,
                            text.count, level)
                    }
                return ZSTD_isError(result) != 0 ? 0 : result
            }
            guard count > 0, count < text.count else { return nil }
            // Copied out at its exact size: the bound is larger than the frame.
            return Array(UnsafeBufferPointer(rebasing: scratch[..<count]))
        }
    }
}

/// zstd contexts of one kind reused across calls (creating one allocates about 100-200 KB),
/// handed out one caller at a time.
private final class ZstdContextPool: Sendable {
    static let compression = ZstdContextPool(
        kind: "compression", create: { ZSTD_createCCtx() }, free: { _ = ZSTD_freeCCtx($0) })
    static let decompression = ZstdContextPool(
        kind: "decompression", create: { ZSTD_createDCtx() }, free: { _ = ZSTD_freeDCtx($0) })

    /// A context pointer that may cross threads; only one caller uses it at a time.
    private struct Pointer: @unchecked Sendable { let raw: OpaquePointer }

    /// More idle contexts than this are freed (one per thread that ever used them at once).
    private static let kept = 16

    private let idle = Mutex<[Pointer]>([])
    private let kind: String
    private let create: @Sendable () -> OpaquePointer?
    private let free: @Sendable (OpaquePointer) -> Void

    private init(
        kind: String, create: @escaping @Sendable () -> OpaquePointer?,
        free: @escaping @Sendable (OpaquePointer) -> Void
    ) {
        self.kind = kind
        self.create = create
        self.free = free
    }

    func withContext<R>(_ body: (OpaquePointer) -> R) -> R {
        let context = idle.withLock { $0.popLast() } ?? create().map(Pointer.init)
        guard let context else { fatalError("zstd could not allocate a \(kind) context") }
        defer {
            let extra = idle.withLock { idle -> Pointer? in
                guard idle.count < Self.kept else { return context }
                idle.append(context)
                return nil
            }
            if let extra { free(extra.raw) }
        }
        return body(context.raw)
    }

    /// Frees the idle contexts (a later call creates new ones).
    func releaseIdle() {
        for context in idle.withLock({ idle in
            defer { idle = [] }
            return idle
        }) {
            free(context.raw)
        }
    }
}
