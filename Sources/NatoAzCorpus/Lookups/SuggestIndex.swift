import Dispatch
import Synchronization

/// Completions for a typed prefix, fast enough for every keystroke.
///
/// Built once per index from the spellings the corpus uses. Each distinct folded spelling
/// (`turkiye`, `turkiye's`, `столтенберг`; apostrophes alike, see ``SpellingKey``) is one
/// entry, shown as its most frequent spelling (`Türkiye`) with the summed frequency. Cyrillic
/// spellings are also filed under their Latin transliteration, so `stolt` offers
/// `Столтенберг`.
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
    /// Folded keys, sorted by UTF-8 bytes (front-coded: neighbours share most of their
    /// bytes); key `k` offers entry `keyEntries[k]`.
    let keys: FrontCodedStrings
    let keyEntries: [Int32]
    /// The precomputed completions of prefix `p` are `topEntries[topByPrefix[p]]`. Prefixes
    /// are at most ``precomputedLength`` scalars, so they fit a `String` without a heap
    /// object; the lists are one array, not one per prefix (thousands of small arrays left
    /// among the build's freed memory kept tens of MB of it resident).
    let topByPrefix: [String: Range<Int32>]
    let topEntries: [Int32]

    /// Builds the completions of `index`'s vocabulary. The spellings are folded and grouped
    /// into entries on all processors (each thread groups the folded keys of one hash
    /// partition); the keys are sorted while the entries are ranked; the short prefixes' lists
    /// are one pass.
    ///
    /// Entry numbers depend on the grouping's order, but no answer does: completions are
    /// ordered by rank (frequency, then text), which is a total order on entries.
    public init(index: SearchIndex) {
        let (entries, entryForms, unsortedKeys) = Self.groupSpellings(index)
        var keys = unsortedKeys
        // Most frequent first; each entry is offered under each short prefix of its keys.
        // Entries are ranked once (string comparisons), keys then by their entry's rank.
        var entryRanks = [Int32](repeating: 0, count: entries.count)
        Self.sideBySide(
            { keys.sort { IndexBuilder.compareUTF8($0.key, $1.key) < 0 } },
            {
                // As `ranks(_:before:)`, with the text tie-break on bytes where that is the same.
                let plain = entries.map { CanonicalOrder.isPlain($0.text) }
                let entryOrder = entries.indices.sorted { left, right in
                    let (a, b) = (entries[left], entries[right])
                    guard a.frequency == b.frequency else { return a.frequency > b.frequency }
                    return CanonicalOrder.precedes(a.text, plain[left], b.text, plain[right])
                }
                for (rank, entry) in entryOrder.enumerated() { entryRanks[entry] = Int32(rank) }
            })
        let ranked = Self.byEntryRank(keys, entryRanks)
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
        self.spellings = index.storage.surfaceForms
        self.entryForms = entryForms
        self.entryFrequencies = entries.map { UInt32(clamping: $0.frequency) }
        self.keys = FrontCodedStrings(keys.lazy.map(\.key))
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

    /// The completions stored as these parts (read back from a snapshot; the reader checks
    /// that every number fits).
    init(
        spellings: SurfaceFormTable, entryForms: [UInt32], entryFrequencies: [UInt32],
        keys: FrontCodedStrings, keyEntries: [Int32], topByPrefix: [String: Range<Int32>],
        topEntries: [Int32]
    ) {
        self.spellings = spellings
        self.entryForms = entryForms
        self.entryFrequencies = entryFrequencies
        self.keys = keys
        self.keyEntries = keyEntries
        self.topByPrefix = topByPrefix
        self.topEntries = topEntries
    }

    /// The key positions ordered by their entry's rank, then by position: a counting pass
    /// over the ranks (each entry has a distinct rank and one or two keys), not a sort of
    /// a million-odd positions through two lookups per comparison.
    private static func byEntryRank(_ keys: [(key: String, entry: Int32)], _ entryRanks: [Int32])
        -> [Int]
    {
        var starts = [Int](repeating: 0, count: entryRanks.count + 1)
        for key in keys { starts[Int(entryRanks[Int(key.entry)]) + 1] += 1 }
        for rank in entryRanks.indices { starts[rank + 1] += starts[rank] }
        var ranked = [Int](repeating: 0, count: keys.count)
        for (position, key) in keys.enumerated() {
            let rank = Int(entryRanks[Int(key.entry)])
            ranked[starts[rank]] = position
            starts[rank] += 1
        }
        return ranked
    }

    /// Runs `first` and `second` at the same time, on two threads, and returns when both are
    /// done.
    private static func sideBySide(_ first: () -> Void, _ second: () -> Void) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let tasks = UncheckedTasks(first: first, second: second)
                DispatchQueue.concurrentPerform(iterations: 2) { task in
                    if task == 0 { tasks.first() } else { tasks.second() }
                }
            }
        }
    }

    /// Two closures run once each, on different threads, by ``sideBySide(_:_:)``, which waits
    /// for both: they never run at the same time as their caller, and each touches its own
    /// state, so sending them is sound.
    private struct UncheckedTasks: @unchecked Sendable {
        let first: () -> Void
        let second: () -> Void
    }

    /// The entries (every distinct folded spelling, shown as its most frequent spelling), the
    /// number of that spelling in the index's spellings, and the entries' keys (the folded spelling, plus the Latin transliteration of a Cyrillic one).
    ///
    /// Spellings are folded in chunks of terms, one per processor, and each chunk hands every
    /// folded spelling to the partition its key hashes to; then each partition is grouped on
    /// its own thread (keys equal as strings land in the same partition).
    private static func groupSpellings(_ index: SearchIndex)
        -> (entries: [Entry], forms: [UInt32], keys: [(key: String, entry: Int32)])
    {
        let words = index.dictionary.wordIDs
        let workers = max(1, min(SystemInfo.onlineProcessors, words.count / 4_096))
        let ranges = (0..<workers).map { chunk in
            (words.lowerBound + words.count * chunk / workers)..<(words.lowerBound + words.count
                * (chunk + 1) / workers)
        }
        // Per chunk, per partition: (folded key, spelling, count, spelling number).
        typealias Spelling = (key: String, text: String, count: Int, form: Int)
        let folded = Mutex([[[Spelling]]](repeating: [], count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { chunk in
            var partitions = [[Spelling]](repeating: [], count: workers)
            for id in ranges[chunk] {
                let forms = index.storage.surfaceForms[id]
                for number in forms.indices {
                    let form = forms[number]
                    let key = SpellingKey.of(form.text)
                    guard !key.isEmpty else { continue }
                    let partition =
                        workers == 1 ? 0 : Int(UInt(bitPattern: key.hashValue) % UInt(workers))
                    partitions[partition].append((key, form.text, form.count, number))
                }
            }
            folded.withLock { $0[chunk] = partitions }
        }
        let spellings = folded.withLock { $0 }
        let groups = Mutex(
            [([Entry], [UInt32], [(key: String, entry: Int32)])](
                repeating: ([], [], []), count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { partition in
            // Per folded key: each spelling's summed count and one number of that spelling.
            var byFolded: [String: (counts: [String: (count: Int, form: Int)], total: Int)] = [:]
            for chunk in 0..<workers {
                for spelling in spellings[chunk][partition] {
                    // In place: a copy of the slot would copy its dictionary on every spelling.
                    byFolded[spelling.key, default: ([:], 0)].counts[
                        spelling.text, default: (0, spelling.form)
                    ].count += spelling.count
                    byFolded[spelling.key]!.total += spelling.count
                }
            }
            var entries: [Entry] = []
            var forms: [UInt32] = []
            var keys: [(key: String, entry: Int32)] = []
            entries.reserveCapacity(byFolded.count)
            forms.reserveCapacity(byFolded.count)
            for (folded, slot) in byFolded {
                let shown = slot.counts.max {
                    ($0.value.count, $1.key) < ($1.value.count, $0.key)
                }!
                let number = Int32(entries.count)
                entries.append(Entry(text: shown.key, frequency: slot.total))
                forms.append(UInt32(shown.value.form))
                keys.append((folded, number))
                if Transliteration.isCyrillic(folded) {
                    let latin = Transliteration.latin(fromCyrillic: folded)
                    if !latin.isEmpty, latin != folded { keys.append((latin, number)) }
                }
            }
            groups.withLock { $0[partition] = (entries, forms, keys) }
        }
        var entries: [Entry] = []
        var forms: [UInt32] = []
        var keys: [(key: String, entry: Int32)] = []
        for (partEntries, partForms, partKeys) in groups.withLock({ $0 }) {
            let base = Int32(entries.count)
            entries.append(contentsOf: partEntries)
            forms.append(contentsOf: partForms)
            keys.append(contentsOf: partKeys.lazy.map { ($0.key, $0.entry + base) })
        }
        return (entries, forms, keys)
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
        let folded = SpellingKey.of(prefix)
        guard !folded.isEmpty, limit > 0 else { return [] }
        if Self.isPrecomputed(folded: folded, limit: limit) {
            let range = topByPrefix[folded].map { Int($0.lowerBound)..<Int($0.upperBound) }
            return topEntries[range ?? 0..<0].prefix(limit).map(entry)
        }
        let key = Array(folded.utf8)
        var found: [Int32] = []
        var seen: Set<Int32> = []
        var position = keys.lowerBound(key)
        keys.forEach(from: position) { utf8 in
            guard utf8.starts(with: key) else { return false }
            if seen.insert(keyEntries[position]).inserted { found.append(keyEntries[position]) }
            position += 1
            return true
        }
        let best = found.map(entry).sorted { Self.ranks($0, before: $1) }
        return Array(best.prefix(limit))
    }

    /// Whether ``complete(_:limit:)`` answers `prefix` from the precomputed lists (a lookup
    /// and `limit` copies) rather than by walking every key that starts with it: up to all of
    /// them for one letter, 12-25 ms at 100,000 articles with a limit over
    /// ``precomputedCount``. The server answers the first kind on the event loop and sends the
    /// second to a worker. A prefix of more than 64 bytes is not checked (it is sent on).
    public static func answersFromTable(_ prefix: String, limit: Int) -> Bool {
        guard limit <= precomputedCount, prefix.utf8.count <= 64 else { return false }
        return isPrecomputed(folded: SpellingKey.of(prefix), limit: limit)
    }

    private static func isPrecomputed(folded: String, limit: Int) -> Bool {
        folded.unicodeScalars.count <= precomputedLength && limit <= precomputedCount
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
