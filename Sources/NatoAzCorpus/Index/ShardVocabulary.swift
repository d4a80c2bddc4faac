import CPrefetch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A shard's terms while it is built, numbered in the order they first occur: every term's
/// UTF-8 bytes once, in one arena, found by an open-addressing table over those bytes.
///
/// Terms are told apart by their bytes, as the shard merge and the dictionary's order already
/// do (a `[String: UInt32]` would hash each term with Unicode normalisation and keep a million
/// `String` keys alive for nothing). Analysis emits folded (NFC) terms, so bytes and canonical
/// equivalence agree on them.
///
/// Each term is a record in the arena, its number and byte count before its bytes, and a slot
/// names the record: a lookup whose tag matches reads the record (one cache line, mostly) and
/// has the term's number and length with its bytes. A slot naming the term's number, with
/// the term's start in a side table, cost a cache miss on that table before the one on the
/// bytes (65% of the comparison's samples at 100k, session 17).
///
/// ```
/// records  [ id(32) | count(32) | t e r m 0 | id | count | t e r m 1 | ... ]
/// starts   [ start of record 0 | start of record 1 | ... ]     (sorting and copying only)
/// slots    [ tag(32) | record start + 1 (32) ] ...              0 = empty, at most half full
/// ```
struct ShardVocabulary: ~Copyable {
    /// Bytes of a record's number and byte count, before its bytes.
    private static let headerBytes = 8
    /// Written through its pointer: a record is one append (an `Array`'s appends of the
    /// header's and the term's bytes cost more than the lookups they spared).
    private var records: AlignedTable<UInt8>
    private var starts: [UInt32] = []
    private var slots: [UInt64]

    /// An empty vocabulary whose table holds `expectedCount` terms before it first grows, with
    /// room in its arenas for `reserved` terms of about 16 bytes.
    ///
    /// The room is reserved, not written: pages never written are not faulted in, so room
    /// over what the terms take costs address space only, where each doubling of an arena
    /// copied it into fresh memory (which the kernel clears page by page).
    init(expectedCount: Int = 0, reserving reserved: Int = 0) {
        slots = [UInt64](
            hugePagesRepeating: 0, count: 1 << TokenCache.tableBits(forCount: expectedCount))
        records = AlignedTable(capacity: (16 + Self.headerBytes) * reserved)
        if reserved > 0 { starts.reserveHugePages(forAppending: reserved) }
    }

    /// Number of distinct terms.
    var count: Int { starts.count }

    /// The number of `term`, adding it if it is new; `isNew` tells which.
    mutating func id(of term: String) -> (id: UInt32, isNew: Bool) {
        var term = term
        return term.withUTF8 { id(ofBytes: $0) }
    }

    /// Asks for the home slot of the term with these bytes ahead of its ``id(ofBytes:)``
    /// (a hint): a new token's terms are looked up one after another, and each slot is a
    /// cache miss in a large shard; asked for together, the misses overlap.
    @inline(__always)
    func prefetchSlot(ofBytes key: UnsafeBufferPointer<UInt8>) {
        let slot = Int(truncatingIfNeeded: Self.hash(key)) & (slots.count - 1)
        slots.withUnsafeBufferPointer { slots in natoaz_prefetch(slots.baseAddress! + slot) }
    }

    /// The number of the term with these UTF-8 bytes, adding it if it is new.
    mutating func id(ofBytes key: UnsafeBufferPointer<UInt8>) -> (id: UInt32, isNew: Bool) {
        let hash = Self.hash(key)
        let tag = hash >> 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { break }
            // The tag holds 32 bits of the hash: the bytes decide (a full hash kept beside the
            // terms would be one more cache miss per term).
            if value >> 32 == tag,
                let id = match(at: Int(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1, key)
            {
                return (id, false)
            }
            slot = (slot + 1) & mask
        }
        let id = UInt32(count)
        let start = records.count
        starts.reserveHugePages(forAppending: 1)
        records.append(count: Self.headerBytes + key.count) { record in
            let header = UInt64(UInt32(key.count)) << 32 | UInt64(id)
            UnsafeMutableRawPointer(record).storeBytes(
                of: header.littleEndian, toByteOffset: 0, as: UInt64.self)
            if let bytes = key.baseAddress {
                (record + Self.headerBytes).initialize(from: bytes, count: key.count)
            }
        }
        starts.append(UInt32(start))
        slots[slot] = tag << 32 | UInt64(start + 1)
        if TokenCache.isFull(count: count, slots: slots.count) { grow() }
        return (id, true)
    }

