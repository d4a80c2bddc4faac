import Dispatch
import NIOCore
import NatoAzCorpus
import Synchronization

/// The one build of a generation's entity index, and the requests waiting for it.
///
/// Detecting names reads every body, which at 100k articles takes longer than a request's
/// default deadline, so the daemon builds the index on a worker as soon as a generation
/// serves. A request arriving meanwhile must not hold a second worker while it waits: with the
/// default of one worker per core that would stall every search behind the build. So the
/// daemon claims the build before it runs it, and requests arriving while it is claimed wait
/// on a future (``ready(on:)``) instead of a thread.
final class EntityIndexBuild: Sendable {
    private enum State {
        case notClaimed
        case claimed(waiters: [@Sendable (EntityIndex) -> Void])
        case built(EntityIndex)
    }

    private let state = Mutex<State>(.notClaimed)
    private let make: @Sendable () -> EntityIndex

    init(_ make: @escaping @Sendable () -> EntityIndex) {
        self.make = make
    }

    /// Claims the build for the caller, who must then call ``run()``; false when it was
    /// claimed before (or is done).
    func claim() -> Bool {
        state.withLock { state in
            guard case .notClaimed = state else { return false }
            state = .claimed(waiters: [])
            return true
        }
    }

    /// Builds the index (blocking; on a worker), keeps it, and hands it to every waiter.
    /// Only the caller of a successful ``claim()`` may call it.
    @discardableResult
    func run() -> EntityIndex {
        let index = make()
        let waiters = state.withLock { state in
            guard case .claimed(let waiters) = state else {
                preconditionFailure("EntityIndexBuild.run() without a claim")
            }
            state = .built(index)
            return waiters
        }
        for waiter in waiters { waiter(index) }
        return index
    }

    /// Nil when the index is built or nobody has claimed its build (a worker may then use
    /// ``index`` right away); else a future that succeeds on `eventLoop` once it is built.
    func ready(on eventLoop: any EventLoop) -> EventLoopFuture<Void>? {
        state.withLock { state -> EventLoopFuture<Void>? in
            guard case .claimed(var waiters) = state else { return nil }
            let promise = eventLoop.makePromise(of: Void.self)
            waiters.append { _ in promise.succeed() }
            state = .claimed(waiters: waiters)
            return promise.futureResult
        }
    }

    /// The index; blocking. Builds it on this thread if nobody has claimed the build, and
    /// waits for the build when another thread runs it.
    var index: EntityIndex {
        enum Next {
            case have(EntityIndex)
            case build
            case wait(DispatchSemaphore)
        }
        let next = state.withLock { state -> Next in
            switch state {
            case .built(let index):
                return .have(index)
            case .notClaimed:
                state = .claimed(waiters: [])
                return .build
            case .claimed(var waiters):
                let done = DispatchSemaphore(value: 0)
                waiters.append { _ in done.signal() }
                state = .claimed(waiters: waiters)
                return .wait(done)
            }
        }
        switch next {
        case .have(let index):
            return index
        case .build:
            return run()
        case .wait(let done):
            done.wait()
            return state.withLock { state in
                guard case .built(let index) = state else {
                    preconditionFailure("EntityIndexBuild woke a waiter before the index was built")
                }
                return index
            }
        }
    }
}
