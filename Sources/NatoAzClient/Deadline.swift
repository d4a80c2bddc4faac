import Glibc

/// A point on the monotonic clock by which an operation must finish.
///
/// Wall-clock jumps (NTP, a suspended laptop) must not shorten or stretch a client's timeout,
/// so this reads `CLOCK_MONOTONIC`.
public struct Deadline: Sendable, Hashable {
    /// Nanoseconds on the monotonic clock; `nil` means "never".
    private let nanoseconds: UInt64?

    /// A deadline that never passes.
    public static let never = Deadline(nanoseconds: nil)

    private init(nanoseconds: UInt64?) {
        self.nanoseconds = nanoseconds
    }

    /// The deadline `seconds` from now; zero, negative or non-finite values mean no deadline.
    public static func after(seconds: Double) -> Deadline {
        guard seconds.isFinite, seconds > 0 else { return .never }
        let delta = seconds >= 1e9 ? UInt64(1e18) : UInt64(seconds * 1e9)
        return Deadline(nanoseconds: Self.now() &+ delta)
    }

    /// Whether the deadline has passed.
    public var hasPassed: Bool {
        guard let nanoseconds else { return false }
        return Self.now() >= nanoseconds
    }

    /// Milliseconds left, rounded up, clamped for `poll(2)`; -1 (wait forever) for `never`.
    public var pollTimeout: Int32 {
        guard let nanoseconds else { return -1 }
        let now = Self.now()
        guard nanoseconds > now else { return 0 }
        let milliseconds = (nanoseconds - now + 999_999) / 1_000_000
        return Int32(clamping: milliseconds)
    }

    /// Milliseconds left, rounded up (at least 1 while the deadline is ahead); 0 for `never`.
    /// This is the relative deadline the protocol carries in each request.
    public var remainingMilliseconds: UInt64 {
        guard let nanoseconds else { return 0 }
        let now = Self.now()
        guard nanoseconds > now else { return 1 }
        return (nanoseconds - now + 999_999) / 1_000_000
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
