import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The shard builder's log: what is written comes back in order, every write whole within one
/// chunk (the reader parses chunks on their own), writes larger than a chunk included.
@Suite struct ByteLogTests {
    @Test(arguments: [1, 7, 64, 4 << 20])
    func drainGivesEveryWriteBackWholeAndInOrder(chunkBytes: Int) {
        var generator = SplitMix64(seed: UInt64(chunkBytes))
        var log = ByteLog(chunkBytes: chunkBytes)
        var records: [[UInt8]] = []
        for number in 0..<500 {
            // Mostly short records, some longer than the smaller chunks, some empty.
            let length = number % 50 == 0 ? 200 : Int(generator.next() % 12)
            let record = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            records.append(record)
            log.write(count: record.count) { pointer in
                for (offset, byte) in record.enumerated() { pointer[offset] = byte }
            }
        }
        var chunks: [[UInt8]] = []
        log.drain { chunks.append(Array($0)) }
        #expect(chunks.flatMap { $0 } == records.flatMap { $0 })
        // Each chunk is a run of whole records.
        var next = 0
        for chunk in chunks {
            var offset = 0
            while offset < chunk.count {
                while records[next].isEmpty { next += 1 }
                #expect(Array(chunk[offset..<offset + records[next].count]) == records[next])
                offset += records[next].count
                next += 1
            }
        }
        var again = 0
        log.drain { again += $0.count }
        #expect(again == 0)
    }

    /// ``ByteLog/copy(_:to:count:)`` writes exactly the `count` bytes asked for, whatever the
    /// count (each of its load widths) and alignment, and nothing around them.
    @Test func copyWritesExactlyItsRange() {
        let source = (0..<64).map { UInt8($0 + 1) }
        for count in 0...40 {
            for start in 0..<9 {
                var target = [UInt8](repeating: 0, count: 64)
                source.withUnsafeBytes { source in
                    target.withUnsafeMutableBytes { target in
                        ByteLog.copy(
                            source.baseAddress! + 3, to: target.baseAddress! + start,
                            count: count)
                    }
                }
                var expected = [UInt8](repeating: 0, count: 64)
                expected.replaceSubrange(start..<start + count, with: source[3..<3 + count])
                #expect(target == expected, "count \(count), start \(start)")
            }
        }
    }
}
