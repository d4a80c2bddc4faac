/// A query word resolved against the index: the union of the posting lists of all the terms
/// it may match (its stems in each language, its cross-script keys, its prefix expansions or
/// its typo-tolerant neighbours), one entry per document.
struct MatchGroup {
    struct Entry {
        var document: Int32
        var termFrequency: UInt32
        var titleFrequency: UInt32
        /// This document's postings are `sources[first..<first + count]`.
        var first: Int32
        var count: Int32
    }

    /// The word as typed, for diagnostics.
    var text: String
    /// 1 for exact matches, less for typo-tolerant ones.
    var weight: Double
    var entries: [Entry] = []
    private var sources: [Posting] = []

    /// Merges the postings of `termIDs`.
    init(
        text: String, weight: Double, termIDs: [Int], index: borrowing IndexStorage
    ) {
        self.text = text
        self.weight = weight
        var all: [Posting] = []
        for id in termIDs {
            let postings = index.postings(ofTerm: id)
            // Each list is sorted: merge a few, sort many (prefixes may expand to thousands).
            all = termIDs.count <= 8 ? Self.merge(all, postings) : all + postings
        }
        if termIDs.count > 8 { all.sort { $0.document < $1.document } }
        sources = all
        var start = 0
        var positions: [UInt32] = []
        while start < all.count {
            var end = start + 1
            while end < all.count, all[end].document == all[start].document { end += 1 }
            var entry = Entry(
                document: all[start].document, termFrequency: all[start].termFrequency,
                titleFrequency: all[start].titleFrequency, first: Int32(start),
                count: Int32(end - start))
            if end - start > 1 {
                // Several terms of the word at the same positions (a stem and a key) count once.
                positions.removeAll(keepingCapacity: true)
                unionPositions(entry, index: index, into: &positions)
                let bodyFirst = index.stats[Int(entry.document)].bodyFirstPosition
                entry.termFrequency = UInt32(positions.count)
                entry.titleFrequency = UInt32(positions.prefix { $0 < bodyFirst }.count)
            }
            entries.append(entry)
            start = end
        }
    }

    var documents: [Int32] { entries.map(\.document) }

    private static func merge(_ a: [Posting], _ b: [Posting]) -> [Posting] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var result: [Posting] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].document <= b[j].document) {
                result.append(a[i])
                i += 1
            } else {
                result.append(b[j])
                j += 1
            }
        }
        return result
    }

    /// The sorted, distinct positions of entry `entry`.
    func positions(_ entry: Entry, index: borrowing IndexStorage) -> [UInt32] {
        var positions: [UInt32] = []
        unionPositions(entry, index: index, into: &positions)
        return positions
    }

    /// Appends the sorted, distinct positions of `entry` to an empty `positions`.
    func unionPositions(
        _ entry: Entry, index: borrowing IndexStorage, into positions: inout [UInt32]
    ) {
        for source in sources[Int(entry.first)..<Int(entry.first + entry.count)] {
            index.positions(of: source, into: &positions)
        }
        if entry.count > 1 {
            positions.sort()
            var unique: [UInt32] = []
            unique.reserveCapacity(positions.count)
            for position in positions where unique.last != position { unique.append(position) }
            positions = unique
        }
    }

    /// The entry for `document`, by binary search.
    func entry(for document: Int32) -> Entry? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].document < document { low = mid + 1 } else { high = mid }
        }
        return low < entries.count && entries[low].document == document ? entries[low] : nil
    }
}

/// A phrase resolved against the index: documents where its words occur consecutively.
struct PhraseMatch {
    struct Entry {
        var document: Int32
        /// Positions where the phrase starts, sorted.
        var starts: [UInt32]
        var titleFrequency: UInt32
    }

    var text: String
    /// Word offsets within the phrase (a compound's parts take one offset each).
    var offsets: [Int]
    var entries: [Entry] = []

    init(text: String, words: [MatchGroup], offsets: [Int], index: borrowing IndexStorage) {
        self.text = text
        self.offsets = offsets
        guard
            let rarest = words.indices.min(by: {
                words[$0].entries.count < words[$1].entries.count
            })
        else { return }
        let order = words.indices.sorted { words[$0].entries.count < words[$1].entries.count }
        // Walk the rarest word's documents; the others follow with forward-only cursors.
        var cursors = [Int](repeating: 0, count: words.count)
        var starts: [UInt32] = []
        var positions: [UInt32] = []
        var kept: [UInt32] = []
        candidates: for candidate in words[rarest].entries {
            var found: [MatchGroup.Entry] = []
            for (number, word) in words.enumerated() {
                while cursors[number] < word.entries.count,
                    word.entries[cursors[number]].document < candidate.document
                {
                    cursors[number] += 1
                }
                guard cursors[number] < word.entries.count,
                    word.entries[cursors[number]].document == candidate.document
                else { continue candidates }
                found.append(word.entries[cursors[number]])
            }
            // Intersect the start positions each word allows (both lists sorted), rarest word
            // first: a common word's long position list is often never decoded.
            starts.removeAll(keepingCapacity: true)
            for (rank, number) in order.enumerated() {
                let word = words[number]
                let offset = UInt32(offsets[number])
                positions.removeAll(keepingCapacity: true)
                word.unionPositions(found[number], index: index, into: &positions)
                if rank == 0 {
                    for position in positions where position >= offset {
                        starts.append(position - offset)
                    }
                } else {
                    kept.removeAll(keepingCapacity: true)
                    var i = 0
                    for position in positions where position >= offset {
                        let start = position - offset
                        while i < starts.count, starts[i] < start { i += 1 }
                        if i < starts.count, starts[i] == start { kept.append(start) }
                    }
                    swap(&starts, &kept)
                }
                if starts.isEmpty { continue candidates }
            }
            let bodyFirst = index.stats[Int(candidate.document)].bodyFirstPosition
            entries.append(
                Entry(
                    document: candidate.document, starts: starts,
                    titleFrequency: UInt32(starts.prefix { $0 < bodyFirst }.count)))
        }
    }

    var documents: [Int32] { entries.map(\.document) }

    /// All positions the phrase covers in an entry, for highlighting.
    func coveredPositions(_ entry: Entry) -> [UInt32] {
        let span = UInt32((offsets.max() ?? 0) + 1)
        return entry.starts.flatMap { start in (0..<span).map { start + $0 } }
    }
}
