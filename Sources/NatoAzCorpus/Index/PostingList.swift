/// The postings of one term, as stored: documents in increasing order, each with its
/// positions, all delta-encoded as ``VarInt``s in one contiguous byte run.
///
/// ```
/// per document:
/// +------------+-----------------------+-------------+-----------+------------------+
/// | doc delta  | tf << 1 | inTitle     | [title tf]  | pos bytes | position deltas  |
/// | varint     | varint                | varint, if  | varint    | tf varints       |
/// |            |                       | inTitle = 1 |           |                  |
/// +------------+-----------------------+-------------+-----------+------------------+
/// doc delta: first document's number + 1, then the difference to the previous one
/// pos bytes: the byte length of the position deltas, so a reader can skip them
/// ```
///
/// Title tokens come first in a document's positions, so its title tf is how many of its
/// positions lie before the body's first position.
struct PostingListWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var documentCount: UInt32 = 0
    private(set) var occurrenceCount: UInt32 = 0
    private var lastDocument: Int32 = -1
    private var scratch: [UInt8] = []

    /// Appends one document; documents must come in increasing order, positions sorted.
    mutating func append(document: Int32, positions: ArraySlice<UInt32>, titleCount: UInt32) {
        precondition(document > lastDocument, "postings must be appended in document order")
        VarInt.append(UInt32(document - lastDocument), to: &bytes)
        lastDocument = document
        let tf = UInt32(positions.count)
        VarInt.append(tf << 1 | (titleCount > 0 ? 1 : 0), to: &bytes)
        if titleCount > 0 { VarInt.append(titleCount, to: &bytes) }
        scratch.removeAll(keepingCapacity: true)
        var previous: UInt32 = 0
        for position in positions {
            VarInt.append(position - previous, to: &scratch)
            previous = position
        }
        VarInt.append(UInt32(scratch.count), to: &bytes)
        bytes.append(contentsOf: scratch)
        documentCount += 1
        occurrenceCount += tf
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
            document += Int32(VarInt.read(bytes, &offset))
            let header = VarInt.read(bytes, &offset)
            let titleFrequency = header & 1 == 1 ? VarInt.read(bytes, &offset) : 0
            let length = Int(VarInt.read(bytes, &offset))
            result.append(
                Posting(
                    document: document, termFrequency: header >> 1,
                    titleFrequency: titleFrequency, positionsStart: Int32(offset),
                    positionsEnd: Int32(offset + length)))
            offset += length
        }
        return result
    }

    /// Decodes the positions of one posting, appending them to `positions`.
    static func positions(
        _ bytes: UnsafeBufferPointer<UInt8>, of posting: Posting, into positions: inout [UInt32]
    ) {
        var offset = Int(posting.positionsStart)
        var position: UInt32 = 0
        while offset < Int(posting.positionsEnd) {
            position &+= VarInt.read(bytes, &offset)
            positions.append(position)
        }
    }
}
