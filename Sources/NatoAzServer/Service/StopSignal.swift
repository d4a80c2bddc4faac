import Synchronization
public import UnixSignals

/// The first SIGTERM or SIGINT the process receives, from start-up to exit.
///
/// There can be only one handler per signal, and a stop request must be honoured in every
/// phase: while the corpus loads (before any service runs) and while serving. So the signals
/// are trapped once, as early as possible, and whoever cares registers a callback: the
/// start-up code races the load against it, then `StopOnSignal` turns it into the service
/// group's graceful shutdown. A callback registered after the signal runs at once.
public final class StopSignal: Sendable {
    private enum State {
        case waiting([@Sendable (UnixSignal) -> Void])
        case received(UnixSignal)
    }

    private let state = Mutex(State.waiting([]))
    private let listener = Mutex<Task<Void, Never>?>(nil)

    /// Traps SIGTERM and SIGINT: from now on they no longer kill the process.
    public init() async {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let task = Task { [weak self] in
            for await signal in signals {
                self?.deliver(signal)
            }
        }
        listener.withLock { $0 = task }
    }

    private func deliver(_ signal: UnixSignal) {
        let callbacks = state.withLock { state -> [@Sendable (UnixSignal) -> Void] in
            guard case .waiting(let callbacks) = state else { return [] }
            state = .received(signal)
            return callbacks
        }
        for callback in callbacks { callback(signal) }
    }

    deinit {
        listener.withLock { $0?.cancel() }
    }

    /// The signal received, if any.
    public var received: UnixSignal? {
        state.withLock { state in
            guard case .received(let signal) = state else { return nil }
            return signal
        }
    }

    /// Runs `action` once, on the first stop signal (at once if it already came).
    public func whenReceived(_ action: @escaping @Sendable (UnixSignal) -> Void) {
        let already = state.withLock { state -> UnixSignal? in
            switch state {
            case .waiting(var callbacks):
                callbacks.append(action)
                state = .waiting(callbacks)
                return nil
            case .received(let signal):
                return signal
            }
        }
        if let already { action(already) }
    }

    /// The first stop signal as a one-element sequence (empty if iteration is cancelled).
    public var first: AsyncStream<UnixSignal> {
        AsyncStream { continuation in
            whenReceived { signal in
                continuation.yield(signal)
                continuation.finish()
            }
        }
    }
}
