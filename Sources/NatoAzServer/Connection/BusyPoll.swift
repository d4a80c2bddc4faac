import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// One connection's busy-polling (the `busy-poll` setting): after answering, the event loop
/// keeps checking the connection's socket for a short window before it goes back to sleep in
/// `epoll_wait`, so that the next request of a client asking one request at a time is read
/// without a sleep and a wake-up of the event loop's thread.
///
/// Why: on a VM a CPU with nothing to run halts, and a request for a thread asleep on a
/// halted CPU must wake that CPU through the host (an inter-processor interrupt). At one
/// connection without pipelining that was about half of the 40 µs round trip on the 2-vCPU
/// development VM (8.6 µs with client and server on one CPU). Go's scheduler spins before it
/// parks a thread, and Linux polls NIC queues (`SO_BUSY_POLL`) for the same reason; the
/// kernel's busy polling does not apply to Unix sockets, so the daemon does it itself.
///
/// Its bounds (the idle daemon, or one asked every few milliseconds, must not burn a CPU):
/// - a spin only follows an answer, and only while the connection is the only one on its
///   event loop (a spin watches one socket: another connection's requests would wait), has
///   nothing in flight on the workers and is reading;
/// - it lasts at most `window`; between checks the thread yields the CPU, and the spin ends
///   as soon as another thread took the CPU (the client may share it: a spin would only
///   delay it, and a busy machine has no idle CPU to spend);
/// - a spin that ends without catching a request makes the next 1, 2, 4, ... 64 answers
///   skip theirs, so a client asking every few milliseconds costs about one window per 64
///   answers; a request caught by a spin ends that back-off. A request already there when
///   the spin begins counts as not caught: its client shares this CPU or pipelines, and
///   gains nothing from a spin.
struct BusyPoll {
    /// How long one spin may last, in nanoseconds.
    let window: UInt64
    /// The connection's socket, found on the first spin.
    private var descriptor = Descriptor.unknown
    /// Answers that skip their spin before the next one spins.
    private var skipped = 0
    /// Answers the next failed spin makes skip (doubles up to `maxSkip`).
    private var penalty = 0
    /// The event loop's connection count, while this connection is counted in it.
    private(set) var loopConnections: LoopConnections?

    private enum Descriptor {
        case unknown
        case found(CInt)
        case unavailable
    }

    /// The most answers one failed spin makes skip theirs.
    static let maxSkip = 64

    /// A spin of at most `window` per answer; nil when `window` is zero (off).
    init?(window: Duration) {
        let (seconds, attoseconds) = window.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        guard nanoseconds > 0 else { return nil }
        self.window = UInt64(nanoseconds)
    }

    /// Counts the connection in its event loop's connections (from `channelActive`).
    mutating func opened() {
        let connections = LoopConnections.current
        connections.count += 1
        loopConnections = connections
    }

    /// Takes the connection out of its event loop's count (from `channelInactive`).
    mutating func closed() {
        loopConnections?.count -= 1
        loopConnections = nil
    }

    /// After an answer was flushed: spins until the socket has a request (or is closed),
    /// the window passes, or another thread takes the CPU, unless backing off. Returns what
    /// ended it, nil when it did not spin.
    @discardableResult
    mutating func spin(on channel: any Channel) -> Outcome? {
        guard let connections = loopConnections, connections.count == 1, takeTurn() else {
            return nil
        }
        let fd: CInt
        switch descriptor {
        case .found(let found): fd = found
        case .unavailable: return nil
        case .unknown:
            guard let found = Self.descriptor(of: channel) else {
                descriptor = .unavailable
                return nil
            }
            descriptor = .found(found)
            fd = found
        }
        let outcome = Self.spin(descriptor: fd, window: window)
        record(outcome)
        return outcome
    }

    /// Whether this answer may spin: not while backing off (each call counts one skip).
    mutating func takeTurn() -> Bool {
        guard skipped == 0 else {
            skipped -= 1
            return false
        }
        return true
    }

    /// Backs off after a spin that did not catch a request, twice as long as after the
    /// previous one; a caught request ends the back-off.
    mutating func record(_ outcome: Outcome) {
        if outcome == .request {
            penalty = 0
        } else {
            penalty = min(max(1, penalty * 2), Self.maxSkip)
            skipped = penalty
        }
    }

    /// What ended a spin.
    enum Outcome: Equatable {
        /// The socket became readable (a request, or the peer closed) while spinning.
        case request
        /// The socket was readable at once: the client asked again before the spin began,
        /// so it runs on this CPU (it preempted the answer's write) or pipelines, and a spin
        /// would not have saved a wake-up.
        case readableAtOnce
        /// The window passed.
        case windowPassed
        /// Another thread ran on this CPU meanwhile.
        case cpuTaken
    }

    /// Polls `descriptor` without blocking until it is readable, for at most `window`
    /// nanoseconds, yielding the CPU between polls and stopping once another thread took it.
    static func spin(descriptor: CInt, window: UInt64) -> Outcome {
        // Readable, hung up or failed: NIO's next `epoll_wait` returns at once and handles it.
        var socket = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        if poll(&socket, 1, 0) != 0 { return .readableAtOnce }
        let start = NIODeadline.now().uptimeNanoseconds
        var usage = rusage()
        getrusage(Self.thisThread, &usage)
        let switches = usage.ru_nivcsw
        while true {
            sched_yield()
            getrusage(Self.thisThread, &usage)
            // A yield that ran another thread, or a preemption, counts here: whatever ran
            // (the client itself, perhaps) needed this CPU, and gets it without a spin next
            // time.
            if usage.ru_nivcsw != switches { return .cpuTaken }
            if poll(&socket, 1, 0) != 0 { return .request }
            if NIODeadline.now().uptimeNanoseconds &- start >= window { return .windowPassed }
        }
    }

    /// `RUSAGE_THREAD` (Glibc declares it only with `_GNU_SOURCE`).
    private static let thisThread: __rusage_who_t = 1

    /// The file descriptor of a socket channel, or nil. NIO does not expose it: the socket's
    /// cookie (`SO_COOKIE`, unique per socket while the system runs) is read through NIO's
    /// socket options, then matched among this process's descriptors (`/proc/self/fd`). The
    /// match stays this channel's for as long as it is open (NIO does not `dup` its
    /// sockets), and a spin only runs while it is.
    static func descriptor(of channel: any Channel) -> CInt? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        var wanted: UInt64?
        provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_COOKIE)
        ).assumeIsolated().whenSuccess { (cookie: UInt64) in wanted = cookie }
        // On the channel's event loop the option is read at once.
        guard let wanted, let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let number = withUnsafeBytes(of: entry.pointee.d_name) { name in
                Int32(String(decoding: name.prefix { $0 != 0 }, as: UTF8.self))
            }
            guard let fd = number, cookie(of: fd) == wanted else { continue }
            return fd
        }
        return nil
    }

    private static func cookie(of fd: CInt) -> UInt64? {
        var cookie: UInt64 = 0
        var length = socklen_t(MemoryLayout<UInt64>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &length) == 0 else { return nil }
        return cookie
    }
}

/// The connections open on one event loop, counted by those that busy-poll: a spin watches
/// its own socket only, so it runs only while its connection is its loop's only one.
/// One per event loop thread; read and changed only on that thread.
final class LoopConnections: @unchecked Sendable {
    var count = 0

    private static let perThread = ThreadSpecificVariable<LoopConnections>()

    /// The calling event loop thread's count.
    static var current: LoopConnections {
        if let existing = perThread.currentValue { return existing }
        let created = LoopConnections()
        perThread.currentValue = created
        return created
    }
}
