import CPrefetch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The terms each distinct token of the corpus is indexed under, so a token seen before skips
/// folding, stemming and transliteration (news text repeats its words: at 10k articles, 3.5
/// million tokens are about 250,000 distinct ones).
///
/// Keyed by the token's UTF-8 bytes (plus the inputs of analysis besides them: where an
/// apostrophe suffix starts, compound or not, the document's language) in an open-addressing
/// table: no `String` is made or hashed per token, and the whole cache is a handful of
/// allocations however many tokens it holds.
///
/// The table holds the entries themselves, 32 bytes each, at the slot their hash names (linear
/// probing, at most half full): a lookup of a token seen before is one cache line,
/// where a table of entry numbers beside an array of entries was two dependent cache misses
/// for every rare word (at 100k articles a shard's cache has about 740,000 entries, far beyond
/// the processor's caches). Keys of up to 8 bytes and up to 2 term ids live in the entry itself:
///
/// ```
/// entry   key (<= 8 bytes inline, else keyStart into keyBytes) | tag (hash >> 32) | count
///         | id0, id1 (<= 2 ids inline, else id0 = start of the ids in termIDs)
///         | keyLength (0 = empty slot) | baseLength | idsCount | kind | language
/// ```
///
/// A token's home slot is its hash's top bits (as many as the table's size needs), which its
/// `tag` (the top 32) holds: growing to twice the size files each entry at twice its home (or
/// one more) read from the tag, walking the old table in order and writing the new one nearly
/// in order, with no key read and no hash computed again (which had cost a cache miss per long
/// key and per write).
///
/// An entry's number is its slot, which changes when the table grows: a number is good until
/// the next ``insert(_:_:language:slot:hash:termIDs:)``. The entries are cache-line aligned
/// (``AlignedTable``): in an `Array` every other one straddled two lines, and a lookup reads
/// both ends of its entry.
struct TokenCache: ~Copyable {
    /// One distinct token (or, with `keyLength` 0, an empty slot).
    struct Entry {
        /// The key's bytes, little-endian and zero-padded, when it has at most 8; otherwise
        /// where they start in `keyBytes`.
        var key: UInt64 = 0
        /// The high 32 bits of the token's hash (its home slot's bits are the first of them).
        var tag: UInt32 = 0
        /// How often the token occurred.
        var count: UInt32 = 0
        /// The term ids when there are at most 2; otherwise `id0` is where they start in
        /// `termIDs`.
        var id0: UInt32 = 0
        var id1: UInt32 = 0
        /// The key's byte count, or ``TokenCache/longKey`` when the key's and its base's
        /// lengths are stored before its bytes in `keyBytes` (keys of 64 KiB or more); 0 for
        /// an empty slot.
        var keyLength: UInt16 = 0
        var baseLength: UInt16 = 0
        var idsCount: UInt16 = 0
        var kind: WordToken.Kind = .word
        var language: Language = .unknown
    }

    /// Where a lookup ended: the token's entry, or the empty slot a new one goes in.
    enum Lookup {
        case found(entry: Int)
        case missing(slot: Int, hash: UInt64)
    }

    /// Keys of at most this many bytes are stored in their entry.
    static let inlineKeyBytes = 8
    /// Entries with at most this many term ids hold them inline.
    static let inlineIDs = 2
    /// `keyLength` of a key whose lengths do not fit 16 bits (8 bytes of lengths precede its
    /// bytes in `keyBytes`); an empty key, which the tokenizer never makes, is stored so too.
    static let longKey = UInt16.max

    /// A power of two long, at most half full (``isFull(count:slots:)``).
    private var table: AlignedTable<Entry>
    /// 64 minus the table's size in bits: a hash's home slot is `hash >> homeShift`.
    private var homeShift: UInt64 = 64 - 12
    private var keyBytes: [UInt8] = []
    private var termIDs: [UInt32] = []
    /// Entries in use.
    private(set) var count = 0

