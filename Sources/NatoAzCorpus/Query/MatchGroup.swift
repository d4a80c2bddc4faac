/// A query word resolved against the index: the union of the posting lists of all the terms
/// it may match (its stems in each language, its cross-script keys, its prefix expansions or
/// its typo-tolerant neighbours), one entry per document.
///
/// Nothing is decoded until asked for, and then only as much as asked: a word that drives an
/// intersection is *materialized* (every entry decoded once and kept), a word that only
/// filters or scores the driver's documents is *probed* (its lists are skipped through, see
/// ``PostingCursor``), and its document frequency is counted without decoding its longest
/// list. A group belongs to one search, on one thread.
final class MatchGroup {
    struct Entry {
        var document: Int32
        /// Distinct positions of the word in the document (a stem and a key at the same
        /// position count once).
        var termFrequency: UInt32
        var titleFrequency: UInt32
        /// Materialized single-term groups: the byte range of the positions. Materialized
        /// multi-term groups: `sources[first..<first + count]`. Probed entries: unused.
        var first: Int32
        var count: Int32
    }

    /// Byte range of one term's position deltas in one document.
    struct Source {
        var start: Int32
        var end: Int32
    }

    /// The word as typed, for diagnostics.
    let text: String
    /// 1 for exact matches, less for typo-tolerant ones.
    let weight: Double
    let termIDs: [Int]
    /// Sum of the terms' document frequencies: an upper bound of the group's, free to get.
    let estimatedCount: Int
    private(set) var entries: [Entry] = []
    private(set) var isMaterialized = false
    private var sources: [Source] = []
    private var frequency: Int?

    /// Groups of more terms than this are merged by bucketing postings by document, and their
    /// document frequency is counted by materializing.
    static let mergeLimit = 8

    init(text: String, weight: Double, termIDs: [Int], dictionary: TermDictionary) {
        self.text = text
        self.weight = weight
        self.termIDs = termIDs
        estimatedCount = termIDs.reduce(0) { $0 + Int(dictionary.documentFrequencies[$1]) }
    }

    // MARK: - Materializing

    /// Decodes every entry (once); returns them in document order.
    @discardableResult
    func materialize(_ source: PostingSource) -> [Entry] {
        if isMaterialized { return entries }
        isMaterialized = true
        switch termIDs.count {
        case 0: break
        case 1: materializeSingle(source)
        case ...Self.mergeLimit: materializeMerging(source)
        default: materializeBucketing(source)
        }
        frequency = entries.count
        return entries
    }

    private func materializeSingle(_ source: PostingSource) {
        var cursor = source.cursor(ofTerm: termIDs[0])
        entries.reserveCapacity(source.documentFrequency(ofTerm: termIDs[0]))
        while cursor.next() {
            entries.append(
                Entry(
                    document: cursor.document, termFrequency: cursor.termFrequency,
                    titleFrequency: cursor.titleFrequency, first: cursor.positionsStart,
                    count: cursor.positionsEnd))
        }
    }

    /// A few lists: a k-way merge of their cursors.
    private func materializeMerging(_ source: PostingSource) {
        var cursors = termIDs.map(source.cursor(ofTerm:))
        for index in cursors.indices { _ = cursors[index].next() }
        var positions: [UInt32] = []
        entries.reserveCapacity(estimatedCount)
        while true {
            var document = Int32.max
            for cursor in cursors where cursor.document < document { document = cursor.document }
            if document == .max { break }
            let first = Int32(sources.count)
            var last = 0
            for index in cursors.indices where cursors[index].document == document {
                sources.append(
                    Source(start: cursors[index].positionsStart, end: cursors[index].positionsEnd))
                last = index
            }
            var entry = Entry(
                document: document, termFrequency: cursors[last].termFrequency,
                titleFrequency: cursors[last].titleFrequency, first: first,
                count: Int32(sources.count) - first)
            if entry.count > 1 {
                Self.count(&entry, sources[Int(first)...], source, scratch: &positions)
            }
            entries.append(entry)
            for index in cursors.indices where cursors[index].document == document {
                _ = cursors[index].next()
            }
        }
    }

