import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// Body checkpoints are kept as 16-bit deltas with whole anchors; every lookup must find the
/// checkpoint a binary search over the plain list finds.
@Suite struct CheckpointTableTests {
    /// Documents with 0 to 200 checkpoints: gaps of 1 to 40 words and 1 to 400 bytes, and now
    /// and then one too large for 16 bits (a long title, a huge word, an 8 MB file).
    static func documents(_ count: Int, seed: UInt64) -> [[Checkpoint]] {
        var generator = SplitMix64(seed: seed)
        func pick(_ limit: UInt64) -> UInt32 { UInt32(generator.next() % limit) }
        return (0..<count).map { _ in
            var position = pick(20)
            var offset = pick(200)
            let length = [0, 1, 2, 31, 32, 33, 64, 65, 200][Int(pick(9))]
            return (0..<length).map { _ in
                let wide = pick(10) == 0
                position += wide && pick(2) == 0 ? 65_535 + pick(100_000) : 1 + pick(40)
                offset += wide ? 65_535 + pick(3_000_000) : 1 + pick(400)
                return Checkpoint(position: position, byteOffset: offset)
            }
        }
    }

    static func reference(_ checkpoints: [Checkpoint], atOrBefore position: UInt32)
        -> Checkpoint?
    {
        checkpoints.last { $0.position <= position }
    }

    @Test(arguments: [(0, 1), (1, 2), (3, 3), (40, 4), (300, 5)])
    func lookupsAgreeWithTheList(documents count: Int, seed: UInt64) {
        let documents = Self.documents(count, seed: seed)
        var starts: [Int] = []
        var all: [Checkpoint] = []
        for checkpoints in documents {
            starts.append(all.count)
            all += checkpoints
        }
        let table = CheckpointTable(all, documentStarts: starts)
        #expect(table.count == all.count)
        for (document, checkpoints) in documents.enumerated() {
            let range = starts[document]..<(starts[document] + checkpoints.count)
            var probes: [UInt32] = [0, 1, UInt32.max]
            for checkpoint in checkpoints {
                probes += [checkpoint.position &- 1, checkpoint.position, checkpoint.position + 1]
            }
            for probe in probes {
                let found = table.checkpoint(in: range, atOrBefore: probe)
                let expected = Self.reference(checkpoints, atOrBefore: probe)
                #expect(found?.position == expected?.position)
                #expect(found?.byteOffset == expected?.byteOffset)
            }
        }
    }
}
