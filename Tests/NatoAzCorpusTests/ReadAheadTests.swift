import Foundation
import NatoAzTestSupport
import Synchronization
import Testing

@testable import NatoAzCorpus

/// The loader's read-ahead thread: it stays within its window of the workers, stops when told
/// even if the workers took nothing, and leaves alone what it must not open.
@Suite struct ReadAheadTests {
    /// Counts the paths the read-ahead thread asked for.
    private final class Asked: Sendable {
        let count = Atomic<Int>(0)
    }

    @Test(.hangGuard) func staysWithinItsWindowOfTheWorkers() throws {
        let directory = try TemporaryDirectory("natoaz-read-ahead")
        try directory.write("a.txt", "Article\n\nText.")
        let path = directory.path("a.txt")
        let asked = Asked()
        let files = 3 * ReadAhead.window
        let readAhead = ReadAhead(count: files, sizeLimit: 1 << 20) { _ in
            asked.count.wrappingAdd(1, ordering: .relaxed)
            return path
        }
        // No worker has taken a file: it asks for one window, then waits.
        try waitUntil { asked.count.load(ordering: .relaxed) == ReadAhead.window }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(asked.count.load(ordering: .relaxed) == ReadAhead.window)
        // Fewer files than a batch taken: it waits for the batch.
        for _ in 1..<ReadAhead.batch { readAhead.advance() }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(asked.count.load(ordering: .relaxed) == ReadAhead.window)
        // A batch taken: a batch more asked for, no more.
        readAhead.advance()
        try waitUntil {
            asked.count.load(ordering: .relaxed) == ReadAhead.window + ReadAhead.batch
        }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(asked.count.load(ordering: .relaxed) == ReadAhead.window + ReadAhead.batch)
        readAhead.stop()
        #expect(asked.count.load(ordering: .relaxed) < files)
    }

    /// Positions the read-ahead thread asked for, in order.
    private final class Positions: Sendable {
        let list = Mutex<[Int]>([])
    }

    @Test(.hangGuard) func skipsTheFilesTheWorkersHaveTaken() throws {
        let positions = Positions()
        let firstAsked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let readAhead = ReadAhead(count: 5_000, sizeLimit: 1 << 20) { position in
            positions.list.withLock { $0.append(position) }
            if position == 0 {
                firstAsked.signal()
                release.wait()
            }
            // nil: not a regular file, nothing to open.
            return nil
        }
        firstAsked.wait()
        // The workers get ahead while the thread is busy with file 0.
        for _ in 0..<3_000 { readAhead.advance() }
        release.signal()
        for _ in 3_000..<5_000 { readAhead.advance() }
        readAhead.stop()
        let asked = positions.list.withLock { $0 }
        #expect(asked.first == 0)
        #expect(asked.dropFirst().allSatisfy { $0 >= 3_000 && $0 < 5_000 })
        #expect(asked == asked.sorted() && Set(asked).count == asked.count)
    }

    @Test(.hangGuard) func staysWithinItsBytes() throws {
        let directory = try TemporaryDirectory("natoaz-read-ahead")
        try directory.write("big.txt", String(repeating: "x", count: 3_000))
        let path = directory.path("big.txt")
        let asked = Asked()
        let readAhead = ReadAhead(count: 100, sizeLimit: 1 << 20, byteWindow: 10_000) { _ in
            asked.count.wrappingAdd(1, ordering: .relaxed)
            return path
        }
        // 4 files of 3,000 bytes reach 10,000 bytes: then it waits for the workers.
        try waitUntil { asked.count.load(ordering: .relaxed) == 4 }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(asked.count.load(ordering: .relaxed) == 4)
        readAhead.stop()
    }

    @Test(.hangGuard) func nothingToReadIsNoThread() {
        let readAhead = ReadAhead(count: 0, sizeLimit: 1 << 20) { _ in
            Issue.record("asked for a file of an empty list")
            return nil
        }
        readAhead.stop()
    }

    /// A FIFO named like an article is rejected as before and does not hold up the load (the
    /// read-ahead opens only what the listing calls a regular file).
    @Test(.hangGuard) func aFIFOIsNotOpenedAhead() throws {
        let directory = try TemporaryDirectory("natoaz-read-ahead")
        for number in 0..<50 {
            try directory.write("article-\(number).txt", "Article \(number)\n\nText \(number).")
        }
        #expect(mkfifo(directory.path("pipe.txt"), 0o600) == 0)
        let corpus = try CorpusLoader(options: LoadOptions(parallelism: 2))
            .load(directory: directory.path)
        #expect(corpus.documents.count == 50)
        #expect(
            corpus.report.rejected == [
                RejectedFile(file: "pipe.txt", reason: .notRegularFile(kind: "FIFO"))
            ])
    }

    private func waitUntil(_ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(30)
        while !condition() {
            try #require(Date() < deadline, "timed out")
            Thread.sleep(forTimeInterval: 0.001)
        }
    }
}
