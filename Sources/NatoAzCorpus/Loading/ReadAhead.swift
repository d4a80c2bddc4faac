import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Asks the kernel for the article files the load's workers will read next, on a thread of its
/// own, so that the disk serves many small reads at once instead of one per worker.
///
/// A worker reads its file synchronously and then parses it: with the corpus not in the page
/// cache (after a boot, or once the kernel has reclaimed the pages), each worker waited for
/// one small read at a time, so two workers kept at most two reads in flight and the disk's
/// latency set the pace (100,000 articles of 2.5 KB: 19 s to load against 12 s from the
/// page cache). This thread opens the files ahead of the workers and asks for their pages
/// (`posix_fadvise(POSIX_FADV_WILLNEED)` starts the reads and returns); the open itself
/// reads the inode, which is why it runs here and not on a worker.
///
/// **Bounded.** It stays at most ``window`` files and about ``byteWindow`` bytes ahead of the
/// workers (plus the one file asked for last; it never holds more than one descriptor), skips
/// any file a worker has already taken, and asks only for regular files (the listing's file
/// type: no device or FIFO is opened here) no larger than the load's size limit (a file the
/// loader rejects unread is not read either). It only ever asks: a file it could not open,
/// or a request the kernel ignores, costs the worker nothing but its own read, as before.
///
/// **Dormant while the page cache serves.** Made `dormant`, it asks for nothing until
/// ``activate()`` (from then on it works as above), or until ``missed()`` has been called
/// ``missesToStart`` times within ``missWindow`` files taken (the loader calls it when a
/// worker's first read of a file finds its pages not all cached: ``FileReader``): then it
/// asks for the next ``burst`` files and sleeps again, so that a cold corpus is read ahead
/// (its workers miss again within a few files of each burst's end) and a cached corpus with a
/// run of reclaimed files is not asked for beyond it. From the page cache its four system
/// calls a file (`open`, `fstat`, `fadvise`, `close`) were about 6% of the loader's CPU at
/// 100k (session 15), on a third thread competing with the two workers; and on this VM a
/// corpus read ten minutes ago has a few dozen files the kernel has reclaimed since.
final class ReadAhead: Sendable {
    /// Files asked for ahead of the workers. The pages of this many articles (about 2.5 MB of
    /// news) keep the disk's queue full without holding more than a few megabytes of cache.
    static let window = 1024
    /// Bytes asked for ahead of the workers, whatever the files' sizes (a file may be as
    /// large as the size limit): beyond this the pages asked for first could be reclaimed
    /// before a worker reads them.
    static let byteWindow = 32 << 20
    /// Files the workers take before a full window is topped up again.
    static let batch = 64
    /// Files found not cached, within ``missWindow`` files taken, that wake a dormant
    /// read-ahead: a cold corpus does so within its first files; the 1-2% of a corpus this VM
    /// reclaims from the page cache do not (session 18: with 8 they kept it awake for most of
    /// the corpus; the workers set such files aside instead, see ``DeferredReads``).
    static let missesToStart = 128
    static let missWindow = 1024
    /// Files asked for after misses wake a dormant read-ahead, before it sleeps again.
    static let burst = 4096

    private let byteWindow: Int
    private let taken = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    /// False while the thread sleeps (or is about to) with no wake-up pending: whoever sets
    /// it (``activate()``, ``missed()``, ``stop()``) signals `wake`.
    private let awake: Atomic<Bool>
    /// Set by ``activate()``: no more sleeping.
    private let activated = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// Where the current window of ``missWindow`` files began, and the misses in it.
    private let misses = Mutex<(windowStart: Int, count: Int)>((0, 0))
    private let finished = DispatchGroup()

    /// Starts asking for `count` files in the order the workers will take them: `path(n)` is
    /// the path of the n-th (nil: not to be asked for, e.g. not a regular file), relative to
    /// the open directory `directory` (`AT_FDCWD`: to the working directory; it must stay open
    /// until ``stop()``); `sizeLimit` as `LoadOptions.maxFileBytes`; `byteWindow` as
    /// ``byteWindow`` (tests give less); `dormant`: ask for nothing until ``activate()`` or
    /// ``missed()`` (see the type's notes).
    init(
        count: Int, sizeLimit: Int, byteWindow: Int = ReadAhead.byteWindow,
        directory: Int32 = AT_FDCWD, dormant: Bool = false,
        path: @escaping @Sendable (Int) -> String?
    ) {
        self.byteWindow = byteWindow
        awake = Atomic(!dormant)
        guard count > 0 else { return }
        // A queue of its own gets a thread of its own, not one of the workers' threads.
        let queue = DispatchQueue(label: "natoaz.read-ahead", qos: .userInitiated)
        queue.async(group: finished) { [self] in
            run(count, sizeLimit: sizeLimit, directory: directory, dormant: dormant, path: path)
        }
    }

