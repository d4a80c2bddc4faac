/// A vocabulary's terms, in order, held as one block of UTF-8 bytes plus where each term
/// starts, with a hash table of term numbers for exact lookups.
///
/// At 100,000 articles the vocabulary has about a million terms; as `[String]` plus a
/// `[String: Int32]` lookup they took about 66 MB, here about 20 MB (bytes, starts and a
/// table of `Int32` slots at most 3/4 full). Reading a term makes a `String` (no allocation
/// up to 15 bytes); ``withUTF8(_:_:)`` reads the bytes in place.
///
/// ```
/// bytes   a z e r b a i j a n n a t o n a t o s ...
/// starts  0                   10      14      18 ...     term i = bytes[starts[i]..<starts[i+1]]
/// slots   [-1, 7, -1, 0, 3, -1, ...]                     open addressing by hash of the bytes
/// ```
public struct TermStore: RandomAccessCollection, Sendable, Equatable {
    private let bytes: [UInt8]
    /// Term `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private let starts: [UInt32]
    /// Term numbers by hash (linear probing); -1 marks an empty slot. A power of two long.
    private let slots: [Int32]

    /// Stores `terms` in the given order (of equal terms, lookups find the last, as a
    /// dictionary filled in order would).
    public init(_ terms: some Collection<String>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(terms.reduce(0) { $0 + $1.utf8.count })
        var starts: [UInt32] = []
        starts.reserveCapacity(terms.count + 1)
        for term in terms {
            starts.append(UInt32(bytes.count))
            bytes.append(contentsOf: term.utf8)
        }
        precondition(bytes.count <= UInt32.max, "vocabulary over 4 GiB of text")
        starts.append(UInt32(bytes.count))
        self.bytes = bytes
        self.starts = starts
        var capacity = 16
        while capacity * 3 < terms.count * 4 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        bytes.withUnsafeBufferPointer { block in
            let mask = capacity - 1
            for number in 0..<(starts.count - 1) {
                let term = UnsafeBufferPointer(
                    rebasing: block[Int(starts[number])..<Int(starts[number + 1])])
                var slot = Self.hash(term) & mask
                while slots[slot] >= 0 {
                    let other = Int(slots[slot])
                    if term.elementsEqual(block[Int(starts[other])..<Int(starts[other + 1])]) {
                        break
                    }
                    slot = (slot + 1) & mask
                }
                slots[slot] = Int32(number)
            }
        }
        self.slots = slots
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { starts.count - 1 }

    /// Term `position`, as a new string.
    public subscript(position: Int) -> String {
        withUTF8(position) { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs `body` on the UTF-8 bytes of term `position` (valid only inside `body`).
    @inline(__always)
    public func withUTF8<R>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[Int(starts[position])..<Int(starts[position + 1])]))
        }
    }

    /// The number of `term`, if stored.
    public func number(of term: String) -> Int? {
        var term = term
        return term.withUTF8 { number(ofUTF8: $0) }
    }

    /// The number of the term with these UTF-8 bytes, if stored.
    public func number(ofUTF8 term: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(term) & mask
        return bytes.withUnsafeBufferPointer { block in
            while slots[slot] >= 0 {
                let number = Int(slots[slot])
                let start = Int(starts[number])
                let end = Int(starts[number + 1])
                if end - start == term.count, term.elementsEqual(block[start..<end]) {
                    return number
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// Bytes held by the block, the starts and the table.
    var heapBytes: Int {
        MemoryFootprint.array(bytes) + MemoryFootprint.array(starts)
            + MemoryFootprint.array(slots)
    }

    public static func == (left: TermStore, right: TermStore) -> Bool {
        left.bytes == right.bytes && left.starts == right.starts
    }

    /// FNV-1a over the bytes, then mixed so that the low bits (the slot) depend on them all.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        hash ^= hash >> 29
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 32
        return Int(truncatingIfNeeded: hash)
    }
}
