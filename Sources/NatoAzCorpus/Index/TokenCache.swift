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
/// A lookup is one load per slot probed plus one entry: a slot holds 32 bits of the hash next
/// to the entry number, so a probe that cannot match never reads its entry; keys of up to 8
/// bytes and up to 2 term ids live in the entry itself, so a token seen before costs no reads
/// of the key or id arenas:
///
/// ```
/// slots   [ tag(32) | entry+1(32) ] ...      0 = empty, at most half full
/// entry   hash | key (<= 8 bytes inline, else keyStart into keyBytes) | lengths | count
///         | id0, id1 (<= 2 ids inline, else id0 = start of the ids in termIDs) | counts
/// ```
struct TokenCache {
    /// One distinct token.
    struct Entry {
        var hash: UInt64
        /// The key's bytes, little-endian and zero-padded, when it has at most 8.
        var inlineKey: UInt64
        /// Where the key's bytes start in `keyBytes`, when it has more than 8.
        var keyStart: UInt32
        var keyLength: UInt32
        var baseLength: UInt32
        /// How often the token occurred.
        var count: UInt32
        /// The term ids when there are at most 2; otherwise `id0` is where they start in
        /// `termIDs`.
        var id0: UInt32
        var id1: UInt32
        var idsCount: UInt32
        var kind: WordToken.Kind
        var language: Language
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

    private(set) var entries: [Entry] = []
    private var keyBytes: [UInt8] = []
    private var termIDs: [UInt32] = []
    /// `tag << 32 | (entry + 1)`, 0 for empty; a power of two long, at most half full.
    private var slots: [UInt64]

    init() {
        slots = [UInt64](repeating: 0, count: 1 << 12)
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
        let key = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        return hash(
            key, packed: key.count <= inlineKeyBytes ? packed(key) : 0,
            baseLength: UInt32(truncatingIfNeeded: token.baseEnd - token.start),
            kind: token.kind, language: language)
    }

    /// Reads the first slot, and the entry it names if the tag matches, of each hash, and
    /// returns the number of term ids those entries hold (the pairs their tokens will add, if
    /// they are the tokens looked for).
    ///
    /// Called with a field's token hashes before the field's lookups: a rare word's slot and
    /// entry are cache misses, and one after another each lookup waits for its own; here the
    /// loads do not depend on each other, so the processor overlaps the misses, and the
    /// lookups that follow find the lines in cache.
    func warm(_ hashes: [UInt64]) -> Int {
        let mask = slots.count - 1
        var ids = 0
        slots.withUnsafeBufferPointer { slots in
            var tagged = 0
            for hash in hashes {
                let value = slots[Int(truncatingIfNeeded: hash) & mask]
                tagged &+= value >> 32 == hash >> 32 ? 1 : 0
            }
            guard tagged > 0 else { return }
            entries.withUnsafeBufferPointer { entries in
                for hash in hashes {
                    let value = slots[Int(truncatingIfNeeded: hash) & mask]
                    if value >> 32 == hash >> 32 {
                        ids &+= Int(
                            entries[Int(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1].idsCount)
                    }
                }
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
        let baseLength = UInt32(truncatingIfNeeded: token.baseEnd - token.start)
        let short = key.count <= Self.inlineKeyBytes ? Self.packed(key) : 0
        let tag = hash >> 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { return .missing(slot: slot, hash: hash) }
            if value >> 32 == tag {
                let number = Int(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1
                let entry = entries[number]
                if entry.hash == hash, entry.keyLength == UInt32(key.count),
                    entry.baseLength == baseLength, entry.kind == token.kind,
                    entry.language == language,
                    key.count <= Self.inlineKeyBytes
                        ? entry.inlineKey == short : equalKey(entry, key)
                {
                    entries[number].count &+= 1
                    return .found(entry: number)
                }
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
        let number = entries.count
        let key = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        var entry = Entry(
            hash: hash, inlineKey: 0, keyStart: 0, keyLength: UInt32(key.count),
            baseLength: UInt32(token.baseEnd - token.start), count: 1, id0: 0, id1: 0,
            idsCount: UInt32(ids.count), kind: token.kind, language: language)
        if key.count <= Self.inlineKeyBytes {
            entry.inlineKey = Self.packed(key)
        } else {
            entry.keyStart = UInt32(keyBytes.count)
            keyBytes.append(contentsOf: key)
        }
        if ids.count <= Self.inlineIDs {
            if ids.count > 0 { entry.id0 = ids[0] }
            if ids.count > 1 { entry.id1 = ids[1] }
        } else {
            entry.id0 = UInt32(termIDs.count)
            termIDs.append(contentsOf: ids)
        }
        entries.append(entry)
        slots[slot] = (hash >> 32) << 32 | UInt64(number + 1)
        if entries.count * 2 > slots.count { grow() }
        return number
    }

    /// Appends `id << 32 | position` for each of an entry's term ids, in the order they were
    /// inserted.
    @inline(__always)
    func appendPairs(ofEntry number: Int, position: UInt32, to pairs: inout [UInt64]) {
        let entry = entries[number]
        let low = UInt64(position)
        switch entry.idsCount {
        case 0: break
        case 1: pairs.append(UInt64(entry.id0) << 32 | low)
        case 2:
            pairs.append(UInt64(entry.id0) << 32 | low)
            pairs.append(UInt64(entry.id1) << 32 | low)
        default:
            let start = Int(entry.id0)
            for index in start..<start + Int(entry.idsCount) {
                pairs.append(UInt64(termIDs[index]) << 32 | low)
            }
        }
    }

    /// The entry's first term id (its primary term), if it has any.
    func primaryTermID(of entry: Entry) -> UInt32? {
        switch entry.idsCount {
        case 0: nil
        case 1...UInt32(Self.inlineIDs): entry.id0
        default: termIDs[Int(entry.id0)]
        }
    }

    /// Runs `body` on the token's bytes (valid only inside `body`).
    func withKey<R>(of entry: Entry, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if entry.keyLength <= UInt32(Self.inlineKeyBytes) {
            var packed = entry.inlineKey.littleEndian
            return withUnsafeBytes(of: &packed) { raw in
                body(
                    UnsafeBufferPointer(
                        rebasing: raw.bindMemory(to: UInt8.self)[0..<Int(entry.keyLength)]))
            }
        }
        return keyBytes.withUnsafeBufferPointer { bytes in
            body(
                UnsafeBufferPointer(
                    rebasing: bytes[Int(entry.keyStart)..<Int(entry.keyStart + entry.keyLength)]))
        }
    }

    /// The token's bytes, as a string.
    func surface(of entry: Entry) -> String {
        withKey(of: entry) { String(decoding: $0, as: UTF8.self) }
    }

    private func equalKey(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keyBytes.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress! + Int(entry.keyStart), key.baseAddress!, key.count) == 0
        }
    }

    private mutating func grow() {
        var grown = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        for (number, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = (entry.hash >> 32) << 32 | UInt64(number + 1)
        }
        slots = grown
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
        var hash = seed(length: key.count)
        if key.count <= inlineKeyBytes {
            hash = (hash ^ packed) &* 0x100_0000_01b3
        } else {
            hash = mixed(hash, key)
        }
        hash ^= UInt64(baseLength) << 8 | UInt64(kind.rawValue) << 4 | UInt64(language.maskBit)
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