    /// An empty cache whose table holds `expectedCount` tokens before it first grows (at
    /// least 2,048: 4,096 slots), with room in its arenas for the long keys and ids of
    /// `reserved` tokens (reserved, not written: see
    /// ``ShardVocabulary/init(expectedCount:reserving:)``).
    init(expectedCount: Int = 0, reserving reserved: Int = 0) {
        let bits = Self.tableBits(forCount: expectedCount)
        homeShift = UInt64(64 - bits)
        table = AlignedTable(repeating: Entry(), count: 1 << bits)
        if reserved > 0 {
            // 16 bytes of key and one id per token: more than most tokens keep in the arenas
            // (a key of up to 8 bytes and up to 2 ids stay in the entry).
            keyBytes.reserveHugePages(forAppending: 16 * reserved)
            termIDs.reserveHugePages(forAppending: reserved)
        }
    }

    /// The bits of a table (at least 12) that `count` entries do not fill
    /// (``isFull(count:slots:)``).
    static func tableBits(forCount count: Int) -> Int {
        var bits = 12
        while bits < 40, isFull(count: count, slots: 1 << bits) { bits += 1 }
        return bits
    }

    /// Whether an open-addressing table of `slots` slots with `count` entries is to grow: past
    /// half full (the token cache's and ``ShardVocabulary``'s).
    ///
    /// Three quarters (session 18) halved a 100k shard's tables (the cache's 64 MiB, 2^21
    /// 32-byte entries for 740,000 tokens, and the vocabulary's 16 MiB), fresh memory this VM
    /// faults in slowly, but the lookups' longer probes cost as much as the page faults saved:
    /// 3 interleaved profiles at 100k, the shards' samples 3,163 half full against 3,238, the
    /// token loop's 830 against 875 (BENCHMARKS.md, "Session 18: the index build").
    @inline(__always)
    static func isFull(count: Int, slots: Int) -> Bool {
        count > slots / 2
    }

    /// Entry `number` (a number from a lookup or insertion since the last insertion).
    @inline(__always)
    func entry(_ number: Int) -> Entry { table[number] }

    /// Runs `body` on every token stored (its entry number and entry), in slot order.
    func forEachEntry(_ body: (Int, Entry) -> Void) {
        for slot in 0..<table.count where table[slot].keyLength != 0 { body(slot, table[slot]) }
    }

    /// Asks for entry `number`'s cache line ahead of a read (a hint).
    @inline(__always)
    func prefetchEntry(_ number: Int) {
        natoaz_prefetch(table.base + number)
    }

    /// Asks for the key of entry `number` ahead of ``withKey(of:_:)``, when it is kept in the
    /// key arena (more than 8 bytes); reads the entry.
    @inline(__always)
    func prefetchKey(ofEntry number: Int) {
        let entry = table.base[number]
        guard entry.keyLength > UInt16(Self.inlineKeyBytes) else { return }
        keyBytes.withUnsafeBufferPointer { keys in
            if let keys = keys.baseAddress { natoaz_prefetch(keys + Int(entry.key)) }
        }
    }

    /// Finds a token's entry and counts one more occurrence of it.
    @inline(__always)
    mutating func lookUp(
        _ bytes: UnsafeBufferPointer<UInt8>, _ token: WordToken, language: Language
    ) -> Lookup {
        lookUp(
            bytes, token, language: language,
            hash: Self.hash(of: token, in: bytes, language: language))
    }

    /// The hash ``lookUp(_:_:language:)`` files a token under.
    @inline(__always)
    static func hash(
        of token: WordToken, in bytes: UnsafeBufferPointer<UInt8>, language: Language
    ) -> UInt64 {
        hash(of: token, in: bytes, languageBit: language.maskBit)
    }

    /// ``hash(of:in:language:)`` with the language's ``Language/maskBit`` (the same for a
    /// whole field: worked out once, not per token).
    @inline(__always)
    static func hash(
        of token: WordToken, in bytes: UnsafeBufferPointer<UInt8>, languageBit: UInt8
    ) -> UInt64 {
        let key = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        return hash(
            key, packed: key.count <= inlineKeyBytes ? packed(bytes, token) : 0,
            baseLength: UInt32(truncatingIfNeeded: token.baseEnd - token.start),
            kind: token.kind, languageBit: languageBit)
    }

