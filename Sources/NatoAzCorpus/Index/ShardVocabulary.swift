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
/// ```
/// bytes   [ t e r m 0 | t e r m 1 | ... ]      starts[i]..<starts[i + 1] is term i
/// slots   [ tag(32) | id+1(32) ] ...           0 = empty, at most half full
/// ```
struct ShardVocabulary {
    private var bytes: [UInt8] = []
    private var starts: [UInt32] = [0]
    private var hashes: [UInt64] = []
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
        if reserved > 0 {
            bytes.reserveHugePages(forAppending: 16 * reserved)
            starts.reserveHugePages(forAppending: reserved)
            hashes.reserveHugePages(forAppending: reserved)
        }
    }

    /// Number of distinct terms.
    var count: Int { starts.count - 1 }

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
            if value >> 32 == tag {
                let id = Int(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1
                // The tag holds 32 bits of the hash: the bytes decide (the full hash is kept
                // only for growing; reading it here would be one more cache miss per term).
                if equal(id, key) { return (UInt32(id), false) }
            }
            slot = (slot + 1) & mask
        }
        let id = count
        bytes.reserveHugePages(forAppending: key.count)
        starts.reserveHugePages(forAppending: 1)
        hashes.reserveHugePages(forAppending: 1)
        bytes.append(contentsOf: key)
        starts.append(UInt32(bytes.count))
        hashes.append(hash)
        slots[slot] = tag << 32 | UInt64(id + 1)
        if count * 2 > slots.count { grow() }
        return (UInt32(id), true)
    }

    /// Term `id` as a string.
    func term(_ id: Int) -> String {
        bytes.withUnsafeBufferPointer { bytes in
            String(
                decoding: UnsafeBufferPointer(
                    rebasing: bytes[Int(starts[id])..<Int(starts[id + 1])]),
                as: UTF8.self)
        }
    }

    /// The terms numbered `order`, in that order, in one block.
    func block(in order: [Int]) -> UTF8Block {
        var sorted = [UInt8]()
        sorted.reserveCapacity(bytes.count)
        var sortedStarts = [UInt32]()
        sortedStarts.reserveCapacity(order.count + 1)
        sortedStarts.append(0)
        bytes.withUnsafeBufferPointer { bytes in
            for id in order {
                sorted.append(
                    contentsOf: UnsafeBufferPointer(
                        rebasing: bytes[Int(starts[id])..<Int(starts[id + 1])]))
                sortedStarts.append(UInt32(sorted.count))
            }
        }
        return UTF8Block(bytes: sorted, starts: sortedStarts)
    }

    /// The term numbers in increasing UTF-8 byte order.
    ///
    /// Sorted as (first 8 bytes, number) records: each term's first 8 bytes as a big-endian
    /// number (zero-padded) decide most comparisons, read from the record itself (a sort of the
    /// numbers that looked the prefixes up in a side table read one at random per operand:
    /// at 100k articles a cache miss, for a shard's 700,000 terms); equal prefixes compare in
    /// full.
    func sortedOrder() -> [Int] {
        var records = [SortRecord]()
        records.reserveCapacity(count)
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                let base = bytes.baseAddress
                for id in 0..<count {
                    let start = Int(starts[id])
                    let end = min(Int(starts[id + 1]), start + 8)
                    var prefix: UInt64 = 0
                    for index in start..<start + 8 {
                        prefix = prefix << 8 | UInt64(index < end ? bytes[index] : 0)
                    }
                    records.append(SortRecord(prefix: prefix, id: UInt32(id)))
                }
                records.sort { left, right in
                    if left.prefix != right.prefix { return left.prefix < right.prefix }
                    let leftStart = Int(starts[Int(left.id)])
                    let leftCount = Int(starts[Int(left.id) + 1]) - leftStart
                    let rightStart = Int(starts[Int(right.id)])
                    let rightCount = Int(starts[Int(right.id) + 1]) - rightStart
                    let common = min(leftCount, rightCount)
                    if common > 0 {
                        let order = memcmp(base! + leftStart, base! + rightStart, common)
                        if order != 0 { return order < 0 }
                    }
                    return leftCount < rightCount
                }
            }
        }
        return records.map { Int($0.id) }
    }

    /// A term's first 8 bytes (big-endian, zero-padded) and its number, for ``sortedOrder()``.
    private struct SortRecord {
        var prefix: UInt64
        var id: UInt32
    }

    private func equal(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[id])
        guard Int(starts[id + 1]) - start == key.count else { return false }
        guard key.count > 0 else { return true }
        return bytes.withUnsafeBufferPointer { bytes in
            TokenCache.equalBytes(bytes.baseAddress! + start, key.baseAddress!, count: key.count)
        }
    }

    private mutating func grow() {
        var grown = [UInt64](hugePagesRepeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = (hash >> 32) << 32 | UInt64(id + 1)
        }
        slots = grown
    }

    /// 8 bytes at a time, then a 64-bit finalizer (see ``TokenCache``).
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        TokenCache.finalized(TokenCache.mixed(TokenCache.seed(length: key.count), key))
    }
}
