/// A phrase resolved against the index: documents where its words occur consecutively.
///
/// Resolved on first use: the word with the fewest postings is decoded, the others are probed
/// only at its documents (skipping through their lists), and positions are decoded only for
/// documents that have every word, rarest word first, stopping as soon as no start survives.
final class PhraseMatch {
    struct Entry {
        var document: Int32
        /// Where the phrase starts: `PhraseMatch.starts[startsFrom..<startsFrom + startCount]`.
        var startsFrom: Int32
        var startCount: Int32
        var titleFrequency: UInt32
    }

    let text: String
    let words: [MatchGroup]
    /// Word offsets within the phrase (a compound's parts take one offset each).
    let offsets: [Int]
    private(set) var entries: [Entry] = []
    /// Start positions of all entries, sorted within each entry.
    private(set) var starts: [UInt32] = []
    private(set) var isResolved = false
    /// Polled every 256 documents of the rarest word while resolving: a phrase of common
    /// words (`"the the"`) takes up to 250 ms at 100k articles, and a bound polled only
    /// between the parts of a query was overshot by that much (64 phrases: answered at
    /// 1037-1092 ms for a bound of 1 s). Once it says so the entries are incomplete, and
    /// stay so; the caller, which sees `cancellation.wasCancelled`, must not use them.
    var cancellation: WorkCancellation?

    init(text: String, words: [MatchGroup], offsets: [Int]) {
        self.text = text
        self.words = words
        self.offsets = offsets
    }

    /// The smallest possible number of documents: the rarest word's upper bound.
    var estimatedCount: Int { words.map(\.estimatedCount).min() ?? 0 }

    /// Finds every document with the phrase (once).
    @discardableResult
    func resolve(_ source: PostingSource) -> [Entry] {
        if isResolved { return entries }
        isResolved = true
        guard !words.isEmpty else { return entries }
        let order = words.indices.sorted {
            (words[$0].estimatedCount, $0) < (words[$1].estimatedCount, $1)
        }
        let driver = words[order[0]]
        let driverEntries = driver.materialize(source)
        var probes = order.dropFirst().map { words[$0].probe(source) }
        var positions: [UInt32] = []
        var candidate: [UInt32] = []
        var kept: [UInt32] = []
        var visited = 0
        candidates: for entry in driverEntries {
            visited &+= 1
            if visited & 255 == 0, cancellation?.isCancelled == true { break }
            for index in probes.indices where probes[index].entry(at: entry.document) == nil {
                continue candidates
            }
            // Intersect the start positions each word allows (both lists sorted), rarest word
            // first: a common word's long position list is often never decoded.
            candidate.removeAll(keepingCapacity: true)
            positions.removeAll(keepingCapacity: true)
            driver.positions(entry, source, into: &positions)
            let driverOffset = UInt32(offsets[order[0]])
            for position in positions where position >= driverOffset {
                candidate.append(position - driverOffset)
            }
            for (rank, number) in order.enumerated().dropFirst() where !candidate.isEmpty {
                let offset = UInt32(offsets[number])
                probes[rank - 1].positions(into: &positions)
                kept.removeAll(keepingCapacity: true)
                var i = 0
                for position in positions where position >= offset {
                    let start = position - offset
                    while i < candidate.count, candidate[i] < start { i += 1 }
                    if i < candidate.count, candidate[i] == start { kept.append(start) }
                }
                swap(&candidate, &kept)
            }
            if candidate.isEmpty { continue candidates }
            let bodyFirst = source.bodyFirstPosition(entry.document)
            entries.append(
                Entry(
                    document: entry.document, startsFrom: Int32(starts.count),
                    startCount: Int32(candidate.count),
                    titleFrequency: UInt32(candidate.prefix { $0 < bodyFirst }.count)))
            starts.append(contentsOf: candidate)
        }
        return entries
    }

    /// The documents, in order (resolves).
    func documents(_ source: PostingSource) -> [Int32] {
        resolve(source).map(\.document)
    }

    /// The start positions of an entry.
    func starts(of entry: Entry) -> ArraySlice<UInt32> {
        starts[Int(entry.startsFrom)..<Int(entry.startsFrom + entry.startCount)]
    }

    /// The entry for `document` (resolves), by binary search.
    func entry(for document: Int32, _ source: PostingSource) -> Entry? {
        let entries = resolve(source)
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].document < document { low = mid + 1 } else { high = mid }
        }
        return low < entries.count && entries[low].document == document ? entries[low] : nil
    }

    /// How many positions one match covers, from its first word to its last.
    var length: UInt32 { UInt32((offsets.max() ?? 0) + 1) }

    /// All positions the phrase covers in an entry, for highlighting.
    func coveredPositions(_ entry: Entry) -> [UInt32] {
        let span = length
        return starts(of: entry).flatMap { start in (0..<span).map { start + $0 } }
    }
}
