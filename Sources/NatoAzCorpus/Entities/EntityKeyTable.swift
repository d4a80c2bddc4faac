/// Finds an entity by the folded key (``SynonymTable/key(_:)``) of its canonical name or of
/// an alias, without keeping the keys: an open-addressing table of name numbers, each slot
/// with 32 bits of its key's hash; a candidate's key is folded again from its name to
/// confirm it.
///
/// ```
/// names:  record 0: name, alias, alias | record 1: name | record 2: name, alias | ...
/// number:           0     1      2     |          3     |          4     5      |
/// slots:  [ -1 | 3 | -1 | 0 | 5 | -1 | 1 | ... ]   (and a hash fragment per slot)
/// ```
///
/// A key belongs to the first record (in ``EntityIndex/entities`` order) with a name of that
/// key, as a dictionary filled in that order with "first one wins" would have it.
struct EntityKeyTable: Sendable {
    /// Name numbers, -1 for an empty slot; the size is a power of two.
    let slots: [Int32]
    let fragments: [UInt32]
    /// Record `r`'s names are numbers `nameStarts[r]..<nameStarts[r + 1]`.
    let nameStarts: [Int32]

    /// The table stored as these parts for `columns` (read back from a snapshot), or nil when
    /// they do not fit: each record's names as many as its name and aliases, every slot
    /// empty or a name number, a power-of-two size with an empty slot (so probing ends).
    init?(slots: [Int32], fragments: [UInt32], nameStarts: [Int32], columns: EntityColumns) {
        guard nameStarts.count == columns.count + 1, nameStarts.first == 0,
            slots.count >= 16, slots.count & (slots.count - 1) == 0,
            fragments.count == slots.count, slots.contains(-1)
        else { return nil }
        for record in 0..<columns.count
        where Int(nameStarts[record + 1]) - Int(nameStarts[record])
            != 1 + columns.aliasCount(of: record)
        {
            return nil
        }
        let names = nameStarts.last ?? 0
        guard slots.allSatisfy({ $0 >= -1 && $0 < names }) else { return nil }
        self.slots = slots
        self.fragments = fragments
        self.nameStarts = nameStarts
    }

    init(_ columns: EntityColumns) {
        var nameStarts: [Int32] = []
        nameStarts.reserveCapacity(columns.count + 1)
        var names = 0
        for record in 0..<columns.count {
            nameStarts.append(Int32(names))
            names += 1 + columns.aliasCount(of: record)
        }
        nameStarts.append(Int32(names))
        var size = 16
        while size < names + names / 3 + 1 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        var fragments = [UInt32](repeating: 0, count: size)
        for number in 0..<columns.count {
            for offset in 0...columns.aliasCount(of: number) {
                let key = SynonymTable.key(columns.name(offset, of: number))
                let hash = Self.hash(key)
                var slot = Int(truncatingIfNeeded: hash) & (size - 1)
                let fragment = UInt32(truncatingIfNeeded: hash >> 32)
                var taken = false
                while slots[slot] >= 0 {
                    if fragments[slot] == fragment,
                        Self.key(ofName: Int(slots[slot]), columns, nameStarts) == key
                    {
                        taken = true
                        break
                    }
                    slot = (slot + 1) & (size - 1)
                }
                if !taken {
                    slots[slot] = nameStarts[number] + Int32(offset)
                    fragments[slot] = fragment
                }
            }
        }
        self.slots = slots
        self.fragments = fragments
        self.nameStarts = nameStarts
    }

    /// The number of the record `key` belongs to.
    func record(forKey key: String, in columns: EntityColumns) -> Int? {
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let fragment = UInt32(truncatingIfNeeded: hash >> 32)
        while slots[slot] >= 0 {
            if fragments[slot] == fragment,
                Self.key(ofName: Int(slots[slot]), columns, nameStarts) == key
            {
                return Self.record(ofName: Int(slots[slot]), nameStarts)
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// The bytes of its arrays.
    var heapBytes: Int {
        MemoryFootprint.array(slots) + MemoryFootprint.array(fragments)
            + MemoryFootprint.array(nameStarts)
    }

    /// FNV-1a over the key's UTF-8, then mixed: the same in every process (unlike
    /// `Hasher`, seeded per process), so the table can be stored in a snapshot.
    private static func hash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 29
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 32
        return hash
    }

    private static func record(ofName number: Int, _ nameStarts: [Int32]) -> Int {
        // The last record whose first name is at or before `number`.
        var low = 0
        var high = nameStarts.count - 1
        while low + 1 < high {
            let mid = (low + high) / 2
            if Int(nameStarts[mid]) <= number { low = mid } else { high = mid }
        }
        return low
    }

    private static func key(ofName number: Int, _ columns: EntityColumns, _ nameStarts: [Int32])
        -> String
    {
        let record = Self.record(ofName: number, nameStarts)
        return SynonymTable.key(columns.name(number - Int(nameStarts[record]), of: record))
    }
}
