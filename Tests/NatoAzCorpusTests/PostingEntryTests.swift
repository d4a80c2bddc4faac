import NatoAzBenchKit
import Testing

@testable import NatoAzCorpus

/// Round trips of the posting byte format (``PostingEntry``) through every reader: the list
/// decoder, the cursor stepping one document at a time, and the cursor jumping through skips.
@Suite struct PostingEntryTests {
    /// One document of a generated list.
    struct Entry: Equatable {
        var document: Int32
        var positions: [UInt32]
        var titleCount: UInt32
    }

    /// A list mixing what real lists hold and the extremes: mostly tf 1, sometimes hundreds of
    /// positions; gaps of 1 and of hundreds of millions; positions near `UInt32.max`.
    static func randomList(count: Int, seed: UInt64) -> [Entry] {
        var generator = SplitMix64(seed: seed)
        var entries: [Entry] = []
        var document: Int32 = -1
        for _ in 0..<count {
            let gap: Int32
            switch Int.random(in: 0..<10, using: &generator) {
            case 0:
                let far = Int.random(in: 0..<50, using: &generator) == 0
                gap = Int32.random(in: 1...(far ? 1 << 28 : 1 << 18), using: &generator)
            case 1...5: gap = 1
            default: gap = Int32.random(in: 1...300, using: &generator)
            }
            guard document < Int32.max - gap else { break }
            document += gap
            let tf: Int
            switch Int.random(in: 0..<20, using: &generator) {
            case 0: tf = Int.random(in: 100...600, using: &generator)
            case 1...4: tf = Int.random(in: 2...9, using: &generator)
            default: tf = 1
            }
            var positions: [UInt32] = []
            var position = UInt32.random(in: 0...40, using: &generator)
            let huge = Int.random(in: 0..<15, using: &generator) == 0
            for _ in 0..<tf {
                positions.append(position)
                let step: UInt32 = huge ? 1 << 20 : UInt32.random(in: 1...500, using: &generator)
                position += step
            }
            if huge, tf == 1 { positions = [UInt32.max - 3] }
            let titleCount =
                Int.random(in: 0..<8, using: &generator) == 0
                ? UInt32.random(in: 1...UInt32(tf), using: &generator) : 0
            entries.append(Entry(document: document, positions: positions, titleCount: titleCount))
        }
        return entries
    }

    static func encode(_ entries: [Entry]) -> PostingListWriter {
        var writer = PostingListWriter()
        for entry in entries {
            writer.append(
                document: entry.document, positions: entry.positions[...],
                titleCount: entry.titleCount)
        }
        return writer
    }

    @Test(arguments: [(1, 1), (2, 64), (3, 65), (4, 1_000), (5, 5_000)])
    func listsRoundTrip(seed: UInt64, count: Int) {
        let entries = Self.randomList(count: count, seed: seed)
        let writer = Self.encode(entries)
        #expect(Int(writer.documentCount) == entries.count)
        #expect(Int(writer.occurrenceCount) == entries.reduce(0) { $0 + $1.positions.count })
        writer.bytes.withUnsafeBufferPointer { bytes in
            let postings = PostingListReader.postings(bytes, range: 0..<bytes.count)
            var decoded: [Entry] = []
            for posting in postings {
                var positions: [UInt32] = []
                PostingListReader.positions(bytes, of: posting, into: &positions)
                #expect(Int(posting.termFrequency) == positions.count)
                decoded.append(
                    Entry(
                        document: posting.document, positions: positions,
                        titleCount: posting.titleFrequency))
            }
            #expect(decoded == entries)
        }
    }

