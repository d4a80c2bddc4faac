/// Completions for a typed prefix, fast enough for every keystroke.
///
/// Built once per index from the spellings the corpus uses. Each distinct folded spelling
/// (`turkiye`, `turkiye's`, `столтенберг`) is one entry, shown as its most frequent spelling
/// (`Türkiye`) with the summed frequency. Cyrillic spellings are also filed under their
/// Latin transliteration, so `stolt` offers `Столтенберг`.
///
/// ```
/// keys (sorted UTF-8)           entry                 top-k for short prefixes
/// "stoltenberg"  ---------->  #7 Столтенберг (4)       "t"   -> [#3, #9, ...]
/// "turkiye"      ---------->  #3 Türkiye (12)          "tu"  -> [#3, #4, ...]
/// "turkiye's"    ---------->  #4 Turkiye’s (2)         "tur" -> [#3, #4, ...]
/// "столтенберг"  ---------->  #7
/// ```
///
/// A prefix of up to ``precomputedLength`` letters answers from a precomputed list; longer
/// ones binary-search the sorted keys and rank the (short) range.
public struct SuggestIndex: Sendable {
    /// One completion.
    public struct Entry: Sendable, Hashable {
        /// The most frequent spelling, as written.
        public var text: String
        /// Occurrences of all spellings that fold to the same word.
        public var frequency: Int
    }

    /// Prefixes up to this many characters have their completions precomputed.
    static let precomputedLength = 3
    /// How many completions are precomputed per short prefix.
    static let precomputedCount = 50

    let entries: [Entry]
    /// (folded key, entry number), sorted by the key's UTF-8 bytes.
    let keys: [(key: String, entry: Int32)]
    let topByPrefix: [String: [Int32]]

    /// Builds the completions of `index`'s vocabulary.
    public init(index: SearchIndex) {
        var byFolded: [String: (counts: [String: Int], total: Int)] = [:]
        for id in 0..<index.dictionary.count where TermDictionary.isWord(index.dictionary.terms[id])
        {
            for form in index.surfaceForms(ofTerm: id) {
                let folded = Folding.fold(form.text)
                guard !folded.isEmpty else { continue }
                // In place: a copy of the slot would copy its dictionary on every spelling.
                byFolded[folded, default: ([:], 0)].counts[form.text, default: 0] += form.count
                byFolded[folded]!.total += form.count
            }
        }
        var entries: [Entry] = []
        var keys: [(key: String, entry: Int32)] = []
        entries.reserveCapacity(byFolded.count)
        for (folded, slot) in byFolded {
            let shown = slot.counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            let number = Int32(entries.count)
            entries.append(Entry(text: shown, frequency: slot.total))
            keys.append((folded, number))
            if Transliteration.isCyrillic(folded) {
                let latin = Transliteration.latin(fromCyrillic: folded)
                if !latin.isEmpty, latin != folded { keys.append((latin, number)) }
            }
        }
        keys.sort { IndexBuilder.compareUTF8($0.key, $1.key) < 0 }
        // Most frequent first; each entry is offered under each short prefix of its keys.
        // Entries are ranked once (string comparisons), keys then by their entry's rank.
        var entryRanks = [Int32](repeating: 0, count: entries.count)
        let entryOrder = entries.indices.sorted { Self.ranks(entries[$0], before: entries[$1]) }
        for (rank, entry) in entryOrder.enumerated() { entryRanks[entry] = Int32(rank) }
        let ranked = keys.indices.sorted {
            (entryRanks[Int(keys[$0].entry)], $0) < (entryRanks[Int(keys[$1].entry)], $1)
        }
        var top: [String: [Int32]] = [:]
        for position in ranked {
            let (key, entry) = keys[position]
            var prefix = ""
            for scalar in key.unicodeScalars.prefix(Self.precomputedLength) {
                prefix.unicodeScalars.append(scalar)
                if let list = top[prefix],
                    list.count >= Self.precomputedCount || list.contains(entry)
                {
                    continue
                }
                top[prefix, default: []].append(entry)  // in place, no copy of the list
            }
        }
        self.entries = entries
        self.keys = keys
        self.topByPrefix = top
    }

    /// Up to `limit` completions of `prefix`, most frequent first (ties alphabetical).
    /// Case and diacritics are ignored (`turk` offers `Türkiye`); an empty prefix offers nothing.
    public func complete(_ prefix: String, limit: Int = 10) -> [Entry] {
        let folded = Folding.fold(prefix)
        guard !folded.isEmpty, limit > 0 else { return [] }
        if folded.unicodeScalars.count <= Self.precomputedLength, limit <= Self.precomputedCount {
            return (topByPrefix[folded] ?? []).prefix(limit).map { entries[Int($0)] }
        }
        let key = Array(folded.utf8)
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid].key.utf8.lexicographicallyPrecedes(key) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        var found: [Int32] = []
        var seen: Set<Int32> = []
        var position = low
        while position < keys.count, keys[position].key.utf8.starts(with: key) {
            if seen.insert(keys[position].entry).inserted { found.append(keys[position].entry) }
            position += 1
        }
        let best = found.map { entries[Int($0)] }.sorted { Self.ranks($0, before: $1) }
        return Array(best.prefix(limit))
    }

    /// Number of distinct completions.
    public var count: Int { entries.count }

    private static func ranks(_ left: Entry, before right: Entry) -> Bool {
        left.frequency != right.frequency
            ? left.frequency > right.frequency : left.text < right.text
    }
}

extension SuggestIndex {
    /// The completions' bytes, part by part (see ``MemoryFootprint``).
    public func memoryFootprint() -> MemoryFootprint {
        var footprint = MemoryFootprint()
        footprint.add(
            "suggest: entries (\(entries.count))",
            MemoryFootprint.array(entries)
                + entries.reduce(0) { $0 + MemoryFootprint.string($1.text) })
        footprint.add(
            "suggest: keys (\(keys.count))",
            MemoryFootprint.array(keys) + keys.reduce(0) { $0 + MemoryFootprint.string($1.key) })
        footprint.add(
            "suggest: top by prefix (\(topByPrefix.count))",
            MemoryFootprint.dictionary(topByPrefix)
                + topByPrefix.reduce(0) {
                    $0 + MemoryFootprint.string($1.key) + MemoryFootprint.array($1.value)
                })
        return footprint
    }
}
