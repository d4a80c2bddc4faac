/// Bytes a document keeps (its id, packed fields or compressed body): an array of its own
/// while the parser makes it, then a run of one block shared by the whole corpus once
/// ``DocumentPacking`` has packed the corpus.
///
/// Why: made one by one on the loading threads, a corpus' three small allocations per document
/// (300,000 at 100,000 articles) sit among the load's freed scratch, so that freed pages
/// cannot be returned to the kernel, and each carries 40-50 bytes of array header and
/// allocator overhead. Packed, they are one allocation of exactly their size.
///
/// ```
/// own:     [UInt8] (its own heap array)
/// shared:  PackedBytes.bytes  ... | id | fields | body | id | fields | body | ...
///                                   ^start, count
/// ```
///
/// Values compare and hash by their bytes, wherever they are kept.
struct StoredBytes: Sendable, Hashable {
    private enum Storage: Sendable {
        case own([UInt8])
        case shared(PackedBytes, start: UInt32, count: UInt32)
    }

    private let storage: Storage

    init(_ bytes: [UInt8]) {
        storage = .own(bytes)
    }

    /// `count` bytes of `block` from `start`.
    init(_ block: PackedBytes, start: Int, count: Int) {
        precondition(start >= 0 && count >= 0 && start + count <= block.bytes.count)
        storage = .shared(block, start: UInt32(start), count: UInt32(count))
    }

    var count: Int {
        switch storage {
        case .own(let bytes): bytes.count
        case .shared(_, _, let count): Int(count)
        }
    }

    /// The bytes when they are an array of their own (shared, not copied), else nil.
    var ownArray: [UInt8]? {
        if case .own(let bytes) = storage { return bytes }
        return nil
    }

    /// Runs `body` on the bytes (valid only inside `body`).
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows
        -> R
    {
        switch storage {
        case .own(let bytes):
            return try bytes.withUnsafeBufferPointer(body)
        case .shared(let block, let start, let count):
            return try block.bytes.withUnsafeBufferPointer {
                try body(UnsafeBufferPointer(rebasing: $0[Int(start)..<Int(start + count)]))
            }
        }
    }

    /// Heap bytes held for these bytes alone (see ``MemoryFootprint``): an own array's chunk,
    /// or the run's length in the shared block.
    var heapBytes: Int {
        switch storage {
        case .own(let bytes): MemoryFootprint.array(bytes)
        case .shared(_, _, let count): Int(count)
        }
    }

    static func == (lhs: StoredBytes, rhs: StoredBytes) -> Bool {
        lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in left.elementsEqual(right) }
        }
    }

    func hash(into hasher: inout Hasher) {
        withUnsafeBufferPointer { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// One immutable block of bytes that many ``StoredBytes`` point into.
final class PackedBytes: Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// A document's id: the string given, until ``DocumentPacking`` moves its UTF-8 into the
/// corpus' block (an id of more than 15 bytes is otherwise one small heap object per document).
/// Values compare and hash as strings.
struct StoredID: Sendable, Hashable {
    private enum Storage: Sendable {
        case string(String)
        case packed(StoredBytes)
    }

    private let storage: Storage

    init(_ string: String) {
        storage = .string(string)
    }

    /// The id whose UTF-8 is `count` bytes of `block` from `start` (restored from a snapshot).
    init(block: PackedBytes, start: Int, count: Int) {
        storage = .packed(StoredBytes(block, start: start, count: count))
    }

    /// The same id, its UTF-8 moved to `block` from `start`.
    init(moving id: StoredID, to block: PackedBytes, start: Int) {
        storage = .packed(StoredBytes(block, start: start, count: id.utf8Count))
    }

    /// The id (made anew from a packed one: no allocation up to 15 bytes).
    var string: String {
        switch storage {
        case .string(let string): string
        case .packed(let bytes):
            bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        }
    }

    var utf8Count: Int {
        switch storage {
        case .string(let string): string.utf8.count
        case .packed(let bytes): bytes.count
        }
    }

    /// Runs `body` on the id's UTF-8 (valid only inside `body`).
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .string(var string): try string.withUTF8(body)
        case .packed(let bytes): try bytes.withUnsafeBufferPointer(body)
        }
    }

    /// Heap bytes held for the id (see ``MemoryFootprint``).
    var heapBytes: Int {
        switch storage {
        case .string(let string): MemoryFootprint.string(string)
        case .packed(let bytes): bytes.heapBytes
        }
    }

    static func == (lhs: StoredID, rhs: StoredID) -> Bool { lhs.string == rhs.string }

    func hash(into hasher: inout Hasher) { hasher.combine(string) }
}
