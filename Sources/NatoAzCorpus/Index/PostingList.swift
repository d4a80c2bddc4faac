/// The postings of one term, as stored: documents in increasing order, each with its
/// positions, all delta-encoded as ``VarInt``s in one contiguous byte run.
///
/// Most entries (four in five on news text) are a word seen once in a document's body: they
/// take a flag bit in the document delta and the position alone, with no header and no byte
/// count.
///
/// ```
/// per document, when tf = 1 and the word is not in the title (flag 1):
/// +------------------------+-----------+
/// | doc delta << 1 | 1     | position  |
/// | varint                 | varint    |
/// +------------------------+-----------+
///
/// otherwise (flag 0):
/// +------------------------+--------------------+-------------+-----------+-----------------+
/// | doc delta << 1 | 0     | tf << 1 | inTitle  | [title tf]  | pos bytes | position deltas |
/// | varint                 | varint             | varint, if  | varint    | tf varints      |
/// |                        |                    | inTitle = 1 |           |                 |
/// +------------------------+--------------------+-------------+-----------+-----------------+
/// doc delta: first document's number + 1, then the difference to the previous one
/// pos bytes: the byte length of the position deltas, so a reader can skip them
/// ```
///
/// Title tokens come first in a document's positions, so its title tf is how many of its
/// positions lie before the body's first position.
enum PostingEntry {
    /// The bytes ``append(delta:positions:titleCount:to:)`` writes.
    @inline(__always)
    static func size(delta: UInt32, positions: UnsafeBufferPointer<UInt32>, titleCount: UInt32)
        -> Int
    {
        if positions.count == 1, titleCount == 0 {
            return VarInt.size(delta << 1 | 1) + VarInt.size(positions[0])
        }
        let positionBytes = deltaBytes(positions)
        return VarInt.size(delta << 1) + VarInt.size(UInt32(positions.count) << 1)
            + (titleCount > 0 ? VarInt.size(titleCount) : 0)
            + VarInt.size(UInt32(positionBytes)) + positionBytes
    }

    /// Appends one document's entry: `delta` from the previous document of the list (the
    /// first document's number + 1 for the first), its sorted `positions` (at least one), of
    /// which the first `titleCount` are in the title.
    @inline(__always)
    static func append(
        delta: UInt32, positions: UnsafeBufferPointer<UInt32>, titleCount: UInt32,
        to bytes: inout [UInt8]
    ) {
        if positions.count == 1, titleCount == 0 {
            VarInt.append(delta << 1 | 1, to: &bytes)
            VarInt.append(positions[0], to: &bytes)
            return
        }
        VarInt.append(delta << 1, to: &bytes)
        VarInt.append(UInt32(positions.count) << 1 | (titleCount > 0 ? 1 : 0), to: &bytes)
        if titleCount > 0 { VarInt.append(titleCount, to: &bytes) }
        VarInt.append(UInt32(deltaBytes(positions)), to: &bytes)
        var previous: UInt32 = 0
        for position in positions {
            VarInt.append(position - previous, to: &bytes)
            previous = position
        }
    }

    /// Writes what ``append(delta:positions:titleCount:to:)`` appends at `pointer`, which has
    /// room for ``size(delta:positions:titleCount:)`` bytes; returns that size.
    @inline(__always)
    static func write(
        delta: UInt32, positions: UnsafeBufferPointer<UInt32>, titleCount: UInt32,
        to pointer: UnsafeMutablePointer<UInt8>
    ) -> Int {
        if positions.count == 1, titleCount == 0 {
            let written = VarInt.write(delta << 1 | 1, to: pointer)
            return written + VarInt.write(positions[0], to: pointer + written)
        }
        var written = VarInt.write(delta << 1, to: pointer)
        written += VarInt.write(
            UInt32(positions.count) << 1 | (titleCount > 0 ? 1 : 0), to: pointer + written)
        if titleCount > 0 { written += VarInt.write(titleCount, to: pointer + written) }
        written += VarInt.write(UInt32(deltaBytes(positions)), to: pointer + written)
        var previous: UInt32 = 0
        for position in positions {
            written += VarInt.write(position - previous, to: pointer + written)
            previous = position
        }
        return written
    }

    /// The largest document delta an entry can hold (one bit of its varint is the flag).
    static let maxDelta = UInt32.max >> 1