    /// Starts asking for good (a dormant read-ahead); nothing if it has stopped.
    func activate() {
        activated.store(true, ordering: .sequentiallyConsistent)
        if !awake.exchange(true, ordering: .sequentiallyConsistent) { wake.signal() }
    }

    /// A worker found the file it took not (all) in the page cache: ``missesToStart`` of these
    /// within ``missWindow`` files taken wake a dormant read-ahead for a ``burst``.
    func missed() {
        if awake.load(ordering: .relaxed) { return }
        let taken = taken.load(ordering: .relaxed)
        let start = misses.withLock { misses -> Bool in
            if taken - misses.windowStart >= Self.missWindow { misses = (taken, 0) }
            misses.count += 1
            if misses.count < Self.missesToStart { return false }
            misses = (taken, 0)
            return true
        }
        if start, !awake.exchange(true, ordering: .sequentiallyConsistent) { wake.signal() }
    }

    /// A worker has taken the next file of the order given to `init`.
    func advance() {
        taken.wrappingAdd(1, ordering: .relaxed)
    }

    /// Stops asking and waits until the thread has returned.
    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        // A sleeping thread wakes, sees `stopped` and returns.
        if !awake.exchange(true, ordering: .sequentiallyConsistent) { wake.signal() }
        finished.wait()
    }

    /// Sleeps until woken; false if stopped. After a wake-up by misses, `burstEnd` is where to
    /// sleep again (``burst`` files past the workers); after ``activate()``, never.
    private func sleep(until burstEnd: inout Int) -> Bool {
        awake.store(false, ordering: .sequentiallyConsistent)
        // `stop()` or `activate()` may have found the thread awake and signalled nothing.
        if stopped.load(ordering: .sequentiallyConsistent) { return false }
        if activated.load(ordering: .sequentiallyConsistent) {
            burstEnd = Int.max
            return true
        }
        wake.wait()
        if stopped.load(ordering: .sequentiallyConsistent) { return false }
        burstEnd =
            activated.load(ordering: .sequentiallyConsistent)
            ? Int.max : taken.load(ordering: .relaxed) + Self.burst
        return true
    }

    private func run(
        _ count: Int, sizeLimit: Int, directory: Int32, dormant: Bool, path: (Int) -> String?
    ) {
        // The bytes asked for at each position, and those of the positions not yet taken.
        var asked = [Int](repeating: 0, count: count)
        var bytesAhead = 0
        var released = 0
        var position = 0
        var burstEnd = Int.max
        if dormant && !sleep(until: &burstEnd) { return }
        while position < count {
            if stopped.load(ordering: .relaxed) { return }
            let taken = taken.load(ordering: .relaxed)
            while released < min(taken, position) {
                bytesAhead -= asked[released]
                released += 1
            }
            if position < taken {
                // Behind the workers (they read from the page cache faster than this thread
                // opens files): a file a worker has taken is not worth asking for.
                position = taken
                continue
            }
            if position >= burstEnd {
                guard sleep(until: &burstEnd) else { return }
                continue
            }
            if position >= taken + Self.window || bytesAhead >= byteWindow {
                // A full window: wait until the workers have taken a batch of it, so that
                // this thread wakes up once per batch rather than once per file.
                while self.taken.load(ordering: .relaxed) < taken + Self.batch {
                    if stopped.load(ordering: .relaxed) { return }
                    var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
                    nanosleep(&pause, nil)
                }
                continue
            }
            if let path = path(position) {
                asked[position] = Self.ask(for: path, in: directory, sizeLimit: sizeLimit)
                bytesAhead += asked[position]
            }
            position += 1
        }
    }

    /// Opens `path` as `FileReader` does (no symbolic link followed: a link is read without
    /// help) and asks for its pages if it is a regular file within the limit: the bytes asked
    /// for (0 if none).
    private static func ask(for path: String, in directory: Int32, sizeLimit: Int) -> Int {
        let descriptor = openat(
            directory, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
            status.st_size <= sizeLimit
        else { return 0 }
        #if canImport(Glibc)
            guard posix_fadvise(descriptor, 0, 0, POSIX_FADV_WILLNEED) == 0 else { return 0 }
            return Int(status.st_size)
        #else
            return 0
        #endif
    }
}
