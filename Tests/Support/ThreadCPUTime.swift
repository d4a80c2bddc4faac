import Glibc

/// The calling thread's CPU time around a piece of work, for tests that bound how much work a
/// hostile input costs (linear, not quadratic): unlike wall time it does not grow when the
/// machine is busy. A wall-clock bound of 6 s failed at load average 10 on 1.5 s of work
/// (CombiningMarkSpellingsTests, session 19). The work must run on the calling thread.
public enum ThreadCPUTime {
    /// Runs `body` and returns its result with the CPU time this thread spent in it.
    public static func measure<T>(_ body: () throws -> T) rethrows -> (result: T, cpu: Duration) {
        let start = now()
        let result = try body()
        return (result, now() - start)
    }

    private static func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