    /// Re-bases the first entry of a list: reads its delta at `offset` (advancing past it)
    /// and returns the flag bit, so the caller can write another delta with the same flag.
    @inline(__always)
    static func readDelta(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int)
        -> (delta: UInt32, isSingle: Bool)
    {
        let value = VarInt.read(bytes, &offset)
        return (value >> 1, value & 1 == 1)
    }

    /// Writes a document delta with the flag of the entry it starts.
    @inline(__always)
    static func appendDelta(_ delta: UInt32, isSingle: Bool, to bytes: inout [UInt8]) {
        VarInt.append(delta << 1 | (isSingle ? 1 : 0), to: &bytes)
    }

    private static func deltaBytes(_ positions: UnsafeBufferPointer<UInt32>) -> Int {
        var total = 0
        var previous: UInt32 = 0
        for position in positions {
            total += VarInt.size(position - previous)
            previous = position
        }
        return total
    }
}

/// Writes one posting list (tests and reference builds; the index build encodes the same
/// entries through ``PostingEntry``).
struct PostingListWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var documentCount: UInt32 = 0
    private(set) var occurrenceCount: UInt32 = 0
    private var lastDocument: Int32 = -1

    /// Appends one document; documents must come in increasing order, positions sorted.
    mutating func append(document: Int32, positions: ArraySlice<UInt32>, titleCount: UInt32) {
        precondition(document > lastDocument, "postings must be appended in document order")
        precondition(!positions.isEmpty, "a posting has at least one position")
        let delta = UInt32(document - lastDocument)
        lastDocument = document
        positions.withUnsafeBufferPointer { positions in
            PostingEntry.append(
                delta: delta, positions: positions, titleCount: titleCount, to: &bytes)
        }
        documentCount += 1
        occurrenceCount += UInt32(positions.count)
    }
}

/// One entry read off the posting bytes at some offset (positions left encoded).
struct PostingEntryHeader {
    var delta: UInt32
    var termFrequency: UInt32
    var titleFrequency: UInt32
    /// Byte range of the position deltas (for tf = 1, the one position).
    var positionsStart: Int
    var positionsEnd: Int

    /// Reads the entry at `offset`, leaving `offset` at the next entry.
    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) {
        let first = VarInt.read(bytes, &offset)
        delta = first >> 1
        if first & 1 == 1 {
            termFrequency = 1
            titleFrequency = 0
            positionsStart = offset
            VarInt.skip(bytes, &offset)
            positionsEnd = offset
            return
        }
        let header = VarInt.read(bytes, &offset)
        termFrequency = header >> 1
        titleFrequency = header & 1 == 1 ? VarInt.read(bytes, &offset) : 0
        let length = Int(VarInt.read(bytes, &offset))
        positionsStart = offset
        offset += length
        positionsEnd = offset
    }
}

/// One document's entry in a decoded posting list; positions stay encoded until asked for.
struct Posting: Sendable {
    var document: Int32
    var termFrequency: UInt32
    var titleFrequency: UInt32
    /// Byte range of the position deltas in the index's posting bytes.
    var positionsStart: Int32
    var positionsEnd: Int32
}

enum PostingListReader {
    /// Decodes the document entries of the posting run `range` (positions are skipped).
    static func postings(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [Posting] {
        var result: [Posting] = []
        var offset = range.lowerBound
        var document: Int32 = -1
        while offset < range.upperBound {
            let entry = PostingEntryHeader(bytes, &offset)
            document += Int32(entry.delta)
            result.append(
                Posting(
                    document: document, termFrequency: entry.termFrequency,
                    titleFrequency: entry.titleFrequency,
                    positionsStart: Int32(entry.positionsStart),
                    positionsEnd: Int32(entry.positionsEnd)))
        }
        return result
    }

    /// Decodes the positions of one posting, appending them to `positions`.
    static func positions(
        _ bytes: UnsafeBufferPointer<UInt8>, of posting: Posting, into positions: inout [UInt32]
    ) {
        Self.positions(
            bytes, start: Int(posting.positionsStart), end: Int(posting.positionsEnd),
            into: &positions)
    }

    /// Decodes the position deltas in `start..<end`, appending the positions to `positions`.
    @inline(__always)
    static func positions(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, into positions: inout [UInt32]
    ) {
        var offset = start
        var position: UInt32 = 0
        while offset < end {
            position &+= VarInt.read(bytes, &offset)
            positions.append(position)
        }
    }
}

/// Skip data for long posting lists, so a reader can jump to a document without decoding
/// every posting before it (intersecting a rare word with a common one reads a few blocks of
/// the common one's list, not all of it).
///
/// Every ``blockSize``-th posting of a list with more than ``blockSize`` documents gets an
/// entry: the byte offset where that posting starts and the document before it (the base its
/// document delta is added to). The posting bytes themselves are unchanged.
///
/// ```
/// postings: [p0 p1 ... p63][p64 ... p127][p128 ...
///                          ^              ^
/// skips:    (doc of p63, offset of p64) (doc of p127, offset of p128) ...
/// ```
struct PostingSkips: Sendable {
    static let blockSize = 64

