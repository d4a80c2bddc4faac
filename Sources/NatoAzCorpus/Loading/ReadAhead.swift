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

    private let byteWindow: Int
    private let taken = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchGroup()

    /// Starts asking for `count` files in the order the workers will take them: `path(n)` is
    /// the path of the n-th (nil: not to be asked for, e.g. not a regular file); `sizeLimit`
    /// as `LoadOptions.maxFileBytes`; `byteWindow` as ``byteWindow`` (tests give less).
    init(
        count: Int, sizeLimit: Int, byteWindow: Int = ReadAhead.byteWindow,
        path: @escaping @Sendable (Int) -> String?
    ) {
        self.byteWindow = byteWindow
        guard count > 0 else { return }
        // A queue of its own gets a thread of its own, not one of the workers' threads.
        let queue = DispatchQueue(label: "natoaz.read-ahead", qos: .userInitiated)
        queue.async(group: finished) { [self] in
            run(count, sizeLimit: sizeLimit, path: path)
        }
    }

    /// A worker has taken the next file of the order given to `init`.
    func advance() {
        taken.wrappingAdd(1, ordering: .relaxed)
    }

    /// Stops asking and waits until the thread has returned.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }

    private func run(_ count: Int, sizeLimit: Int, path: (Int) -> String?) {
        // The bytes asked for at each position, and those of the positions not yet taken.
        var asked = [Int](repeating: 0, count: count)
        var bytesAhead = 0
        var released = 0
        var position = 0
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
                asked[position] = Self.ask(for: path, sizeLimit: sizeLimit)
                bytesAhead += asked[position]
            }
            position += 1
        }
    }

    /// Opens `path` as `FileReader` does (no symbolic link followed: a link is read without
    /// help) and asks for its pages if it is a regular file within the limit: the bytes asked
    /// for (0 if none).
    private static func ask(for path: String, sizeLimit: Int) -> Int {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW)
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
