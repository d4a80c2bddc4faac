/// A growable array of ``TokenCache/Entry`` whose storage starts on a 64-byte boundary, so
/// that with 32-byte entries every entry lies within one cache line.
///
/// A Swift array cannot promise that: its elements follow a 32-byte header in a block that
/// malloc aligns to 16 bytes only (a large block starts 16 bytes past a page), so half of the
/// entries of a `[Entry]` would straddle two lines, and each of those lookups would wait for
/// two cache misses instead of one.
///
/// ```
/// line 0               line 1               line 2
/// | entry 0 | entry 1 | entry 2 | entry 3 | entry 4 | ...     32 bytes each, from a 64-byte
/// ^ 64-byte aligned                                            boundary
/// ```
///
/// A value type with copy-on-write, like an array; it is a `RandomAccessCollection` for
/// readers (``TokenCache/entries``).
struct AlignedEntries: RandomAccessCollection {
    typealias Element = TokenCache.Entry

    private var storage = Storage(capacity: 1_024)

    var startIndex: Int { 0 }
    var endIndex: Int { storage.count }

    subscript(position: Int) -> Element {
        @inline(__always) get {
            precondition(position >= 0 && position < storage.count, "entry out of range")
            return storage.base[position]
        }
    }

    /// Adds one to entry `position`'s occurrence count.
    @inline(__always)
    mutating func countOccurrence(at position: Int) {
        precondition(position >= 0 && position < storage.count, "entry out of range")
        makeUnique()
        storage.base[position].count &+= 1
    }

    mutating func append(_ entry: Element) {
        makeUnique()
        if storage.count == storage.capacity {
            storage = storage.copy(capacity: storage.capacity * 2)
        }
        (storage.base + storage.count).initialize(to: entry)
        storage.count += 1
    }

    /// Calls `body` with the entries in place (valid only during the call).
    func withUnsafeBufferPointer<Result>(
        _ body: (UnsafeBufferPointer<Element>) throws -> Result
    ) rethrows -> Result {
        try withExtendedLifetime(storage) {
            try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
        }
    }

    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy(capacity: storage.capacity)
        }
    }

    /// The memory block; `Entry` is a plain value (no references), so it is copied and freed
    /// without per-element work.
    private final class Storage {
        static let alignment = 64
        let base: UnsafeMutablePointer<Element>
        let capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = UnsafeMutableRawPointer.allocate(
                byteCount: capacity * MemoryLayout<Element>.stride, alignment: Self.alignment
            ).bindMemory(to: Element.self, capacity: capacity)
        }

        func copy(capacity: Int) -> Storage {
            let copy = Storage(capacity: capacity)
            copy.base.initialize(from: base, count: count)
            copy.count = count
            return copy
        }

        deinit {
            base.deinitialize(count: count)
            UnsafeMutableRawPointer(base).deallocate()
        }
    }
}
