import Synchronization

/// Closes once the daemon has begun to shut down, after which work that would start something
/// new is skipped.
///
/// A reload cannot be interrupted: one that finishes after the service group has stopped
/// would otherwise queue the new generation's deferred builds on a worker pool and event loop
/// that are shutting down (a promise nobody can fulfil: SwiftNIO traps on it in debug builds)
/// and tell systemd READY=1 after STOPPING=1. The check and the work run under one lock, so
/// whatever starts before ``close()`` returns is queued while the pool still takes work, and
/// nothing starts after.
final class ShutdownLatch: Sendable {
    private let closed = Mutex(false)

    /// Runs `body` unless the latch is closed; returns whether it ran.
    @discardableResult
    func unlessClosed(_ body: () -> Void) -> Bool {
        closed.withLock { closed in
            guard !closed else { return false }
            body()
            return true
        }
    }

    /// From now on ``unlessClosed(_:)`` runs nothing; waits for a body already running.
    func close() {
        closed.withLock { $0 = true }
    }
}
