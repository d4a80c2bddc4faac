import Dispatch
import NIOCore
import NatoAzCorpus
import Synchronization

/// The one build of something a generation serves only after its load (the entity index,
/// Suggest and the frequency lists), and the requests waiting for it.
///
/// These parts read only the finished index (or every body), so the daemon builds them on a
/// worker as soon as a generation serves instead of holding back every load and reload;
/// searches are answered meanwhile. A request arriving meanwhile must not hold a second worker
/// while it waits: with the default of one worker per core that would stall every search
/// behind the build. So the daemon claims the build before it runs it, and requests arriving
/// while it is claimed wait on a future (``ready(on:)``) instead of a thread.
final class DeferredBuild<Value: Sendable>: Sendable {
    private enum State {
        /// `waiters` (see ``whenBuilt(_:)``) are called once it is built.
        case notClaimed(waiters: [@Sendable (Value) -> Void])
        case claimed(waiters: [@Sendable (Value) -> Void])
        case built(Value)
    }

    /// What a blocking reader does next.
    private enum Next {
        case have(Value)
        case build
        case wait(DispatchSemaphore)
    }

    private let state: Mutex<State>
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) {
        state = Mutex(.notClaimed(waiters: []))
        self.make = make
    }

    /// A build that is done already (`value` was restored, e.g. from an index snapshot):
    /// nobody can claim it, and readers get `value` at once.
    init(built value: Value) {
        state = Mutex(.built(value))
        make = { value }
    }

    /// Whether the value is built.
    var isBuilt: Bool {
        state.withLock { state in
            if case .built = state { return true }
            return false
        }
    }

    /// Claims the build for the caller, who must then call ``run()``; false when it was
    /// claimed before (or is done).
    func claim() -> Bool {
        state.withLock { state in
            guard case .notClaimed(let waiters) = state else { return false }
            state = .claimed(waiters: waiters)
            return true
        }
    }

    /// Builds the value (blocking; on a worker), keeps it, and hands it to every waiter.
    /// Only the caller of a successful ``claim()`` may call it.
    ///
    /// `beforeWaking` runs between the build and the waiters (e.g. to log it), so that nothing
    /// a waiter answers can overtake it.
    @discardableResult
    func run(beforeWaking: (Value) -> Void = { _ in }) -> Value {
        let value = make()
        beforeWaking(value)
        let waiters = state.withLock { state in
            guard case .claimed(let waiters) = state else {
                preconditionFailure("DeferredBuild.run() without a claim")
            }
            state = .built(value)
            return waiters
        }
        for waiter in waiters { waiter(value) }
        return value
    }

    /// Nil when the value is built or nobody has claimed its build (a worker may then use
    /// ``value`` right away); else a future that succeeds on `eventLoop` once it is built.
    func ready(on eventLoop: any EventLoop) -> EventLoopFuture<Void>? {
        state.withLock { state -> EventLoopFuture<Void>? in
            guard case .claimed(var waiters) = state else { return nil }
            let promise = eventLoop.makePromise(of: Void.self)
            waiters.append { _ in promise.succeed() }
            state = .claimed(waiters: waiters)
            return promise.futureResult
        }
    }

    /// Calls `action` with the value once it is built (at once, here, if it is), on the
    /// thread that built it, right after the requests waiting for it are woken. Whoever
    /// builds it; `action` neither claims nor starts the build.
    func whenBuilt(_ action: @escaping @Sendable (Value) -> Void) {
        let built = state.withLock { state -> Value? in
            switch state {
            case .built(let value):
                return value
            case .notClaimed(var waiters):
                waiters.append(action)
                state = .notClaimed(waiters: waiters)
            case .claimed(var waiters):
                waiters.append(action)
                state = .claimed(waiters: waiters)
            }
            return nil
        }
        if let built { action(built) }
    }

    /// The value; blocking. Builds it on this thread if nobody has claimed the build, and
    /// waits for the build when another thread runs it.
    var value: Value {
        let next = state.withLock { state -> Next in
            switch state {
            case .built(let value):
                return .have(value)
            case .notClaimed(let waiters):
                state = .claimed(waiters: waiters)
                return .build
            case .claimed(var waiters):
                let done = DispatchSemaphore(value: 0)
                waiters.append { _ in done.signal() }
                state = .claimed(waiters: waiters)
                return .wait(done)
            }
        }
        switch next {
        case .have(let value):
            return value
        case .build:
            return run()
        case .wait(let done):
            done.wait()
            return state.withLock { state in
                guard case .built(let value) = state else {
                    preconditionFailure("DeferredBuild woke a waiter before the value was built")
                }
                return value
            }
        }
    }
}

/// A generation's entity index build (name detection reads every body: longer than a
/// request's default deadline at 100k articles).
typealias EntityIndexBuild = DeferredBuild<EntityIndex>

extension DeferredBuild where Value == EntityIndex {
    /// The entity index; blocking (see ``value``).
    var index: EntityIndex { value }
}
