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

    private enum Storage: Sendable {
        /// Its own bytes, or a run of a packed block; `dictionary` is what a frame needs.
        case bytes(StoredBytes, dictionary: BodyDictionary?)
        /// Body `number` of a corpus' ``BodyStore`` (plain until the store compresses it).
        case store(BodyStore, number: Int)
    }

    private let storage: Storage
    /// The text's length in UTF-8 bytes.
    let utf8Count: Int

    init(_ text: String, dictionary: BodyDictionary? = nil) {
        var text = text
        utf8Count = text.utf8.count
        let compressed: [UInt8]? =
            utf8Count < Self.minimumCompressed
            ? nil : text.withUTF8 { Self.compress($0, dictionary: dictionary) }
        if let compressed {
            storage = .bytes(StoredBytes(compressed), dictionary: dictionary)
        } else {
            storage = .bytes(StoredBytes(Array(text.utf8)), dictionary: nil)
        }
    }

    /// The text kept uncompressed, for the loader to hand to the corpus' ``BodyStore``.
    init(plain text: String) {
        utf8Count = text.utf8.count
        storage = .bytes(StoredBytes(Array(text.utf8)), dictionary: nil)
    }

    /// `bytes` (valid UTF-8) kept uncompressed, as ``init(plain:)`` keeps a string's.
    init(plainUTF8 bytes: [UInt8]) {
        utf8Count = bytes.count
        storage = .bytes(StoredBytes(bytes), dictionary: nil)
    }

    /// Body `number` of `store`, `utf8Count` bytes long.
    init(store: BodyStore, number: Int, utf8Count: Int) {
        storage = .store(store, number: number)
        self.utf8Count = utf8Count
    }

    /// Body `number` of the same ``BodyStore`` (`self` must be in one).
    func renumbered(_ number: Int) -> CompressedText {
        guard case .store(let store, _) = storage else {
            preconditionFailure("only a body in a BodyStore is renumbered")
        }
        return CompressedText(store: store, number: number, utf8Count: utf8Count)
    }

    /// The same text, its stored bytes moved to `count` bytes of `block` from `start` (see
    /// ``DocumentPacking``; not for a body in a store, which stays there).
    init(moving text: CompressedText, to block: PackedBytes, start: Int) {
        guard case .bytes(let bytes, let dictionary) = text.storage else {
            preconditionFailure("a body in a BodyStore is not moved")
        }
        storage = .bytes(
            StoredBytes(block, start: start, count: bytes.count), dictionary: dictionary)
        utf8Count = text.utf8Count
    }

    /// A body stored as `count` bytes of `block` from `start`, expanding to `utf8Count` bytes
    /// (restored from a snapshot, whose reader checked the frame's header).
    init(block: PackedBytes, start: Int, count: Int, utf8Count: Int, dictionary: BodyDictionary?) {
        storage = .bytes(StoredBytes(block, start: start, count: count), dictionary: dictionary)
        self.utf8Count = utf8Count
    }

    /// Whether the body is in a ``BodyStore`` (rather than bytes of its own or of a block).
    var isInStore: Bool {
        if case .store = storage { return true }
        return false
    }

    /// The plain UTF-8 of a body made with ``init(plain:)``, for the corpus' ``BodyStore``.
    var plainBytes: [UInt8] {
        guard case .bytes(let bytes, _) = storage, bytes.count == utf8Count else {
            preconditionFailure("only a plain body moves to a BodyStore")
        }
        return bytes.ownArray ?? bytes.withUnsafeBufferPointer { Array($0) }
    }

    /// Calls `body` with the stored bytes (a frame, or the plain text) and the dictionary a
    /// frame needs. A body in a store is read from the store's table current at the call.
    @inline(__always)
    func withStored<Result>(
        _ body: (UnsafeBufferPointer<UInt8>, BodyDictionary?) -> Result
    ) -> Result {
        switch storage {
        case .bytes(let bytes, let dictionary):
            bytes.withUnsafeBufferPointer { body($0, dictionary) }
        case .store(let store, let number):
            store.withStored(number, body)
        }
    }

    /// The dictionary the frame was compressed with (nil: none, or plain text).
    var dictionary: BodyDictionary? {
        withStored { bytes, dictionary in bytes.count < utf8Count ? dictionary : nil }
    }

    /// Whether the stored bytes are a zstd frame (rather than the plain text).
    var isFrame: Bool { storedCount < utf8Count }

    /// Bytes held (the frame, or the plain text).
    var storedCount: Int {
        switch storage {
        case .bytes(let bytes, _): bytes.count
        case .store(let store, let number): store.storedCount(number)
        }
    }

    /// Heap bytes held (see ``MemoryFootprint``): a body in a store counts its stored bytes.
    var heapBytes: Int {
        switch storage {
        case .bytes(let bytes, _): bytes.heapBytes
        case .store(let store, let number): store.storedCount(number)
        }
    }

    /// The text, expanded into a new string.
    var string: String {
        withStored { bytes, dictionary in
            guard bytes.count < utf8Count else { return String(decoding: bytes, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: utf8Count) {
                Self.expand(
                    bytes, dictionary: dictionary,
                    into: UnsafeMutableBufferPointer(rebasing: $0[..<utf8Count]))
            }
        }
    }

    /// Calls `body` with the text's UTF-8 bytes, expanded into `scratch` (grown as needed and
    /// kept by the caller for the next body). The index build reads every body once this way:
    /// a new string per body cost an allocation and a second UTF-8 validation of bytes that
    /// were validated when the document was parsed.
    func withUTF8<Result>(
        using scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        withStored { bytes, dictionary in
            guard bytes.count < utf8Count else { return body(bytes) }
            if scratch.count < utf8Count {
                scratch = [UInt8](repeating: 0, count: max(utf8Count, 2 * scratch.count))
            }
            return scratch.withUnsafeMutableBufferPointer { buffer in
                let text = UnsafeMutableBufferPointer(rebasing: buffer[..<utf8Count])
                _ = Self.expand(bytes, dictionary: dictionary, into: text)
                return body(UnsafeBufferPointer(text))
            }
        }
    }

    /// Expands `frame` into `buffer` (exactly the text's length); returns that length.
    private static func expand(
        _ frame: UnsafeBufferPointer<UInt8>, dictionary: BodyDictionary?,
        into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        ZstdContextPool.decompression.withContext { context in
            let result =
                if let dictionary {
                    dictionary.decompress(frame, into: buffer, context: context)
                } else {
                    ZSTD_decompressDCtx(
                        context, buffer.baseAddress, buffer.count, frame.baseAddress, frame.count)
                }
            // The frame was written by `compress` from exactly the text's length; a mismatch
            // means memory corruption, not bad input.
            precondition(
                ZSTD_isError(result) == 0 && result == buffer.count,
                "a compressed document body does not expand to its length")
            return result
        }
    }

    static func == (lhs: CompressedText, rhs: CompressedText) -> Bool {
        guard lhs.utf8Count == rhs.utf8Count else { return false }
        if case .bytes(let left, let leftDictionary) = lhs.storage,
            case .bytes(let right, let rightDictionary) = rhs.storage,
            leftDictionary === rightDictionary, lhs.isFrame == rhs.isFrame
        {
            // Compression is deterministic: the same text and dictionary give the same frame.
            return left == right
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

    /// Appends what `CompressedText(text, dictionary:)` stores for `text` (its UTF-8): the
    /// frame, or the text itself when it is short or does not shrink.
    static func appendStored(
        _ text: UnsafeBufferPointer<UInt8>, dictionary: BodyDictionary?, to target: inout [UInt8]
    ) {
        guard text.count >= minimumCompressed else { return target.append(contentsOf: text) }
        withFrame(of: text, dictionary: dictionary) { target.append(contentsOf: $0 ?? text) }
    }

    /// The frame holding `text`, or nil when it would not be smaller.
    private static func compress(_ text: UnsafeBufferPointer<UInt8>, dictionary: BodyDictionary?)
        -> [UInt8]?
    {
        // Copied out at its exact size: the bound is larger than the frame.
        withFrame(of: text, dictionary: dictionary) { $0.map { Array($0) } }
    }

    /// Calls `body` with the frame holding `text` (valid only inside `body`), or with nil when
    /// it would not be smaller.
    private static func withFrame<Result>(
        of text: UnsafeBufferPointer<UInt8>, dictionary: BodyDictionary?,
        _ body: (UnsafeBufferPointer<UInt8>?) -> Result
    ) -> Result {
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
            guard count > 0, count < text.count else { return body(nil) }
            return body(UnsafeBufferPointer(rebasing: scratch[..<count]))
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
