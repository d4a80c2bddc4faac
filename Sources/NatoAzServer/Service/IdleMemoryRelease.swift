import Logging
import Synchronization

/// Returns the heap that long requests freed to the kernel, once the workers fall idle.
///
/// glibc keeps freed memory in the arena of the thread that freed it, for that thread to reuse,
/// and gives back only the top of each heap. A request's scratch is many small blocks among the
/// corpus's long-lived ones, so it stays resident: at 100k articles one `kwic the --limit 1000`
/// left 31 MB resident in each worker's arena, and the session-4 batch of 1,066 lookups took
/// natoazd from 468 to 658 MB, of which `malloc_trim(0)` gave back 121 MB.
///
/// Trimming after every request would cost more than the requests (it walks every arena), so
/// the work is counted: once the workers have run for ``workBetweenReleases`` since the last
/// release, the next moment the queue is empty releases what was freed. Short requests mostly
/// reuse their own arena's free blocks, and a burst of them pays for one trim at most per
/// ``workBetweenReleases`` of work.
final class IdleMemoryRelease: Sendable {
    /// Work between two releases. Returning 145 MB took glibc 109 ms (100k articles, load
    /// average 12), so a release after each second of work adds about a tenth at worst; work
    /// below that keeps its scratch until more has run.
    static let workBetweenReleases: Duration = .seconds(1)

    private let workSinceRelease = Mutex<Duration>(.zero)
    private let release: @Sendable () -> Void
    private let logger: Logger

    /// - Parameter release: returns freed memory to the kernel (`malloc_trim(0)` by default;
    ///   tests count the calls).
    init(logger: Logger, release: @escaping @Sendable () -> Void = ProcessMemory.releaseFreedMemory)
    {
        self.logger = logger
        self.release = release
    }

    /// Counts `busy` (the work since the queue was last idle) and releases if enough has run.
    /// Called on a worker thread with nothing queued, so the trim delays no request.
    func workersIdle(after busy: Duration) {
        let due = workSinceRelease.withLock { work -> Bool in
            work += busy
            guard work >= Self.workBetweenReleases else { return false }
            work = .zero
            return true
        }
        guard due else { return }
        let clock = ContinuousClock()
        let before = ProcessMemory.residentBytes()
        let started = clock.now
        release()
        let took = clock.now - started
        let after = ProcessMemory.residentBytes()
        logger.debug(
            "returned freed memory after long requests",
            metadata: [
                "resident_before": "\(before.map(HumanReadable.bytes) ?? "?")",
                "resident_after": "\(after.map(HumanReadable.bytes) ?? "?")",
                "trim_time": "\(HumanReadable.duration(took))",
            ])
    }
}