    @Test func entrySizeIsWhatAppendWrites() {
        for entry in Self.randomList(count: 2_000, seed: 9) {
            for delta: UInt32 in [1, 63, 64, 8_191, 8_192, PostingEntry.maxDelta] {
                entry.positions.withUnsafeBufferPointer { positions in
                    var bytes: [UInt8] = []
                    PostingEntry.append(
                        delta: delta, positions: positions, titleCount: entry.titleCount,
                        to: &bytes)
                    #expect(
                        PostingEntry.size(
                            delta: delta, positions: positions, titleCount: entry.titleCount)
                            == bytes.count)
                }
            }
        }
    }

    @Test func aWordSeenOnceInTheBodyTakesTwoBytes() {
        var writer = PostingListWriter()
        writer.append(document: 5, positions: [100], titleCount: 0)
        #expect(writer.bytes.count == 2)
        writer.append(document: 6, positions: [2], titleCount: 1)
        #expect(writer.bytes.count == 2 + 5)
    }

    /// Several lists in one byte run, as in the index, with their skips; the cursor's
    /// `advance(to:)` must land where a linear scan does, across block boundaries.
    @Test(arguments: [UInt64(11), 12, 13])
    func cursorsJumpLikeALinearScan(seed: UInt64) {
        let lists = [
            Self.randomList(count: 3, seed: seed),
            Self.randomList(count: PostingSkips.blockSize, seed: seed + 100),
            Self.randomList(count: PostingSkips.blockSize + 1, seed: seed + 200),
            Self.randomList(count: 2_000, seed: seed + 300),
        ]
        var bytes: [UInt8] = []
        var offsets = [0]
        for list in lists {
            bytes += Self.encode(list).bytes
            offsets.append(bytes.count)
        }
        let dictionary = TermDictionary(
            terms: lists.indices.map { "term\($0)" },
            documentFrequencies: lists.map { UInt32($0.count) },
            collectionFrequencies: lists.map { UInt32($0.reduce(0) { $0 + $1.positions.count }) },
            languageMasks: lists.map { _ in 1 }, postingOffsets: offsets)
        let skips = PostingSkips(postings: bytes, dictionary: dictionary)
        #expect(skips.range(ofTerm: 3).count == (lists[3].count - 1) / PostingSkips.blockSize)
        #expect(skips.range(ofTerm: 2).count == 1)
        #expect(skips.range(ofTerm: 1).isEmpty)
        // Each skip point: the document before every 64th posting and where that one starts
        // (right after the positions of the one before).
        bytes.withUnsafeBufferPointer { bytes in
            for term in lists.indices {
                let postings = PostingListReader.postings(
                    bytes, range: dictionary.postingRange(term))
                let expected = stride(
                    from: PostingSkips.blockSize, to: postings.count, by: PostingSkips.blockSize
                ).map { (postings[$0 - 1].document, UInt32(postings[$0 - 1].positionsEnd)) }
                let found = skips.entries[skips.range(ofTerm: term)].map {
                    ($0.previousDocument, $0.offset)
                }
                #expect(found.map(\.0) == expected.map(\.0))
                #expect(found.map(\.1) == expected.map(\.1))
            }
        }

        var generator = SplitMix64(seed: seed)
        bytes.withUnsafeBufferPointer { bytes in
            skips.entries.withUnsafeBufferPointer { entries in
                for (term, list) in lists.enumerated() {
                    let last = list.last!.document
                    for _ in 0..<40 {
                        var cursor = PostingCursor(
                            bytes: bytes, range: dictionary.postingRange(term), skips: entries,
                            skipRange: skips.range(ofTerm: term))
                        // A rising run of targets, as an intersection asks for them.
                        var target: Int32 = 0
                        var index = 0
                        while true {
                            target += Int32.random(in: 0...max(1, last / 8), using: &generator)
                            let found = cursor.advance(to: target)
                            while index < list.count, list[index].document < target { index += 1 }
                            #expect(found == (index < list.count))
                            guard index < list.count else {
                                #expect(cursor.isExhausted)
                                break
                            }
                            #expect(cursor.document == list[index].document)
                            #expect(Int(cursor.termFrequency) == list[index].positions.count)
                            #expect(cursor.titleFrequency == list[index].titleCount)
                            var positions: [UInt32] = []
                            cursor.positions(into: &positions)
                            #expect(positions == list[index].positions)
                        }
                    }
                }
            }
        }
    }
}
