import Synchronization

/// Lets whoever asked for a long computation stop it: when the answer is no longer wanted
/// (`cancel()`, e.g. the client hung up) or past a deadline.
///
/// The computation polls ``isCancelled`` between steps and gives up early, so a search whose
/// answer nobody will read stops taking a worker thread from the requests still waiting.
/// Polling reads the clock; callers poll every few hundred steps, not every step.
public final class WorkCancellation: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let deadline: ContinuousClock.Instant?
    /// For tests: cancel at the n-th poll, to stop a computation at a chosen step.
    private let countsPolls: Bool
    private let pollsLeft: Atomic<Int>
    /// The deadline is a bound on the work, not the end of the client's interest: a
    /// computation it stops is answered with what it has found, marked truncated, instead of
    /// being thrown away.
    public let keepsPartialWork: Bool
    /// The server's bound on work (a request without a deadline of its own), counted from
    /// ``startWork()``; nil for none. A stopped computation's error names it.
    public let workLimit: Duration?
    /// ``workLimit`` from the start of the work: time queued behind other requests (a client
    /// pipelining 100 searches) does not count, or the later ones would fail unstarted.
    private let workDeadline = Mutex<ContinuousClock.Instant?>(nil)

    /// - Parameters:
    ///   - deadline: past this instant the work counts as cancelled; nil for none.
    ///   - keepsPartialWork: see ``keepsPartialWork``.
    ///   - workLimit: see ``workLimit``; it only counts once ``startWork()`` is called.
    public init(
        deadline: ContinuousClock.Instant? = nil, keepsPartialWork: Bool = false,
        workLimit: Duration? = nil
    ) {
        self.deadline = deadline
        self.keepsPartialWork = keepsPartialWork
        self.workLimit = workLimit
        countsPolls = false
        pollsLeft = Atomic(0)
    }

    /// Cancels itself at the `polls`-th read of ``isCancelled``.
    init(cancelAtPoll polls: Int, keepsPartialWork: Bool = false) {
        deadline = nil
        self.keepsPartialWork = keepsPartialWork
        workLimit = nil
        countsPolls = true
        pollsLeft = Atomic(polls)
    }

    /// Starts the clock of ``workLimit``, when the work begins (on its worker thread).
    public func startWork() {
        guard let workLimit else { return }
        let end = ContinuousClock.now + workLimit
        workDeadline.withLock { $0 = end }
    }

    /// Marks the work unwanted; the computation notices at its next poll.
    public func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    /// True once `cancel()` was called or the deadline has passed.
    public var isCancelled: Bool {
        if cancelled.load(ordering: .relaxed) { return true }
        if countsPolls, pollsLeft.subtract(1, ordering: .relaxed).newValue <= 0 {
            cancel()
            return true
        }
        guard let end = deadline ?? workDeadline.withLock({ $0 }), ContinuousClock.now >= end
        else { return false }
        cancel()
        return true
    }

    /// True if a poll of ``isCancelled`` has said so, or `cancel()` was called; reads no clock.
    /// For the caller that must know whether the computation it ran was cut short.
    public var wasCancelled: Bool {
        cancelled.load(ordering: .relaxed)
    }
}
