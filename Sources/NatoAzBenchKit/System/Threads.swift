import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs `body(index)` for `index` in `0..<count`, each on its own POSIX thread, and returns when
/// all have finished.
///
/// The load driver needs blocking threads for its connections (no event loop, no Foundation), and
/// the generator one per core; Swift's cooperative pool is the wrong place for blocking `write`s.
/// If the system refuses a thread, that share of the work runs on the calling thread instead.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    var threads: [pthread_t] = []
    var inline: [Int] = []
    for index in 0..<count {
        let start = Unmanaged.passRetained(ThreadStart { body(index) }).toOpaque()
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let status = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<ThreadStart>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, start)
        if status == 0 {
            #if canImport(Glibc)
                threads.append(thread)
            #else
                if let thread { threads.append(thread) }
            #endif
        } else {
            Unmanaged<ThreadStart>.fromOpaque(start).release()
            inline.append(index)
        }
    }
    for index in inline { body(index) }
    for thread in threads { pthread_join(thread, nil) }
}

/// A POSIX thread running one closure, joined explicitly; for work that must not wait for a
/// free thread of Swift's cooperative pool (a server thread in a test, for example).
final class PosixThread: Sendable {
    private final class Flag: Sendable {
        let value = Mutex<Bool>(false)
    }
    private let finished = Flag()

    init(_ body: @escaping @Sendable () -> Void) {
        let finished = self.finished
        let start = Unmanaged.passRetained(
            ThreadStart {
                body()
                finished.value.withLock { $0 = true }
            }
        ).toOpaque()
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let status = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<ThreadStart>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, start)
        if status == 0 {
            #if canImport(Glibc)
                pthread_detach(thread)
            #else
                if let thread { pthread_detach(thread) }
            #endif
        } else {
            Unmanaged<ThreadStart>.fromOpaque(start).takeRetainedValue().body()
        }
    }

    /// Waits until the closure has returned.
    func join() {
        while !finished.value.withLock({ $0 }) {
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&pause, nil)
        }
    }
}

private final class ThreadStart: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// Nanoseconds on the monotonic clock.
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// The text of an errno value.
func errnoDescription(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text)
}
