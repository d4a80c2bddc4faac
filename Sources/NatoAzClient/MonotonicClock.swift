import Glibc

/// Microseconds on the monotonic clock, for measuring how long an exchange took.
public enum MonotonicClock {
    /// Now, in microseconds since an arbitrary fixed point.
    public static func microseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000 &+ UInt64(spec.tv_nsec) / 1_000
    }
}
