import NatoAzBenchKit
import Testing

@testable import NatoAzCorpus

/// The compact counts of the surface-form lists read back every count exactly: runs for
/// counts in rank order, 16 bits with a side table for document frequencies.
@Suite struct CompactCountsTests {
    /// Counts around the 16-bit marker and the 32-bit limit, mostly small, some large;
    /// ranked (non-increasing, as a frequency list's) or in any order.
    static func counts(count: Int, seed: UInt64, ranked: Bool) -> [UInt32] {
        var generator = SplitMix64(seed: seed)
        let edges: [UInt32] = [0, 1, 65_534, 65_535, 65_536, 70_000, UInt32.max - 1, UInt32.max]
        var counts = (0..<count).map { _ -> UInt32 in
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: edges.randomElement(using: &generator)!
            case 1: UInt32.random(in: 0...UInt32.max, using: &generator)
            default: UInt32.random(in: 1...20, using: &generator)
            }
        }
        if ranked { counts.sort(by: >) }
        return counts
    }

    static let cases: [(Int, UInt64, Bool)] = [
        (0, 1, true), (1, 2, true), (2, 3, false), (1_000, 4, true), (1_000, 5, false),
        (50_000, 6, true),
    ]

    @Test(arguments: cases)
    func runsReadBackEveryCount(count: Int, seed: UInt64, ranked: Bool) {
        let counts = Self.counts(count: count, seed: seed, ranked: ranked)
        let runs = RunLengthCounts(counts)
        #expect(runs.count == counts.count)
        // One expectation for the whole list: one per count is slow for 50,000.
        #expect(counts.indices.map { runs[$0] } == counts)
        // Ranked counts take one run per distinct count.
        if ranked { #expect(runs.runCount == Set(counts).count) }
    }

    @Test(arguments: cases)
    func smallCountsReadBackEveryCount(count: Int, seed: UInt64, ranked: Bool) {
        let counts = Self.counts(count: count, seed: seed, ranked: ranked)
        let small = SmallCounts(counts)
        #expect(small.count == counts.count)
        #expect(counts.indices.map { small[$0] } == counts)
        if count >= 1_000 {
            // Two bytes a count, and four more plus an index for each large one.
            let large = counts.filter { $0 >= 65_535 }.count
            #expect(small.heapBytes <= 2 * count + 8 * large + 200)
        }
    }

    /// A list whose counts are all large, or all the marker itself.
    @Test func onlyLargeCounts() {
        let lists: [[UInt32]] = [
            [UInt32](repeating: 65_535, count: 10), (0..<10).map { 100_000 + UInt32($0) },
        ]
        for counts in lists {
            let small = SmallCounts(counts)
            #expect((0..<counts.count).map { small[$0] } == counts)
        }
    }
}
