import Foundation
import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// Files not in the page cache are set aside and read a few files later: none is lost or read
/// twice into the corpus, and what waits stays bounded.
@Suite struct DeferredReadsTests {
    /// A file set aside comes back only once ``DeferredReads/delay`` files have been taken
    /// after it, oldest first, each once; what is left comes back whole at the end.
    @Test(.hangGuard) func aFileSetAsideComesBackAfterTheDelayOnce() {
        let deferred = DeferredReads()
        let delay = DeferredReads.delay
        #expect(deferred.takeReady(before: 1_000) == nil)
        deferred.setAside(10)
        deferred.setAside(12)
        #expect(deferred.takeReady(before: 10 + delay - 1) == nil)
        #expect(deferred.takeReady(before: 10 + delay) == 10)
        #expect(deferred.takeReady(before: 10 + delay) == nil)
        #expect(deferred.takeReady(before: 12 + delay + 5) == 12)
        #expect(deferred.takeReady(before: 12 + delay + 5) == nil)
        // Emptied, the list starts again.
        deferred.setAside(100)
        deferred.setAside(101)
        deferred.setAside(102)
        #expect(deferred.takeReady(before: 100 + delay) == 100)
        #expect(deferred.takeAll() == [101, 102])
        #expect(deferred.takeAll().isEmpty)
        #expect(deferred.takeReady(before: 10_000) == nil)
    }

    /// A loader whose files are partly not in the page cache loads the same corpus as one
    /// that finds them all there. The files dropped from the cache (fsync, then
    /// `POSIX_FADV_DONTNEED`) are read by a file system that honours it as a miss, set aside
    /// and read later; elsewhere they are read at once. Either way no document is lost,
    /// doubled or given another's body.
    @Test(.hangGuard) func filesNotCachedLoadAsCachedOnes() throws {
        let directory = try TemporaryDirectory("natoaz-deferred")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: seedsDirectory).sorted()
            .filter { $0.hasSuffix(".txt") }
        var names: [String] = []
        for copy in 0..<300 {
            let seed = seeds[copy % seeds.count]
            let data = try Data(contentsOf: URL(fileURLWithPath: seedsDirectory + "/" + seed))
            let name = String(format: "%03d-%@", copy, seed)
            try directory.write(name, bytes: Array(data) + Array("\n\nCopy \(copy).".utf8))
            names.append(name)
        }
        try directory.write("zz-empty.txt", "")
        let cached = try CorpusLoader(options: LoadOptions(parallelism: 1))
            .load(directory: directory.path)
        // Every third file dropped, in runs (so a worker meets several in a row) and alone.
        for (number, name) in names.enumerated() where number % 3 == 0 || number % 50 < 8 {
            let descriptor = open(directory.path(name), O_RDONLY)
            try #require(descriptor >= 0)
            _ = fsync(descriptor)
            _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
            close(descriptor)
        }
        let loaded = try CorpusLoader(options: LoadOptions(parallelism: 2))
            .load(directory: directory.path)
        #expect(loaded.documents.count == 300)
        #expect(loaded.documents == cached.documents)
        #expect(zip(loaded.documents, cached.documents).allSatisfy { $0.text == $1.text })
        #expect(loaded.report.rejected == cached.report.rejected)
        #expect(loaded.report.bytesRead == cached.report.bytesRead)
    }

    /// A file the page cache does not hold is reported not cached (its pages asked for),
    /// where the system can tell, and read whole when asked again.
    @Test(.hangGuard) func aFileNotCachedIsToldSoAndReadWhenAskedAgain() throws {
        let directory = try TemporaryDirectory("natoaz-deferred")
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        try directory.write("f.txt", bytes: bytes)
        let descriptor = open(directory.path("f.txt"), O_RDONLY)
        try #require(descriptor >= 0)
        _ = fsync(descriptor)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        close(descriptor)
        var misses = 0
        let first = FileReader.readFile(
            name: directory.path("f.txt"), in: AT_FDCWD, limit: 1 << 20,
            pageCacheMiss: { misses += 1 }, deferIfNotCached: true)
        switch first {
        case .notCached:
            #expect(misses == 1)
        case .bytes(let read):
            #expect(read == bytes)  // the page cache kept it (tmpfs) or the system cannot tell
        case .rejected(let reason, _):
            Issue.record("rejected: \(reason)")
        }
        guard
            case .bytes(let again) = FileReader.readFile(
                path: directory.path("f.txt"), limit: 1 << 20)
        else {
            Issue.record("not read again")
            return
        }
        #expect(again == bytes)
    }
}
