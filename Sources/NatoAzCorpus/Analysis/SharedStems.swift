import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The Turkish stems of one index build, shared by its shards' threads: a word one shard has
/// stemmed, the others find here instead of stemming it again.
///
/// libstemmer's Turkish costs about 9,200 instructions per word (English 2,600, Russian 3,000:
/// it reads the word backwards again for vowel harmony at each suffix it tries), and at 100k
/// articles each of the two shards stems about 260,000 distinct Turkish words, 52% of them
/// also the other's (BENCHMARKS.md, "Session 19: the index build"). A word is stemmed by
/// whichever shard meets it first; the shards' own token caches still analyse each of their
/// tokens once.
///
/// Insert-only and lock-free: each shard writes its entries to its own arena, which never
/// moves, then publishes an entry by swapping it into an empty slot (releasing); a reader loads
/// the slot (acquiring), then reads the entry. A slot taken meanwhile, a probe past
/// ``maxProbes``, or a full arena leaves a stem unshared: the word is stemmed where it is met,
/// to the same stem.
final class SharedStems: @unchecked Sendable {
    /// Slots probed before a lookup or an insertion gives up (the table is sized to stay
    /// under half full for the expected words; more words make inserts give up, not hang).
    static let maxProbes = 32
    /// Words (and stems) longer than this are not shared.
    static let maxWordBytes = 255
    /// Arenas (writers) the slot's 8 bits can name.
    static let maxWriters = 255

    /// Empty (0), or `tag << 40 | arena << 32 | offset` of an entry (``Writer/insert``).
    private let slots: UnsafeMutablePointer<Atomic<UInt64>>
    /// The allocation `slots` is aligned in.
    private let slotAllocation: UnsafeMutableRawPointer
    private let slotMask: Int
    /// Per writer, its entries: word length, stem length (one byte each), word, stem.
    private let arenas: [UnsafeMutablePointer<UInt8>]
    private let arenaCapacity: Int

    /// A table for about `expectedWords` distinct words (its slots twice that, rounded up to
    /// a power of two), and `writers` arenas of room for as many words each. Both are
    /// allocated untouched (only the pages written become resident) and advised for huge
    /// pages: both are read at random, and at 100k articles the slots' lookups on small pages
    /// (8 MB, a TLB miss nearly every time, which in a VM walks two sets of page tables) cost
    /// about as many samples as the stems they saved.
    init(expectedWords: Int, writers: Int) {
        var bits = 12
        while bits < 30, 1 << bits < 2 * expectedWords { bits += 1 }
        slotMask = (1 << bits) - 1
        // Zeroed (empty slots) by the kernel as pages are first touched: a large calloc maps
        // fresh memory and writes none of it. Aligned to a huge page inside.
        let slotBytes = (1 << bits) * MemoryLayout<UInt64>.stride
        slotAllocation = calloc(slotBytes + HugePages.pageBytes, 1)!
        let aligned =
            (Int(bitPattern: slotAllocation) + HugePages.pageBytes - 1)
            & ~(HugePages.pageBytes - 1)
        let base = UnsafeMutableRawPointer(bitPattern: aligned)!
        HugePages.advise(base, byteCount: slotBytes)
        slots = base.bindMemory(to: Atomic<UInt64>.self, capacity: 1 << bits)
        let capacity = min(Int(UInt32.max), max(1 << 16, 24 * expectedWords))
        arenaCapacity = capacity
        arenas = (0..<min(writers, Self.maxWriters)).map { _ in
            let arena = malloc(capacity)!
            HugePages.advise(arena, byteCount: capacity)
            return arena.assumingMemoryBound(to: UInt8.self)
        }
    }

    deinit {
        free(slotAllocation)
        for arena in arenas { free(arena) }
    }

    /// The writer of shard `number` (one per thread), nil past ``maxWriters``.
    func writer(_ number: Int) -> Writer? {
        number < arenas.count ? Writer(table: self, arena: number) : nil
    }

    /// The stem shared for `word` (valid while the table lives), if a writer inserted one.
    func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UnsafeBufferPointer<UInt8>? {
        guard word.count <= Self.maxWordBytes else { return nil }
        let tag = Self.tag(hash)
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        for _ in 0..<Self.maxProbes {
            let value = slots[slot].load(ordering: .acquiring)
            if value == 0 { return nil }
            if value >> 40 == tag {
                let entry = arenas[Int(value >> 32 & 0xFF)] + Int(value & 0xFFFF_FFFF)
                let length = Int(entry[0])
                if length == word.count,
                    length == 0 || memcmp(entry + 2, word.baseAddress!, length) == 0
                {
                    return UnsafeBufferPointer(start: entry + 2 + length, count: Int(entry[1]))
                }
            }
            slot = (slot + 1) & slotMask
        }
        return nil
    }

    /// The hash ``find(_:hash:)`` and ``Writer/insert(_:stem:hash:)`` file a word under.
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        TokenCache.finalized(TokenCache.mixed(TokenCache.seed(length: word.count), word))
    }

    /// The slot's top 24 bits for a hash, never 0 (so a used slot is never empty).
    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt64 { hash >> 40 | 1 }

    /// One thread's way to add stems, in its own arena.
    struct Writer {
        let table: SharedStems
        let arena: Int
        private var used = 0
        private var inserted = 0

        init(table: SharedStems, arena: Int) {
            self.table = table
            self.arena = arena
        }

        /// Shares `stem` as `word`'s (`hash` is ``SharedStems/hash(_:)``'s), unless it is too
        /// long, the arena is full or the word's probe finds no empty slot.
        mutating func insert(
            _ word: UnsafeBufferPointer<UInt8>, stem: UnsafeBufferPointer<UInt8>, hash: UInt64
        ) {
            // Past its share of half the slots, a writer stops (so probes stay short).
            guard word.count <= SharedStems.maxWordBytes, stem.count <= SharedStems.maxWordBytes,
                used + 2 + word.count + stem.count <= table.arenaCapacity,
                inserted * table.arenas.count <= table.slotMask / 2
            else { return }
            let entry = table.arenas[arena] + used
            entry[0] = UInt8(word.count)
            entry[1] = UInt8(stem.count)
            if let base = word.baseAddress { (entry + 2).update(from: base, count: word.count) }
            if let base = stem.baseAddress {
                (entry + 2 + word.count).update(from: base, count: stem.count)
            }
            let value = SharedStems.tag(hash) << 40 | UInt64(arena) << 32 | UInt64(used)
            var slot = Int(truncatingIfNeeded: hash) & table.slotMask
            for _ in 0..<SharedStems.maxProbes {
                let (exchanged, _) = table.slots[slot].compareExchange(
                    expected: 0, desired: value, successOrdering: .releasing,
                    failureOrdering: .relaxed)
                if exchanged {
                    used += 2 + word.count + stem.count
                    inserted += 1
                    return
                }
                slot = (slot + 1) & table.slotMask
            }
        }
    }
}