    struct Entry: Sendable {
        /// The document of the posting before the block (all of the block's are greater).
        var previousDocument: Int32
        /// Byte offset of the block's first posting in the index's posting bytes (which the
        /// index keeps below ``SearchIndex/maxPostingBytes``).
        var offset: UInt32
    }

    /// Entries of the `i`-th list longer than one block are `entries[starts[i]..<starts[i +
    /// 1]]`; that list is term `terms[i]`'s. Only long lists have entries, so the table names
    /// them instead of holding a start for every term of the vocabulary.
    let entries: [Entry]
    let terms: [UInt32]
    let starts: [UInt32]

    /// Skips made of their parts as they were stored (see ``IndexSnapshot``), checked there.
    init(entries: [Entry], terms: [UInt32], starts: [UInt32]) {
        self.entries = entries
        self.terms = terms
        self.starts = starts
    }

    /// Reads the skip points off the posting bytes of every list longer than one block.
    init(postings: [UInt8], dictionary: TermDictionary) {
        self = postings.withUnsafeBufferPointer { bytes in
            PostingSkips(
                postings: bytes, terms: 0..<dictionary.count,
                documentFrequencies: dictionary.documentFrequencies,
                range: { dictionary.postingRange($0) })
        }
    }

    /// The skip points of `terms` only (term `t`'s list is `postings[range(t)]`): the index
    /// build reads the lists in parts on all cores and joins them (``init(joining:)``).
    init(
        postings bytes: UnsafeBufferPointer<UInt8>, terms termRange: Range<Int>,
        documentFrequencies: [UInt32], range: (Int) -> Range<Int>
    ) {
        var entries: [Entry] = []
        var terms: [UInt32] = []
        var starts: [UInt32] = []
        for id in termRange {
            let frequency = Int(documentFrequencies[id])
            guard frequency > Self.blockSize else { continue }
            terms.append(UInt32(id))
            starts.append(UInt32(entries.count))
            let range = range(id)
            var offset = range.lowerBound
            var document: Int32 = -1
            // Each block but the last read to find the next one's start (the last is not
            // read at all); `frequency` entries in all.
            for _ in 0..<(frequency - 1) / Self.blockSize {
                Self.skipEntries(bytes, &offset, &document, count: Self.blockSize)
                entries.append(Entry(previousDocument: document, offset: UInt32(offset)))
            }
            precondition(offset <= range.upperBound, "posting list shorter than its count")
        }
        starts.append(UInt32(entries.count))
        self.entries = entries
        self.terms = terms
        self.starts = starts
    }

    /// Moves `offset` past `count` entries of a list (the build's own bytes, trusted, as
    /// ``VarInt`` reads them), adding their deltas to `document`. Only the document deltas
    /// are decoded; the rest is skipped by its length.
    @inline(__always)
    private static func skipEntries(
        _ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int, _ document: inout Int32,
        count: Int
    ) {
        for _ in 0..<count {
            let first = VarInt.read(bytes, &offset)
            document &+= Int32(truncatingIfNeeded: first >> 1)
            if first & 1 == 1 {
                VarInt.skip(bytes, &offset)  // one position, no header
            } else {
                let header = VarInt.read(bytes, &offset)
                if header & 1 == 1 { VarInt.skip(bytes, &offset) }  // the title's tf
                offset += Int(VarInt.read(bytes, &offset))
            }
        }
    }

