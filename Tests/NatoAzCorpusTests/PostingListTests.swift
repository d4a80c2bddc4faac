import Testing

@testable import NatoAzCorpus

@Suite struct PostingListTests {
    @Test func varIntsRoundTrip() {
        let values: [UInt32] = [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 21, .max]
        var bytes: [UInt8] = []
        for value in values { VarInt.append(value, to: &bytes) }
        #expect(bytes.count == 1 + 1 + 1 + 2 + 2 + 2 + 3 + 4 + 5)
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            for value in values { #expect(VarInt.read(buffer, &offset) == value) }
            #expect(offset == buffer.count)
        }
    }

    @Test func postingListsRoundTrip() {
        var writer = PostingListWriter()
        writer.append(document: 0, positions: [0, 5, 900], titleCount: 1)
        writer.append(document: 7, positions: [3], titleCount: 0)
        writer.append(document: 100_000, positions: [70_000, 70_001], titleCount: 0)
        #expect(writer.documentCount == 3)
        #expect(writer.occurrenceCount == 6)
        writer.bytes.withUnsafeBufferPointer { bytes in
            let postings = PostingListReader.postings(bytes, range: 0..<bytes.count)
            #expect(postings.map(\.document) == [0, 7, 100_000])
            #expect(postings.map(\.termFrequency) == [3, 1, 2])
            #expect(postings.map(\.titleFrequency) == [1, 0, 0])
            var positions: [UInt32] = []
            PostingListReader.positions(bytes, of: postings[2], into: &positions)
            #expect(positions == [70_000, 70_001])
            positions = []
            PostingListReader.positions(bytes, of: postings[0], into: &positions)
            #expect(positions == [0, 5, 900])
        }
    }

    @Test func dictionaryIsSortedForPrefixLookups() {
        let dictionary = SeedFixture.index.dictionary
        let terms = dictionary.terms
        #expect(
            zip(terms, terms.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let range = dictionary.termIDs(withPrefix: "peacekeep")
        #expect(terms[range].allSatisfy { $0.hasPrefix("peacekeep") })
        #expect(!range.isEmpty)
        let nato = try! #require(dictionary.termID("nato"))
        #expect(dictionary.documentFrequencies[nato] == 4)
        #expect(dictionary.languages(ofTerm: nato) == [.english])
    }

    @Test func indexIsCompact() {
        let statistics = SeedFixture.index.statistics
        #expect(statistics.documents == 5)
        // Delta + varint coding: well under 4 bytes per (term, position) occurrence.
        #expect(Double(statistics.postingBytes) / Double(statistics.occurrences) < 4)
    }
}