    /// Reads the entry at the first slot of each hash, and returns the number of term ids
    /// those whose tag matches hold (the pairs their tokens will add, if they are the tokens
    /// looked for).
    ///
    /// Called with a field's token hashes before the field's lookups: a rare word's entry is a
    /// cache miss, and one after another each lookup waits for its own; here the loads do not
    /// depend on each other, so the processor overlaps the misses, and the lookups that follow
    /// find the lines in cache.
    ///
    /// A matching entry's key of more than 8 bytes is asked for too (the lookup compares it
    /// with the token's: without the hint a miss on the key arena per long word), and its
    /// term ids when there are more than 2 (``appendPairs(ofEntry:position:to:)`` reads them).
    func warm(_ hashes: [UInt64]) -> Int {
        hashes.withUnsafeBufferPointer { warm($0) }
    }

    /// ``warm(_:)`` of hashes in a buffer.
    func warm(_ hashes: UnsafeBufferPointer<UInt64>) -> Int {
        let shift = homeShift
        let entries = table.base
        var ids = 0
        keyBytes.withUnsafeBufferPointer { keys in
            termIDs.withUnsafeBufferPointer { termIDs in
                ids = warm(hashes, shift: shift, entries: entries, keys: keys, termIDs: termIDs)
            }
        }
        return ids
    }

    /// ``warm(_:)`` with the arenas' pointers.
    @inline(__always)
    private func warm(
        _ hashes: UnsafeBufferPointer<UInt64>, shift: UInt64, entries: UnsafeMutablePointer<Entry>,
        keys: UnsafeBufferPointer<UInt8>, termIDs: UnsafeBufferPointer<UInt32>
    ) -> Int {
        var ids = 0
        // Nil while an arena is empty (no long key or no long list of ids stored yet).
        let keys = keys.baseAddress
        let termIDs = termIDs.baseAddress
        for hash in hashes {
            let entry = entries[Int(truncatingIfNeeded: hash >> shift)]
            // An empty slot holds no ids, whatever its tag.
            guard entry.tag == UInt32(truncatingIfNeeded: hash >> 32) else { continue }
            ids &+= Int(entry.idsCount)
            if let keys, entry.keyLength > UInt16(Self.inlineKeyBytes) {
                natoaz_prefetch(keys + Int(truncatingIfNeeded: entry.key))
            }
            if let termIDs, entry.idsCount > UInt16(Self.inlineIDs) {
                natoaz_prefetch(termIDs + Int(entry.id0))
            }
        }
        return ids
    }