    /// The skips of consecutive term ranges, in order, as one table.
    init(joining parts: [PostingSkips]) {
        guard parts.count != 1 else {
            self = parts[0]
            return
        }
        var entries: [Entry] = []
        var terms: [UInt32] = []
        var starts: [UInt32] = []
        entries.reserveCapacity(parts.reduce(0) { $0 + $1.entries.count })
        let termCount = parts.reduce(0) { $0 + $1.terms.count }
        terms.reserveCapacity(termCount)
        starts.reserveCapacity(termCount + 1)
        for part in parts {
            let base = UInt32(entries.count)
            entries.append(contentsOf: part.entries)
            terms.append(contentsOf: part.terms)
            starts.append(contentsOf: part.starts.dropLast().lazy.map { $0 + base })
        }
        starts.append(UInt32(entries.count))
        self.entries = entries
        self.terms = terms
        self.starts = starts
    }

    /// The skip entries of term `id` (empty for a list of one block or less).
    func range(ofTerm id: Int) -> Range<Int> {
        var low = 0
        var high = terms.count
        while low < high {
            let mid = (low + high) / 2
            if Int(terms[mid]) < id { low = mid + 1 } else { high = mid }
        }
        guard low < terms.count, Int(terms[low]) == id else { return 0..<0 }
        return Int(starts[low])..<Int(starts[low + 1])
    }
}

/// Reads one posting list forwards, one document at a time, positions left encoded; can jump
/// ahead to a document through the list's skip entries.
///
/// The byte and skip buffers belong to the index and must outlive the cursor (a search holds
/// them for its whole run).
struct PostingCursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let skips: UnsafeBufferPointer<PostingSkips.Entry>
    private var nextSkip: Int
    private let skipEnd: Int
    private var offset: Int
    private let end: Int
    /// The current document; `Int32.max` once the list is exhausted, -1 before the first
    /// ``next()``.
    private(set) var document: Int32 = -1
    private(set) var termFrequency: UInt32 = 0
    private(set) var titleFrequency: UInt32 = 0
    /// Byte range of the current document's position deltas.
    private(set) var positionsStart: Int32 = 0
    private(set) var positionsEnd: Int32 = 0

    init(
        bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>,
        skips: UnsafeBufferPointer<PostingSkips.Entry>, skipRange: Range<Int>
    ) {
        self.bytes = bytes
        self.skips = skips
        nextSkip = skipRange.lowerBound
        skipEnd = skipRange.upperBound
        offset = range.lowerBound
        end = range.upperBound
    }

    var isExhausted: Bool { document == .max }

    /// Moves to the next document; false (and ``document`` = `Int32.max`) at the end.
    @inline(__always)
    mutating func next() -> Bool {
        guard offset < end else {
            document = .max
            return false
        }
        let first = VarInt.read(bytes, &offset)
        document &+= Int32(truncatingIfNeeded: first >> 1)
        if first & 1 == 1 {
            termFrequency = 1
            titleFrequency = 0
            positionsStart = Int32(truncatingIfNeeded: offset)
            VarInt.skip(bytes, &offset)
            positionsEnd = Int32(truncatingIfNeeded: offset)
            return true
        }
        let header = VarInt.read(bytes, &offset)
        termFrequency = header >> 1
        titleFrequency = header & 1 == 1 ? VarInt.read(bytes, &offset) : 0
        let length = Int(VarInt.read(bytes, &offset))
        positionsStart = Int32(truncatingIfNeeded: offset)
        offset += length
        positionsEnd = Int32(truncatingIfNeeded: offset)
        return true
    }

    /// Moves to the first document at or after `target` (staying put if already there);
    /// false when the list has none.
    @inline(__always)
    mutating func advance(to target: Int32) -> Bool {
        if document >= target { return document != .max }
        if nextSkip < skipEnd, skips[nextSkip].previousDocument < target {
            // Jump to the last block that still starts below the target.
            var jump = -1
            while nextSkip < skipEnd, skips[nextSkip].previousDocument < target {
                if Int(skips[nextSkip].offset) > offset { jump = nextSkip }
                nextSkip += 1
            }
            if jump >= 0 {
                offset = Int(skips[jump].offset)
                document = skips[jump].previousDocument
            }
        }
        while next() {
            if document >= target { return true }
        }
        return false
    }

    /// Appends the current document's positions to `positions`.
    func positions(into positions: inout [UInt32]) {
        PostingListReader.positions(
            bytes, start: Int(positionsStart), end: Int(positionsEnd), into: &positions)
    }
}
