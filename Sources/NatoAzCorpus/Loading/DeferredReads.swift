import Synchronization

/// Files a worker of the load found not (all) in the page cache, set aside while their pages
/// are read, and taken up again a few files later.
///
/// On this VM a corpus read minutes ago has 1-2% of its files reclaimed (DAMON): a worker that
/// waited for each such file's read (about 0.1 ms) lost that time, and the misses woke the
/// read-ahead thread, whose four system calls a file (`open`, `fstat`, `fadvise`, `close`)
/// then ran for most of the corpus on a third thread beside the two workers (148 of a load's
/// 5,484 samples at 100k, session 18). Now the worker asks for the file's pages
/// (`FileReader`'s `deferIfNotCached`) and goes on with the next file; the file is read
/// ``delay`` files later, when its pages are most likely there, and the read-ahead wakes only
/// for a corpus mostly not cached (``ReadAhead/missesToStart``).
///
/// Bounded: a worker sets aside at most the one file it took and takes up at most one set
/// aside per file it takes, so no more than about ``delay`` files plus one per worker wait.
final class DeferredReads: Sendable {
    /// Files taken (by all workers) between setting a file aside and reading it: at about 20
    /// microseconds a file on each of two workers, some 0.3 ms, more than a read from this
    /// VM's disk takes.
    static let delay = 32

    /// The files set aside, in the order they were (their indices grow, give or take the
    /// workers' race), and how many of the list's first have been taken up.
    private let pending = Mutex<(files: [Int], taken: Int)>(([], 0))
    /// Files set aside and not yet taken up: read without the lock by every worker.
    private let waiting = Atomic<Int>(0)

    init() {}

    /// Sets aside file `index`, whose pages were asked for.
    func setAside(_ index: Int) {
        pending.withLock { $0.files.append(index) }
        waiting.wrappingAdd(1, ordering: .relaxed)
    }

    /// The file set aside longest ago if it was at least ``delay`` files before `index` (the
    /// file a worker has just taken), taken out of the list; nil otherwise.
    func takeReady(before index: Int) -> Int? {
        if waiting.load(ordering: .relaxed) == 0 { return nil }
        let ready = pending.withLock { pending -> Int? in
            guard pending.taken < pending.files.count,
                pending.files[pending.taken] <= index - Self.delay
            else { return nil }
            let file = pending.files[pending.taken]
            pending.taken += 1
            // All taken up: the list starts again (it never holds more than the waiting).
            if pending.taken == pending.files.count { pending = ([], 0) }
            return file
        }
        if ready != nil { waiting.wrappingAdd(-1, ordering: .relaxed) }
        return ready
    }

    /// Every file still set aside (once no worker sets any aside), taken out of the list.
    func takeAll() -> [Int] {
        let left = pending.withLock { pending -> [Int] in
            let left = Array(pending.files[pending.taken...])
            pending = ([], 0)
            return left
        }
        waiting.store(0, ordering: .relaxed)
        return left
    }
}