    /// The number of the term whose record starts at `start`, if its bytes are `key`'s.
    @inline(__always)
    private func match(at start: Int, _ key: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let record = records.base + start
        let header = UInt64(
            littleEndian: UnsafeRawPointer(record).loadUnaligned(as: UInt64.self))
        guard Int(header >> 32) == key.count else { return nil }
        guard
            key.isEmpty
                || TokenCache.equalBytes(
                    record + Self.headerBytes, key.baseAddress!, count: key.count)
        else { return nil }
        return UInt32(truncatingIfNeeded: header)
    }

    /// Where the bytes of the term whose record starts at `start` are, from `records`.
    @inline(__always)
    private static func range(_ records: UnsafePointer<UInt8>, _ start: UInt32) -> Range<Int> {
        let start = Int(start)
        let length = UInt32(
            littleEndian: UnsafeRawPointer(records + start).loadUnaligned(
                fromByteOffset: 4, as: UInt32.self))
        return start + headerBytes..<start + headerBytes + Int(length)
    }

    /// Term `id` as a string.
    func term(_ id: Int) -> String {
        let records = UnsafePointer(self.records.base)
        let term = Self.range(records, starts[id])
        return String(
            decoding: UnsafeBufferPointer(start: records + term.lowerBound, count: term.count),
            as: UTF8.self)
    }

    /// The terms numbered `order`, in that order, in one block.
    func block(in order: [Int]) -> UTF8Block {
        var sortedStarts = [UInt32]()
        sortedStarts.reserveCapacity(order.count + 1)
        sortedStarts.append(0)
        let records = UnsafePointer(self.records.base)
        let total = self.records.count - Self.headerBytes * count
        let sorted = starts.withUnsafeBufferPointer { starts in
            [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
                var written = 0
                for id in order {
                    let term = Self.range(records, starts[id])
                    (buffer.baseAddress! + written).initialize(
                        from: records + term.lowerBound, count: term.count)
                    written += term.count
                    sortedStarts.append(UInt32(written))
                }
                initialized = written
            }
        }
        return UTF8Block(bytes: sorted, starts: sortedStarts)
    }

    /// The term numbers in increasing UTF-8 byte order.
    ///
    /// Sorted as (first 8 bytes, length, number) records: each term's first 8 bytes as a
    /// big-endian number (zero-padded) decide most comparisons, read from the record itself (a
    /// sort of the numbers that looked the prefixes up in a side table read one at random per
    /// operand: at 100k articles a cache miss, for a shard's 700,000 terms); equal prefixes of
    /// terms of at most 8 bytes are decided by their lengths, longer ones by their bytes.
    func sortedOrder() -> [Int] {
        var pairs = [SortRecord]()
        pairs.reserveCapacity(count)
        let records = UnsafePointer(self.records.base)
        starts.withUnsafeBufferPointer { starts in
            for id in 0..<starts.count {
                let term = Self.range(records, starts[id])
                let end = min(term.upperBound, term.lowerBound + 8)
                var prefix: UInt64 = 0
                for index in term.lowerBound..<term.lowerBound + 8 {
                    prefix = prefix << 8 | UInt64(index < end ? records[index] : 0)
                }
                pairs.append(
                    SortRecord(prefix: prefix, length: UInt32(term.count), id: UInt32(id)))
            }
            pairs.sort { left, right in
                if left.prefix != right.prefix { return left.prefix < right.prefix }
                // Equal first 8 bytes: the shorter sorts first unless both go on.
                if min(left.length, right.length) > 8 {
                    let leftStart = Int(starts[Int(left.id)]) + Self.headerBytes
                    let rightStart = Int(starts[Int(right.id)]) + Self.headerBytes
                    let order = memcmp(
                        records + leftStart + 8, records + rightStart + 8,
                        Int(min(left.length, right.length)) - 8)
                    if order != 0 { return order < 0 }
                }
                return left.length < right.length
            }
        }
        return pairs.map { Int($0.id) }
    }

    /// A term's first 8 bytes (big-endian, zero-padded), its length and its number, for
    /// ``sortedOrder()``.
    private struct SortRecord {
        var prefix: UInt64
        var length: UInt32
        var id: UInt32
    }

    /// Doubles the slot table, hashing every term's bytes again: a table sized for the
    /// shard's estimate seldom grows, and a column of the hashes kept for growing was 8 bytes
    /// per term of fresh memory (5 MB per shard at 100k) written for nothing.
    private mutating func grow() {
        var grown = [UInt64](hugePagesRepeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        let records = UnsafePointer(self.records.base)
        for start in starts {
            let term = Self.range(records, start)
            let hash = Self.hash(
                UnsafeBufferPointer(start: records + term.lowerBound, count: term.count))
            var slot = Int(truncatingIfNeeded: hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = (hash >> 32) << 32 | (UInt64(start) + 1)
        }
        slots = grown
    }

    /// 8 bytes at a time, then a 64-bit finalizer (see ``TokenCache``).
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        TokenCache.finalized(TokenCache.mixed(TokenCache.seed(length: key.count), key))
    }
}
