/// The terms each distinct token of the corpus is indexed under, so a token seen before skips
/// folding, stemming and transliteration (news text repeats its words: at 10k articles, 3.5
/// million tokens are about 250,000 distinct ones).
///
/// Keyed by the token's UTF-8 bytes (plus the inputs of analysis besides them: where an
/// apostrophe suffix starts, compound or not, the document's language) in an open-addressing
/// table over one byte arena: no `String` is made or hashed per token, and the whole cache is a
/// handful of allocations however many tokens it holds.
struct TokenCache {
    /// One distinct token.
    struct Entry {
        var hash: UInt64
        var keyStart: UInt32
        var keyLength: UInt32
        var baseLength: UInt32
        var kind: WordToken.Kind
        var language: Language
        /// The token's term ids are `termIDs[idsStart..<idsStart + idsCount]`.
        var idsStart: UInt32
        var idsCount: UInt32
        /// How often the token occurred.
        var count: UInt32
    }

    /// Where a lookup ended: the token's entry, or the empty slot a new one goes in.
    enum Lookup {
        case found(entry: Int)
        case missing(slot: Int, hash: UInt64)
    }

    private(set) var entries: [Entry] = []
    private(set) var keyBytes: [UInt8] = []
    private(set) var termIDs: [UInt32] = []
    /// Entry numbers, -1 for empty; a power of two long, at most half full.
    private var slots: [Int32]

    init() {
        slots = [Int32](repeating: -1, count: 1 << 12)
    }

    /// Finds a token's entry and counts one more occurrence of it.
    mutating func lookUp(
        _ bytes: UnsafeBufferPointer<UInt8>, _ token: WordToken, language: Language
    ) -> Lookup {
        let key = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        let baseLength = UInt32(token.baseEnd - token.start)
        let hash = Self.hash(key, baseLength: baseLength, kind: token.kind, language: language)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let number = slots[slot]
            if number < 0 { return .missing(slot: slot, hash: hash) }
            let entry = entries[Int(number)]
            if entry.hash == hash, entry.keyLength == UInt32(key.count),
                entry.baseLength == baseLength, entry.kind == token.kind,
                entry.language == language, equalKey(entry, key)
            {
                entries[Int(number)].count += 1
                return .found(entry: Int(number))
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a token missing from the cache (`slot` and `hash` from its ``lookUp(_:_:language:)``,
    /// with no insertion in between) with its term ids; returns its entry number.
    mutating func insert(
        _ bytes: UnsafeBufferPointer<UInt8>, _ token: WordToken, language: Language,
        slot: Int, hash: UInt64, termIDs ids: some Collection<UInt32>
    ) -> Int {
        let number = entries.count
        entries.append(
            Entry(
                hash: hash, keyStart: UInt32(keyBytes.count),
                keyLength: UInt32(token.end - token.start),
                baseLength: UInt32(token.baseEnd - token.start), kind: token.kind,
                language: language, idsStart: UInt32(termIDs.count), idsCount: UInt32(ids.count),
                count: 1))
        keyBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]))
        termIDs.append(contentsOf: ids)
        slots[slot] = Int32(number)
        if entries.count * 2 > slots.count { grow() }
        return number
    }

    /// The token's bytes, as a string.
    func surface(of entry: Entry) -> String {
        keyBytes.withUnsafeBufferPointer { bytes in
            String(
                decoding: UnsafeBufferPointer(
                    rebasing: bytes[Int(entry.keyStart)..<Int(entry.keyStart + entry.keyLength)]),
                as: UTF8.self)
        }
    }

    private func equalKey(_ entry: Entry, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keyBytes.withUnsafeBufferPointer { stored in
            var offset = Int(entry.keyStart)
            for byte in key {
                if stored[offset] != byte { return false }
                offset += 1
            }
            return true
        }
    }

    private mutating func grow() {
        var grown = [Int32](repeating: -1, count: slots.count * 2)
        let mask = grown.count - 1
        for (number, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while grown[slot] >= 0 { slot = (slot + 1) & mask }
            grown[slot] = Int32(number)
        }
        slots = grown
    }

    /// FNV-1a over the bytes and the other key fields, then a 64-bit finalizer so the low bits
    /// (the slot) depend on every input bit. Not seeded: the keys are the corpus' own words, and
    /// a hostile corpus could at worst slow its own load.
    private static func hash(
        _ key: UnsafeBufferPointer<UInt8>, baseLength: UInt32, kind: WordToken.Kind,
        language: Language
    ) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        hash ^= UInt64(baseLength) << 8 | UInt64(kind.rawValue) << 4 | UInt64(language.maskBit)
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
