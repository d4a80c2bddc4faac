public import NIOCore
public import NIOPosix
import Synchronization

/// Hands long requests to the worker threads one client at a time, in turn, so that one
/// connection with many queued searches cannot starve the others.
///
/// `NIOThreadPool` alone is first come, first served: a client that pipelines a hundred
/// expensive searches would make every other client wait for all of them. Here each client has
/// its own queue and the workers take from the clients in rotation:
///
/// ```
///   client A: a1 a2 a3 a4 ─┐
///   client B: b1 ──────────┼─▶ a1 b1 c1 a2 c2 a3 a4 ─▶ at most `width` running at once
///   client C: c1 c2 ───────┘
/// ```
///
/// When a client goes away its queued jobs are dropped, not run: each is told it was abandoned
/// (`WorkAbandoned`) so that whoever waits on it still gets exactly one outcome. A client that
/// is paused (it does not read the answers it already has) keeps its queue but gets no turns
/// until it is resumed, so work whose answers would only pile up does not take the workers
/// from clients that read.
public final class FairWorkQueue: Sendable {
    /// One unit of work: `run` on a worker, or `fail` with the reason it will never run.
    struct Job: Sendable {
        let run: @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    /// Who queued the work; jobs of the same client run in the order they were queued.
    public struct Client: Hashable, Sendable {
        let value: UInt64
    }

    private struct State {
        var queues: [Client: CircularBuffer<Job>] = [:]
        /// Clients with queued jobs, in the order they get their next turn.
        var turns = CircularBuffer<Client>()
        /// Clients whose queued jobs wait for `resume`; never in `turns`.
        var paused: Set<Client> = []
        var running = 0
        var nextClient: UInt64 = 0
        /// The time jobs ran since the queue was last idle, summed over the workers.
        var busySinceIdle: Duration = .zero
    }

    private let pool: NIOThreadPool
    private let width: Int
    private let whenIdle: (@Sendable (_ busy: Duration) -> Void)?
    private let state = Mutex(State())

    /// - Parameters:
    ///   - pool: the worker threads the jobs run on;
    ///   - width: how many jobs run at once, normally the pool's number of threads;
    ///   - whenIdle: called on a worker thread each time the last running job ends with
    ///     nothing queued, with the time the jobs ran since the previous call (summed over
    ///     the workers): the moment to tidy up after a burst of work without delaying any.
    public init(
        pool: NIOThreadPool, width: Int,
        whenIdle: (@Sendable (_ busy: Duration) -> Void)? = nil
    ) {
        precondition(width > 0, "a work queue needs at least one running slot")
        self.pool = pool
        self.width = width
        self.whenIdle = whenIdle
    }

    /// A new client identity, for a connection that will queue work.
    public func newClient() -> Client {
        state.withLock { state in
            defer { state.nextClient += 1 }
            return Client(value: state.nextClient)
        }
    }

    /// Runs `body` on a worker in `client`'s turn; the future fails with `WorkAbandoned` if the
    /// client's queue is dropped first, or with the pool's error if it is shutting down.
    public func run<Value: Sendable>(
        for client: Client, on eventLoop: any EventLoop,
        _ body: @escaping @Sendable () throws -> Value
    ) -> EventLoopFuture<Value> {
        let promise = eventLoop.makePromise(of: Value.self)
        let job = Job(
            run: { promise.completeWith(Result { try body() }) },
            fail: { promise.fail($0) })
        enqueue(job, for: client)
        return promise.futureResult
    }

    /// Drops every job `client` has queued and not yet started; returns how many.
    @discardableResult
    public func dropQueued(of client: Client) -> Int {
        let dropped = state.withLock { state -> CircularBuffer<Job> in
            state.paused.remove(client)
            guard let queue = state.queues.removeValue(forKey: client) else { return [] }
            if let turn = state.turns.firstIndex(of: client) { state.turns.remove(at: turn) }
            return queue
        }
        for job in dropped { job.fail(WorkAbandoned()) }
        return dropped.count
    }

    /// Gives `client` no more turns until `resume`: its queued and later jobs wait (jobs
    /// already running finish). For a connection whose answers are not being read: running
    /// its backlog would only buffer more of them, at the other clients' expense.
    public func pause(_ client: Client) {
        state.withLock { state in
            guard state.paused.insert(client).inserted else { return }
            if let turn = state.turns.firstIndex(of: client) { state.turns.remove(at: turn) }
        }
    }

    /// Gives `client` turns again, behind the clients already waiting for theirs.
    public func resume(_ client: Client) {
        let resumed = state.withLock { state -> Bool in
            guard state.paused.remove(client) != nil else { return false }
            if state.queues[client] != nil { state.turns.append(client) }
            return true
        }
        if resumed { startWhatFits() }
    }

    /// Jobs queued and not started, over all clients (for tests and stats).
    public var queuedCount: Int {
        state.withLock { state in state.queues.values.reduce(0) { $0 + $1.count } }
    }

    private func enqueue(_ job: Job, for client: Client) {
        state.withLock { state in
            if state.queues[client] == nil {
                state.queues[client] = CircularBuffer()
                if !state.paused.contains(client) { state.turns.append(client) }
            }
            state.queues[client]!.append(job)
        }
        startWhatFits()
    }

    /// Starts the next jobs in turn while fewer than `width` run.
    private func startWhatFits() {
        while let job = takeNextTurn() {
            pool.submit { workState in
                let clock = ContinuousClock()
                let started = clock.now
                if case .active = workState {
                    job.run()
                } else {
                    job.fail(NIOThreadPoolError.ThreadPoolInactive())
                }
                let ran = clock.now - started
                let idleAfter = self.state.withLock { state -> Duration? in
                    state.running -= 1
                    state.busySinceIdle += ran
                    guard state.running == 0, state.turns.isEmpty else { return nil }
                    defer { state.busySinceIdle = .zero }
                    return state.busySinceIdle
                }
                self.startWhatFits()
                if let busy = idleAfter, let whenIdle = self.whenIdle { whenIdle(busy) }
            }
        }
    }

    private func takeNextTurn() -> Job? {
        state.withLock { state -> Job? in
            guard state.running < width, let client = state.turns.popFirst() else { return nil }
            let job = state.queues[client]!.removeFirst()
            if state.queues[client]!.isEmpty {
                state.queues[client] = nil
            } else {
                state.turns.append(client)
            }
            state.running += 1
            return job
        }
    }
}

/// The work was dropped before it started, because the client that queued it went away.
public struct WorkAbandoned: Error, Sendable {}
