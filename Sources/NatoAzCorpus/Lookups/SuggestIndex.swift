import Dispatch
import Synchronization

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

    /// Entry `i` is shown as spelling `entryForms[i]` of the index's spellings (not a copy of
    /// its text), with frequency `entryFrequencies[i]` (at most `UInt32.max`).
    let spellings: SurfaceFormTable
    let entryForms: [UInt32]
    let entryFrequencies: [UInt32]
    /// Folded keys, sorted by UTF-8 bytes; key `k` offers entry `keyEntries[k]`.
    let keys: UTF8Block
    let keyEntries: [Int32]
    /// The precomputed completions of prefix `p` are `topEntries[topByPrefix[p]]`. Prefixes
    /// are at most ``precomputedLength`` scalars, so they fit a `String` without a heap
    /// object; the lists are one array, not one per prefix (thousands of small arrays left
    /// among the build's freed memory kept tens of MB of it resident).
    let topByPrefix: [String: Range<Int32>]
    let topEntries: [Int32]

    /// Builds the completions of `index`'s vocabulary. The spellings are folded on all
    /// processors (most of the work); the rest is one pass.
    public init(index: SearchIndex) {
        let dictionary = index.dictionary
        let words = dictionary.wordIDs
        let folded = Self.foldSpellings(index, words: words)
        let spellings = index.storage.surfaceForms
        // Per folded key: each spelling's summed count and one spelling number with its text.
        var byFolded: [String: (counts: [String: (count: Int, form: Int)], total: Int)] = [:]
        for (chunk, ids) in folded.ranges.enumerated() {
            var next = 0
            for id in ids {
                let forms = spellings[id]
                for number in forms.indices {
                    let form = forms[number]
                    let key = folded.keys[chunk][next]
                    next += 1
                    guard !key.isEmpty else { continue }
                    // In place: a copy of the slot would copy its dictionary on every spelling.
                    byFolded[key, default: ([:], 0)].counts[form.text, default: (0, number)]
                        .count += form.count
                    byFolded[key]!.total += form.count
                }
            }
        }
        var entries: [Entry] = []
        var entryForms: [UInt32] = []
        var keys: [(key: String, entry: Int32)] = []
        entries.reserveCapacity(byFolded.count)
        entryForms.reserveCapacity(byFolded.count)
        for (folded, slot) in byFolded {
            let shown = slot.counts.max {
                ($0.value.count, $1.key) < ($1.value.count, $0.key)
            }!
            let number = Int32(entries.count)
            entries.append(Entry(text: shown.key, frequency: slot.total))
            entryForms.append(UInt32(shown.value.form))
            keys.append((folded, number))
            if Transliteration.isCyrillic(folded) {
                let latin = Transliteration.latin(fromCyrillic: folded)
                if !latin.isEmpty, latin != folded { keys.append((latin, number)) }
            }
        }
        byFolded = [:]
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
        self.spellings = spellings
        self.entryForms = entryForms
        self.entryFrequencies = entries.map { UInt32(clamping: $0.frequency) }
        self.keys = UTF8Block(keys.lazy.map(\.key))
        self.keyEntries = keys.map(\.entry)
        var topEntries: [Int32] = []
        topEntries.reserveCapacity(top.values.reduce(0) { $0 + $1.count })
        var topByPrefix: [String: Range<Int32>] = [:]
        topByPrefix.reserveCapacity(top.count)
        for (prefix, list) in top {
            let start = Int32(topEntries.count)
            topEntries.append(contentsOf: list)
            topByPrefix[prefix] = start..<Int32(topEntries.count)
        }
        self.topByPrefix = topByPrefix
        self.topEntries = topEntries
    }

    /// The folded form of every spelling of every term in `words`, in term then spelling
    /// order, cut into one chunk of terms per processor and folded in parallel.
    private static func foldSpellings(_ index: SearchIndex, words: Range<Int>)
        -> (ranges: [Range<Int>], keys: [[String]])
    {
        let chunks = max(1, min(SystemInfo.onlineProcessors, words.count / 4_096))
        let ranges = (0..<chunks).map { chunk in
            (words.lowerBound + words.count * chunk / chunks)..<(words.lowerBound + words.count
                * (chunk + 1) / chunks)
        }
        let results = Mutex([[String]](repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var keys: [String] = []
            for id in ranges[chunk] {
                for form in index.storage.surfaceForms[id] { keys.append(Folding.fold(form.text)) }
            }
            results.withLock { $0[chunk] = keys }
        }
        return (ranges, results.withLock { $0 })
    }

    /// Entry `number`.
    private func entry(_ number: Int32) -> Entry {
        Entry(
            text: spellings.text(ofForm: Int(entryForms[Int(number)])),
            frequency: Int(entryFrequencies[Int(number)]))
    }

    /// Up to `limit` completions of `prefix`, most frequent first (ties alphabetical).
    /// Case and diacritics are ignored (`turk` offers `Türkiye`); an empty prefix offers nothing.
    public func complete(_ prefix: String, limit: Int = 10) -> [Entry] {
        let folded = Folding.fold(prefix)
        guard !folded.isEmpty, limit > 0 else { return [] }
        if folded.unicodeScalars.count <= Self.precomputedLength, limit <= Self.precomputedCount {
            let range = topByPrefix[folded].map { Int($0.lowerBound)..<Int($0.upperBound) }
            return topEntries[range ?? 0..<0].prefix(limit).map(entry)
        }
        let key = Array(folded.utf8)
        var found: [Int32] = []
        var seen: Set<Int32> = []
        var position = keys.lowerBound(key, in: keys.indices)
        while position < keys.count, keys.withUTF8(position, { $0.starts(with: key) }) {
            if seen.insert(keyEntries[position]).inserted { found.append(keyEntries[position]) }
            position += 1
        }
        let best = found.map(entry).sorted { Self.ranks($0, before: $1) }
        return Array(best.prefix(limit))
    }

    /// Number of distinct completions.
    public var count: Int { entryFrequencies.count }

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
            "suggest: entries (\(count))",
            MemoryFootprint.array(entryForms) + MemoryFootprint.array(entryFrequencies))
        footprint.add(
            "suggest: keys (\(keys.count))", keys.heapBytes + MemoryFootprint.array(keyEntries))
        footprint.add(
            "suggest: top by prefix (\(topByPrefix.count))",
            MemoryFootprint.dictionary(topByPrefix) + MemoryFootprint.array(topEntries)
                + topByPrefix.keys.reduce(0) { $0 + MemoryFootprint.string($1) })
        return footprint
    }
}