    /// ``lookUp(_:_:language:)`` with the token's hash already computed (``hash(of:in:language:)``).
    @inline(__always)
    mutating func lookUp(
        _ bytes: UnsafeBufferPointer<UInt8>, _ token: WordToken, language: Language, hash: UInt64
    ) -> Lookup {
        let key = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        let baseLength = token.baseEnd - token.start
        let (keyLength, storedBase) = Self.storedLengths(key.count, baseLength)
        let isInline = key.count > 0 && key.count <= Self.inlineKeyBytes
        let short = isInline ? Self.packed(bytes, token) : 0
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        let mask = table.count - 1
        // Through the pointer: a slot is masked into the table, and the subscript's bounds
        // check cost a compare per probe.
        let entries = table.base
        var slot = Int(truncatingIfNeeded: hash >> homeShift)
        while true {
            let entry = entries[slot]
            if entry.keyLength == 0 { return .missing(slot: slot, hash: hash) }
            if entry.tag == tag, entry.keyLength == keyLength, entry.baseLength == storedBase,
                entry.kind == token.kind, entry.language == language,
                isInline ? entry.key == short : equalKey(entry, key, baseLength: baseLength)
            {
                entries[slot].count &+= 1
                return .found(entry: slot)
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a token missing from the cache (`slot` and `hash` from its ``lookUp(_:_:language:)``,
    /// with no insertion in between) with its term ids; returns its entry number.
    mutating func insert(
        _ bytes: UnsafeBufferPointer<UInt8>, _ token: WordToken, language: Language,
        slot: Int, hash: UInt64, termIDs ids: [UInt32]
    ) -> Int {
        let key = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        let baseLength = token.baseEnd - token.start
        let (keyLength, storedBase) = Self.storedLengths(key.count, baseLength)
        var entry = Entry(
            tag: UInt32(truncatingIfNeeded: hash >> 32), count: 1, keyLength: keyLength,
            baseLength: storedBase, idsCount: UInt16(ids.count), kind: token.kind,
            language: language)
        if key.count > 0, key.count <= Self.inlineKeyBytes {
            entry.key = Self.packed(bytes, token)
        } else {
            keyBytes.reserveHugePages(forAppending: key.count + 8)
            entry.key = UInt64(keyBytes.count)
            if keyLength == Self.longKey {
                withUnsafeBytes(of: UInt32(key.count).littleEndian) {
                    keyBytes.append(contentsOf: $0)
                }
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: baseLength).littleEndian) {
                    keyBytes.append(contentsOf: $0)
                }
            }
            keyBytes.append(contentsOf: key)
        }
        if ids.count <= Self.inlineIDs {
            if ids.count > 0 { entry.id0 = ids[0] }
            if ids.count > 1 { entry.id1 = ids[1] }
        } else {
            termIDs.reserveHugePages(forAppending: ids.count)
            entry.id0 = UInt32(termIDs.count)
            termIDs.append(contentsOf: ids)
        }
        table[slot] = entry
        count += 1
        guard Self.isFull(count: count, slots: table.count) else { return slot }
        return grow(following: slot)
    }

    /// How many term ids entry `number` holds (the pairs ``writePairs(ofEntry:position:to:)``
    /// writes).
    @inline(__always)
    func idsCount(ofEntry number: Int) -> Int {
        Int(table.base[number].idsCount)
    }

    /// Writes `id << 32 | position` for each of an entry's term ids, in the order they were
    /// inserted, from `pairs` on (room for ``idsCount(ofEntry:)`` of them).
    @inline(__always)
    func writePairs(ofEntry number: Int, position: UInt32, to pairs: UnsafeMutablePointer<UInt64>) {
        let entry = table.base[number]
        let low = UInt64(position)
        switch entry.idsCount {
        case 0: break
        case 1: pairs.initialize(to: UInt64(entry.id0) << 32 | low)
        case 2:
            pairs.initialize(to: UInt64(entry.id0) << 32 | low)
            (pairs + 1).initialize(to: UInt64(entry.id1) << 32 | low)
        default:
            termIDs.withUnsafeBufferPointer { termIDs in
                let start = Int(entry.id0)
                for index in 0..<Int(entry.idsCount) {
                    (pairs + index).initialize(to: UInt64(termIDs[start + index]) << 32 | low)
                }
            }
        }
    }

    /// The entry's first term id (its primary term), if it has any.
    func primaryTermID(of entry: Entry) -> UInt32? {
        switch entry.idsCount {
        case 0: nil
        case 1...UInt16(Self.inlineIDs): entry.id0
        default: termIDs[Int(entry.id0)]
        }
    }

    /// Runs `body` on the token's bytes (valid only inside `body`).
    func withKey<R>(of entry: Entry, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if entry.keyLength <= UInt16(Self.inlineKeyBytes) {
            var packed = entry.key.littleEndian
            return withUnsafeBytes(of: &packed) { raw in
                body(
                    UnsafeBufferPointer(
                        rebasing: raw.bindMemory(to: UInt8.self)[0..<Int(entry.keyLength)]))
            }
        }
        return keyBytes.withUnsafeBufferPointer { bytes in
            let (start, length, _) = storedKey(entry, bytes)
            return body(UnsafeBufferPointer(rebasing: bytes[start..<start + length]))
        }
    }

    /// The token's bytes, as a string.
    func surface(of entry: Entry) -> String {
        withKey(of: entry) { String(decoding: $0, as: UTF8.self) }
    }

    /// The entry's `keyLength` and `baseLength` for a key of `count` bytes.
    @inline(__always)
    private static func storedLengths(_ count: Int, _ baseLength: Int) -> (UInt16, UInt16) {
        count > 0 && count < Int(longKey)
            ? (UInt16(truncatingIfNeeded: count), UInt16(truncatingIfNeeded: baseLength))
            : (longKey, 0)
    }

    /// Where a key kept in `keyBytes` starts, its length and its base's length.
    private func storedKey(
        _ entry: Entry, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> (start: Int, length: Int, baseLength: Int) {
        let start = Int(entry.key)
        guard entry.keyLength == Self.longKey else {
            return (start, Int(entry.keyLength), Int(entry.baseLength))
        }
        let raw = UnsafeRawBufferPointer(bytes)
        let length = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self))
        let base = UInt32(
            littleEndian: raw.loadUnaligned(fromByteOffset: start + 4, as: UInt32.self))
        return (start + 8, Int(length), Int(base))
    }

    /// Whether a key kept in `keyBytes` is `key` with this base (the entry's 16-bit lengths
    /// already match).
    private func equalKey(
        _ entry: Entry, _ key: UnsafeBufferPointer<UInt8>, baseLength: Int
    ) -> Bool {
        keyBytes.withUnsafeBufferPointer { stored in
            let (start, length, base) = storedKey(entry, stored)
            guard length == key.count, base == baseLength else { return false }
            return key.isEmpty
                || Self.equalBytes(stored.baseAddress! + start, key.baseAddress!, count: key.count)
        }
    }

    /// Whether `count` bytes at `left` and `right` are equal. Up to 32 bytes (most long
    /// keys: a word of Cyrillic or Azerbaijani letters is 9-30 bytes) by 8-byte loads, two or
    /// four of them overlapping in the middle, without a `memcmp` call (which cost more than
    /// the comparison at every long key's lookup); shorter and longer ones by `memcmp`.
    @inline(__always)
    static func equalBytes(
        _ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, count: Int
    ) -> Bool {
        let left = UnsafeRawPointer(left)
        let right = UnsafeRawPointer(right)
        @inline(__always)
        func word(_ pointer: UnsafeRawPointer, _ offset: Int) -> UInt64 {
            pointer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        }
        if count >= 8, count <= 16 {
            return word(left, 0) == word(right, 0)
                && word(left, count - 8) == word(right, count - 8)
        }
        if count > 16, count <= 32 {
            return word(left, 0) == word(right, 0) && word(left, 8) == word(right, 8)
                && word(left, count - 16) == word(right, count - 16)
                && word(left, count - 8) == word(right, count - 8)
        }
        return count == 0 || memcmp(left, right, count) == 0
    }

    /// Doubles the table, refiling every entry at its home in the bigger table; returns where
    /// the entry at `followed` went.
    ///
    /// The home is read from the entry's tag (the hash's top 32 bits) while the table has at
    /// most 2^32 slots; beyond that (never, in practice: 128 GiB of entries) the hash is
    /// computed again from the key.
    private mutating func grow(following followed: Int) -> Int {
        var old = AlignedTable(repeating: Entry(), count: table.count * 2)
        table.swapStorage(with: &old)
        homeShift -= 1
        let shift = homeShift
        let mask = table.count - 1
        let entries = table.base
        var moved = 0
        for number in 0..<old.count where old[number].keyLength != 0 {
            let entry = old[number]
            var slot =
                shift >= 32
                ? Int(truncatingIfNeeded: (UInt64(entry.tag) << 32) >> shift)
                : Int(truncatingIfNeeded: recomputedHash(of: entry) >> shift)
            while entries[slot].keyLength != 0 { slot = (slot + 1) & mask }
            entries[slot] = entry
            if number == followed { moved = slot }
        }
        return moved
    }

    /// The hash an entry was filed under, from its key (the table keeps only the tag).
    private func recomputedHash(of entry: Entry) -> UInt64 {
        withKey(of: entry) { key in
            let base =
                entry.keyLength == Self.longKey
                ? keyBytes.withUnsafeBufferPointer { storedKey(entry, $0).baseLength }
                : Int(entry.baseLength)
            return Self.hash(
                key, packed: key.count <= Self.inlineKeyBytes ? Self.packed(key) : 0,
                baseLength: UInt32(truncatingIfNeeded: base), kind: entry.kind,
                language: entry.language)
        }
    }

    /// The token's bytes (at most 8) as ``packed(_:)`` packs them: one 8-byte load, masked,
    /// when the text has 8 bytes from the token's start (every token but the last few of a
    /// field), instead of a shift per byte (done three times per token: hash, lookup and
    /// insertion).
    @inline(__always)
    static func packed(_ bytes: UnsafeBufferPointer<UInt8>, _ token: WordToken) -> UInt64 {
        let count = token.end - token.start
        guard token.start + 8 <= bytes.count, let base = bytes.baseAddress else {
            return packed(UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]))
        }
        let word = UInt64(
            littleEndian: UnsafeRawPointer(base + token.start).loadUnaligned(as: UInt64.self))
        return count >= 8 ? word : word & ((1 << (8 * UInt64(count))) - 1)
    }

    /// Up to 8 bytes as one little-endian number, zero-padded.
    @inline(__always)
    static func packed(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in key {
            value |= UInt64(byte) << shift
            shift += 8
        }
        return value
    }

    /// Mixes the key 8 bytes at a time (a short key is its packed number) and the other key
    /// fields, then a 64-bit finalizer so the low bits (the slot) and the high bits (the tag)
    /// depend on every input bit. Not seeded: the keys are the corpus' own words, and a hostile
    /// corpus could at worst slow its own load.
    @inline(__always)
    static func hash(
        _ key: UnsafeBufferPointer<UInt8>, packed: UInt64, baseLength: UInt32,
        kind: WordToken.Kind, language: Language
    ) -> UInt64 {
        hash(
            key, packed: packed, baseLength: baseLength, kind: kind,
            languageBit: language.maskBit)
    }

    /// ``hash(_:packed:baseLength:kind:language:)`` with the language's ``Language/maskBit``.
    @inline(__always)
    static func hash(
        _ key: UnsafeBufferPointer<UInt8>, packed: UInt64, baseLength: UInt32,
        kind: WordToken.Kind, languageBit: UInt8
    ) -> UInt64 {
        var hash = seed(length: key.count)
        if key.count <= inlineKeyBytes {
            hash = (hash ^ packed) &* 0x100_0000_01b3
        } else {
            hash = mixed(hash, key)
        }
        hash ^= UInt64(baseLength) << 8 | UInt64(kind.rawValue) << 4 | UInt64(languageBit)
        return finalized(hash)
    }

    /// The starting value of a key's hash: FNV's offset basis, perturbed by the key's length.
    @inline(__always)
    static func seed(length: Int) -> UInt64 {
        0xcbf2_9ce4_8422_2325 ^ UInt64(length) &* 0x9E37_79B9_7F4A_7C15
    }

    /// `hash` with `key` mixed in 8 bytes at a time (FNV-style multiply, a shift to carry high
    /// bits down), the last few bytes as one packed number.
    @inline(__always)
    static func mixed(_ hash: UInt64, _ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = hash
        var offset = 0
        if let base = key.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= key.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                hash = (hash ^ word) &* 0x100_0000_01b3
                hash ^= hash >> 29
                offset += 8
            }
        }
        if offset < key.count {
            hash =
                (hash ^ packed(UnsafeBufferPointer(rebasing: key[offset...]))) &* 0x100_0000_01b3
        }
        return hash
    }

    /// MurmurHash3's 64-bit finalizer: every input bit reaches the low bits (the slot) and the
    /// high bits (the tag).
    @inline(__always)
    static func finalized(_ hash: UInt64) -> UInt64 {
        var hash = hash
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