    /// Many lists (prefixes may expand to thousands of terms): postings bucketed by document
    /// (a counting sort, linear in postings plus documents).
    private func materializeBucketing(_ source: PostingSource) {
        var postings: [Posting] = []
        postings.reserveCapacity(estimatedCount)
        for id in termIDs {
            var cursor = source.cursor(ofTerm: id)
            while cursor.next() {
                postings.append(
                    Posting(
                        document: cursor.document, termFrequency: cursor.termFrequency,
                        titleFrequency: cursor.titleFrequency,
                        positionsStart: cursor.positionsStart,
                        positionsEnd: cursor.positionsEnd))
            }
        }
        var starts = [Int32](repeating: 0, count: source.stats.count + 1)
        for posting in postings { starts[Int(posting.document) + 1] += 1 }
        for document in 0..<source.stats.count { starts[document + 1] += starts[document] }
        var next = starts
        sources = [Source](repeating: Source(start: 0, end: 0), count: postings.count)
        for posting in postings {
            let slot = Int(next[Int(posting.document)])
            next[Int(posting.document)] += 1
            sources[slot] = Source(start: posting.positionsStart, end: posting.positionsEnd)
        }
        // Frequencies of single-source documents come from their posting: find it again.
        var single = [Int32](repeating: -1, count: source.stats.count)
        for (number, posting) in postings.enumerated()
        where starts[Int(posting.document) + 1] - starts[Int(posting.document)] == 1 {
            single[Int(posting.document)] = Int32(number)
        }
        var positions: [UInt32] = []
        for document in 0..<source.stats.count where starts[document + 1] > starts[document] {
            let first = starts[document]
            var entry = Entry(
                document: Int32(document), termFrequency: 0, titleFrequency: 0, first: first,
                count: starts[document + 1] - first)
            if entry.count == 1 {
                let posting = postings[Int(single[document])]
                entry.termFrequency = posting.termFrequency
                entry.titleFrequency = posting.titleFrequency
            } else {
                Self.count(
                    &entry, sources[Int(first)..<Int(first + entry.count)], source,
                    scratch: &positions)
            }
            entries.append(entry)
        }
    }

    /// Frequencies of a document several of the group's terms occur in: distinct positions.
    private static func count(
        _ entry: inout Entry, _ sources: ArraySlice<Source>, _ source: PostingSource,
        scratch positions: inout [UInt32]
    ) {
        positions.removeAll(keepingCapacity: true)
        for part in sources.prefix(Int(entry.count)) {
            PostingListReader.positions(
                source.bytes, start: Int(part.start), end: Int(part.end), into: &positions)
        }
        deduplicate(&positions)
        let bodyFirst = source.bodyFirstPosition(entry.document)
        entry.termFrequency = UInt32(positions.count)
        entry.titleFrequency = UInt32(positions.prefix { $0 < bodyFirst }.count)
    }

    /// Sorts and deduplicates in place (runs per document, so it must not allocate).
    static func deduplicate(_ positions: inout [UInt32]) {
        positions.sort()
        var kept = 0
        for read in positions.indices where kept == 0 || positions[kept - 1] != positions[read] {
            positions[kept] = positions[read]
            kept += 1
        }
        positions.removeLast(positions.count - kept)
    }

    /// The documents, in order (materializes).
    func documents(_ source: PostingSource) -> [Int32] {
        materialize(source).map(\.document)
    }

    // MARK: - Document frequency

    /// Number of documents with at least one of the terms (the BM25 document frequency).
    ///
    /// One term: the dictionary's count. A few: the longest list's count plus, for each
    /// shorter list, its documents none of the longer lists has (found by probing those, so the
    /// longest list is mostly skipped, not decoded).
    func documentFrequency(_ source: PostingSource) -> Int {
        if let frequency { return frequency }
        let result: Int
        if termIDs.count == 1 {
            result = source.documentFrequency(ofTerm: termIDs[0])
        } else if termIDs.count > Self.mergeLimit {
            result = materialize(source).count
        } else {
            let ordered = termIDs.sorted {
                (source.documentFrequency(ofTerm: $0), $1) > (
                    source.documentFrequency(ofTerm: $1), $0
                )
            }
            var total = 0
            for (rank, id) in ordered.enumerated() {
                if rank == 0 {
                    total = source.documentFrequency(ofTerm: id)
                    continue
                }
                var longer = ordered[..<rank].map(source.cursor(ofTerm:))
                var cursor = source.cursor(ofTerm: id)
                documents: while cursor.next() {
                    for index in longer.indices
                    where longer[index].advance(to: cursor.document)
                        && longer[index].document == cursor.document
                    {
                        continue documents
                    }
                    total += 1
                }
            }
            result = total
        }
        frequency = result
        return result
    }

