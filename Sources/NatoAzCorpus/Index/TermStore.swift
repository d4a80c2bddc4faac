import CPrefetch

/// A vocabulary's terms, in order, in one ``UTF8Block``, with a hash table of term numbers
/// for exact lookups.
///
/// At 100,000 articles the vocabulary has about a million terms; as `[String]` plus a
/// `[String: Int32]` lookup they took about 66 MB, here about 16 MB (bytes, starts and a
/// table of `Int32` slots 3/4 full: sized to the vocabulary, not to the next power of two). Reading a term makes a `String` (no allocation
/// up to 15 bytes); ``withUTF8(_:_:)`` reads the bytes in place.
///
/// ```
/// block   "azerbaijan" "nato" "natos" ...   (one byte array plus starts)
/// slots   [-1, 2, -1, 0, 1, -1, ...]        term numbers by hash of the bytes, linear probing
/// ```
public struct TermStore: RandomAccessCollection, Sendable, Equatable {
    let block: UTF8Block
    /// Term numbers by hash (linear probing); -1 marks an empty slot. 4/3 as many as terms
    /// (plus a few), so a hash picks its first slot by multiplying, not masking.
    let slots: [Int32]

    /// A store made of its parts as they were stored (see ``IndexSnapshot``), checked there.
    init(block: UTF8Block, slots: [Int32]) {
        self.block = block
        self.slots = slots
    }

    /// Stores `terms` in the given order (of equal terms, lookups find the last, as a
    /// dictionary filled in order would).
    public init(_ terms: some Collection<String>) {
        self.init(UTF8Block(terms))
    }

    /// Stores the strings of `block` in its order (as ``init(_:)`` does with strings; the
    /// index build merges its terms into a block without making a `String` of each).
    /// `distinct` when no two strings of `block` are equal (the merged vocabulary): the
    /// table is the same, filled without comparing any two terms.
    init(_ block: UTF8Block, distinct: Bool = false) {
        self.block = block
        let capacity = block.count + block.count / 3 + 16
        if distinct {
            slots = Self.distinctSlots(block, capacity: capacity)
            return
        }
        var slots = [Int32](repeating: -1, count: capacity)
        for number in block.indices {
            block.withUTF8(number) { term in
                var slot = Self.slot(Self.hash(term), capacity)
                while slots[slot] >= 0, !block.equals(Int(slots[slot]), term) {
                    slot = slot + 1 == capacity ? 0 : slot + 1
                }
                slots[slot] = Int32(number)
            }
        }
        self.slots = slots
    }

    /// The table of ``init(_:distinct:)`` for distinct strings: each in the first empty slot
    /// from its hash's (no slot holds an equal one). The slots are asked for `ahead` terms
    /// before they are written: with the table (7 MB at 100,000 articles) out of cache, each
    /// insert was a cache miss, and each probe past a taken slot one more, on the start and
    /// bytes of the term there (0.09 CPU s of the index build's merge, session 19).
    private static func distinctSlots(_ block: UTF8Block, capacity: Int) -> [Int32] {
        let count = block.count
        let ahead = 16
        return [Int32](unsafeUninitializedCapacity: capacity) { table, initialized in
            table.initialize(repeating: -1)
            initialized = capacity
            guard let base = table.baseAddress else { return }
            block.bytes.withUnsafeBufferPointer { bytes in
                block.starts.withUnsafeBufferPointer { starts in
                    @inline(__always)
                    func home(_ number: Int) -> Int {
                        let term = UnsafeBufferPointer(
                            rebasing: bytes[Int(starts[number])..<Int(starts[number + 1])])
                        return slot(hash(term), capacity)
                    }
                    var homes = [Int](repeating: 0, count: ahead)
                    for number in 0..<Swift.min(ahead, count) {
                        homes[number] = home(number)
                        natoaz_prefetch_write(base + homes[number])
                    }
                    for number in 0..<count {
                        var slot = homes[number % ahead]
                        if number + ahead < count {
                            let next = home(number + ahead)
                            homes[number % ahead] = next
                            natoaz_prefetch_write(base + next)
                        }
                        while base[slot] >= 0 { slot = slot + 1 == capacity ? 0 : slot + 1 }
                        base[slot] = Int32(number)
                    }
                }
            }
        }
    }

    /// The first term number, 0.
    public var startIndex: Int { 0 }
    /// One past the last term number.
    public var endIndex: Int { block.count }

    /// Term `position`, as a new string.
    public subscript(position: Int) -> String { block[position] }

    /// Runs `body` on the UTF-8 bytes of term `position` (valid only inside `body`).
    @inline(__always)
    public func withUTF8<R>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        block.withUTF8(position, body)
    }

    /// The number of `term`, if stored.
    public func number(of term: String) -> Int? {
        var term = term
        return term.withUTF8 { number(ofUTF8: $0) }
    }

    /// The number of the term with these UTF-8 bytes, if stored.
    public func number(ofUTF8 term: UnsafeBufferPointer<UInt8>) -> Int? {
        let capacity = slots.count
        var slot = Self.slot(Self.hash(term), capacity)
        while slots[slot] >= 0 {
            if block.equals(Int(slots[slot]), term) { return Int(slots[slot]) }
            slot = slot + 1 == capacity ? 0 : slot + 1
        }
        return nil
    }

    /// Bytes held by the block and the table.
    var heapBytes: Int { block.heapBytes + MemoryFootprint.array(slots) }

    public static func == (left: TermStore, right: TermStore) -> Bool {
        left.block == right.block
    }

    /// The first slot of `hash` among `capacity`: the high half of their product, which
    /// spreads a well-mixed hash evenly over any table size.
    @inline(__always)
    private static func slot(_ hash: Int, _ capacity: Int) -> Int {
        Int(UInt64(bitPattern: Int64(hash)).multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// FNV-1a over the bytes, then mixed so that every bit depends on them all.
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
