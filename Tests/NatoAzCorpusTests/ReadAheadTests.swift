import CPageCache
import Foundation
import NatoAzTestSupport
import Synchronization
import Testing

@testable import NatoAzBenchKit
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

    /// Made dormant (as the loader makes it), it asks for nothing until activated, then for
    /// its window; a second activation changes nothing.
    @Test(.hangGuard) func aDormantReadAheadWaitsForActivation() throws {
        let directory = try TemporaryDirectory("natoaz-read-ahead")
        try directory.write("a.txt", "Article\n\nText.")
        let path = directory.path("a.txt")
        let asked = Asked()
        let readAhead = ReadAhead(count: 100, sizeLimit: 1 << 20, dormant: true) { _ in
            asked.count.wrappingAdd(1, ordering: .relaxed)
            return path
        }
        for _ in 0..<10 { readAhead.advance() }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(asked.count.load(ordering: .relaxed) == 0)
        readAhead.activate()
        readAhead.activate()
        // The files the workers have taken are skipped.
        try waitUntil { asked.count.load(ordering: .relaxed) == 90 }
        readAhead.stop()
        #expect(asked.count.load(ordering: .relaxed) == 90)
    }

    /// Misses wake a dormant read-ahead only when ``ReadAhead/missesToStart`` of them fall
    /// within ``ReadAhead/missWindow`` files taken.
    @Test(.hangGuard) func missesWithinAWindowWakeADormantReadAhead() throws {
        let asked = Asked()
        let files = 4 * ReadAhead.missWindow
        let readAhead = ReadAhead(count: files, sizeLimit: 1 << 20, dormant: true) { _ in
            asked.count.wrappingAdd(1, ordering: .relaxed)
            return nil
        }
        // One miss short in each of three windows.
        for _ in 0..<3 {
            for _ in 1..<ReadAhead.missesToStart { readAhead.missed() }
            for _ in 0..<ReadAhead.missWindow { readAhead.advance() }
        }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(asked.count.load(ordering: .relaxed) == 0)
        for _ in 0..<ReadAhead.missesToStart { readAhead.missed() }
        try waitUntil { asked.count.load(ordering: .relaxed) == files - 3 * ReadAhead.missWindow }
        readAhead.stop()
    }

    /// Woken by misses, it asks for files up to a burst past the workers and sleeps again
    /// until the next misses; activated, it does not sleep again.
    @Test(.hangGuard) func missesWakeItForABurst() throws {
        let positions = Positions()
        let burst = ReadAhead.burst
        let readAhead = ReadAhead(count: 4 * burst, sizeLimit: 1 << 20, dormant: true) {
            position in
            positions.list.withLock { $0.append(position) }
            return nil
        }
        func asked() -> [Int] { positions.list.withLock { $0 } }
        for _ in 0..<ReadAhead.missesToStart { readAhead.missed() }
        // A window ahead of the workers, who have taken nothing.
        try waitUntil { asked().count == ReadAhead.window }
        // The workers pass the burst's end: nothing at or past it is asked for.
        for _ in 0..<(2 * burst) { readAhead.advance() }
        Thread.sleep(forTimeInterval: 0.05)
        let first = asked()
        #expect(first.allSatisfy { $0 < burst })
        // Misses again (the workers at 2 bursts): a window from there.
        for _ in 0..<ReadAhead.missesToStart { readAhead.missed() }
        try waitUntil { asked().count == first.count + ReadAhead.window }
        #expect(asked().dropFirst(first.count).allSatisfy { $0 >= 2 * burst && $0 < 3 * burst })
        // Activated, then the workers pass the second burst's end: it goes on past it.
        readAhead.activate()
        for _ in 0..<burst { readAhead.advance() }
        try waitUntil { asked().contains { $0 >= 3 * burst } }
        readAhead.stop()
    }

    /// A dormant read-ahead that is never activated (the corpus was in the page cache) stops
    /// at once and has asked for nothing; activating it afterwards does nothing.
    @Test(.hangGuard) func aDormantReadAheadStopsWithoutAsking() {
        let asked = Asked()
        let readAhead = ReadAhead(count: 100, sizeLimit: 1 << 20, dormant: true) { _ in
            asked.count.wrappingAdd(1, ordering: .relaxed)
            return nil
        }
        readAhead.stop()
        readAhead.activate()
        Thread.sleep(forTimeInterval: 0.02)
        #expect(asked.count.load(ordering: .relaxed) == 0)
    }

    /// Whether a file's pages are not all in the page cache, as the reader reports it.
    private final class Misses: Sendable {
        let count = Atomic<Int>(0)
    }

    /// The first read from the page cache only (``FileReader``'s `pageCacheMiss`) gives the
    /// bytes the plain read gives at every size around a page, and reports no miss for a file
    /// just read (where the system can tell: elsewhere every file is a miss, so the read-ahead
    /// works as before).
    @Test(.hangGuard) func aCachedFileIsReadWithoutAMiss() throws {
        let directory = try TemporaryDirectory("natoaz-read-ahead")
        var generator = SplitMix64(seed: 4096)
        let canTell = try Self.systemTellsCachedPages(directory)
        for size in [0, 1, 2_500, 4_095, 4_096, 4_097, 8_193, 100_000, 1 << 20] {
            let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            try directory.write("f.txt", bytes: bytes)
            let path = directory.path("f.txt")
            guard case .bytes(let plain) = FileReader.readFile(path: path, limit: 1 << 21) else {
                Issue.record("\(size) bytes: not read")
                continue
            }
            let misses = Misses()
            let outcome = FileReader.readFile(path: path, limit: 1 << 21) {
                misses.count.wrappingAdd(1, ordering: .relaxed)
            }
            guard case .bytes(let cached) = outcome else {
                Issue.record("\(size) bytes: not read from the cache")
                continue
            }
            #expect(cached == plain && plain == bytes, "\(size) bytes")
            #expect(misses.count.load(ordering: .relaxed) == (canTell ? 0 : 1), "\(size) bytes")
        }
        // Over the limit: rejected before any read, no miss.
        try directory.write("big.txt", bytes: [UInt8](repeating: 0x41, count: 5_000))
        let misses = Misses()
        let outcome = FileReader.readFile(path: directory.path("big.txt"), limit: 4_000) {
            misses.count.wrappingAdd(1, ordering: .relaxed)
        }
        guard case .rejected(.tooLarge, _) = outcome else {
            Issue.record("a file over the limit was read")
            return
        }
        #expect(misses.count.load(ordering: .relaxed) == 0)
    }

    /// A file read by its name in its open directory (as the loader reads articles) gives the
    /// bytes read by its path, with and without the read from the page cache, at sizes around
    /// a page (where a read that gets exactly the file's size is taken as its end), and
    /// through a link whose target is relative to that directory; a missing name is
    /// unreadable, not a crash.
    @Test(.hangGuard) func aFileIsReadByItsNameInTheOpenDirectory() throws {
        let directory = try TemporaryDirectory("natoaz-read-ahead")
        let folder = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try #require(folder >= 0)
        defer { close(folder) }
        #expect(symlink("f.txt", directory.path("link.txt")) == 0)
        var generator = SplitMix64(seed: 18)
        for size in [0, 1, 2_500, 4_095, 4_096, 4_097, 8_192, 100_000] {
            let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            try directory.write("f.txt", bytes: bytes)
            for name in ["f.txt", "link.txt"] {
                let plain = FileReader.readFile(name: name, in: folder, limit: 1 << 20)
                let cached = FileReader.readFile(name: name, in: folder, limit: 1 << 20) {}
                guard case .bytes(let plainBytes) = plain, case .bytes(let cachedBytes) = cached
                else {
                    Issue.record("\(name), \(size) bytes: not read")
                    continue
                }
                #expect(plainBytes == bytes && cachedBytes == bytes, "\(name), \(size) bytes")
            }
        }
        guard
            case .rejected(.unreadable(let code, _), 0) =
                FileReader.readFile(name: "missing.txt", in: folder, limit: 1 << 20)
        else {
            Issue.record("a missing file was not unreadable")
            return
        }
        #expect(code == ENOENT)
    }

    /// Whether `natoaz_read_cached` answers here (Linux 4.14 or later, a file system with
    /// `RWF_NOWAIT`), asked of a file just written and read.
    private static func systemTellsCachedPages(_ directory: TemporaryDirectory) throws -> Bool {
        try directory.write("probe.txt", "probe")
        let descriptor = open(directory.path("probe.txt"), O_RDONLY)
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 16)
        let got = buffer.withUnsafeMutableBytes {
            natoaz_read_cached(descriptor, $0.baseAddress, $0.count)
        }
        return got == 5
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