    // MARK: - Probing

    /// A forward-only reader of the group at chosen documents.
    func probe(_ source: PostingSource) -> Probe {
        Probe(group: self, source: source)
    }

    struct Probe {
        private let group: MatchGroup
        private let source: PostingSource
        private var cursors: [PostingCursor]
        /// Next entry to look at, for a materialized group.
        private var next = 0
        private var scratch: [UInt32] = []

        init(group: MatchGroup, source: PostingSource) {
            self.group = group
            self.source = source
            cursors = group.isMaterialized ? [] : group.termIDs.map(source.cursor(ofTerm:))
        }

        /// The group's entry for `document`, or nil; documents must be asked in increasing
        /// order. Entries of a group that was not materialized carry no position references:
        /// read their positions with ``positions(into:)`` before moving on.
        mutating func entry(at document: Int32) -> Entry? {
            if group.isMaterialized {
                let entries = group.entries
                // Gallop: the asked documents are usually far sparser than the entries.
                var step = 1
                var high = next
                while high < entries.count, entries[high].document < document {
                    next = high + 1
                    high += step
                    step *= 2
                }
                high = min(high, entries.count)
                while next < high {
                    let mid = (next + high) / 2
                    if entries[mid].document < document { next = mid + 1 } else { high = mid }
                }
                guard next < entries.count, entries[next].document == document else { return nil }
                return entries[next]
            }
            var found = 0
            var last = 0
            for index in cursors.indices
            where cursors[index].advance(to: document) && cursors[index].document == document {
                found += 1
                last = index
            }
            guard found > 0 else { return nil }
            var entry = Entry(
                document: document, termFrequency: cursors[last].termFrequency,
                titleFrequency: cursors[last].titleFrequency, first: 0, count: Int32(found))
            if found > 1 {
                var union = scratch
                scratch = []
                positions(into: &union)
                let bodyFirst = source.bodyFirstPosition(document)
                entry.termFrequency = UInt32(union.count)
                entry.titleFrequency = UInt32(union.prefix { $0 < bodyFirst }.count)
                scratch = union
            }
            return entry
        }

        /// The sorted, distinct positions at the document of the last ``entry(at:)`` that
        /// returned an entry, replacing the contents of `positions`.
        mutating func positions(into positions: inout [UInt32]) {
            positions.removeAll(keepingCapacity: true)
            if group.isMaterialized {
                group.positions(group.entries[next], source, into: &positions)
                return
            }
            let document = cursors.lazy.map(\.document).min() ?? .max
            var found = 0
            for cursor in cursors where cursor.document == document {
                cursor.positions(into: &positions)
                found += 1
            }
            if found > 1 { MatchGroup.deduplicate(&positions) }
        }
    }

    // MARK: - Positions

    /// Appends the sorted, distinct positions of a materialized entry to an empty `positions`.
    func positions(_ entry: Entry, _ source: PostingSource, into positions: inout [UInt32]) {
        if termIDs.count == 1 {
            PostingListReader.positions(
                source.bytes, start: Int(entry.first), end: Int(entry.count), into: &positions)
            return
        }
        for part in sources[Int(entry.first)..<Int(entry.first + entry.count)] {
            PostingListReader.positions(
                source.bytes, start: Int(part.start), end: Int(part.end), into: &positions)
        }
        if entry.count > 1 { Self.deduplicate(&positions) }
    }

    /// The sorted, distinct positions of the group in `document` (empty if absent), by random
    /// access: for proximity, snippets and highlights of a handful of documents.
    func positions(in document: Int32, _ source: PostingSource) -> [UInt32] {
        var positions: [UInt32] = []
        if isMaterialized {
            var low = 0
            var high = entries.count
            while low < high {
                let mid = (low + high) / 2
                if entries[mid].document < document { low = mid + 1 } else { high = mid }
            }
            if low < entries.count, entries[low].document == document {
                self.positions(entries[low], source, into: &positions)
            }
            return positions
        }
        var reader = probe(source)
        if reader.entry(at: document) != nil { reader.positions(into: &positions) }
        return positions
    }
}
