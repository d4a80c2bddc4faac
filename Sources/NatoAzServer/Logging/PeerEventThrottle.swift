import Synchronization

/// Bounds the log lines that peers can cause: a refused connection, a handshake that never
/// came, a bad frame. Each kind of event is logged at most ``burst`` times per ``window``;
/// the rest are counted, and the next line of that kind logged says how many were not.
///
/// Session 14's QA: one local client that held the connection limit and connected in a
/// loop made natoazd log 44,260 `connection refused` warnings in 4 s (11,000 a second, 4 MB
/// of log). journald drops a service's messages beyond 10,000 in 30 s by default, the ones
/// that matter among them. The counters of `natoazctl stats` (`connectionsRejected`, the
/// error codes) still count every event.
final class PeerEventThrottle: Sendable {
    /// The events a peer can cause at will, one line each.
    enum Event: Int, CaseIterable {
        case refusedAtLimit, handshakeTimeout, badFrame, frameTimeout, unreadablePayload
        case notReading
    }

    /// What to log for one event.
    struct Admission: Equatable {
        /// Lines of this kind not logged since the last one that was.
        var suppressed: Int
        /// This line uses up the window's burst: the next ones are counted until it ends.
        var lastOfBurst: Bool

        /// The metadata saying so (empty when nothing was or will be left out).
        var metadata: [(String, String)] {
            var fields: [(String, String)] = []
            if suppressed > 0 { fields.append(("not_logged_since_last", "\(suppressed)")) }
            if lastOfBurst { fields.append(("throttled", "more like it are counted, not logged")) }
            return fields
        }
    }

    private struct Window {
        var start: ContinuousClock.Instant
        var logged = 0
        var suppressed = 0
    }

    let burst: Int
    let window: Duration
    private let windows: Mutex<[Window]>

    init(burst: Int = 20, window: Duration = .seconds(10)) {
        precondition(burst > 0)
        self.burst = burst
        self.window = window
        let start = ContinuousClock.now
        windows = Mutex(Event.allCases.map { _ in Window(start: start) })
    }

    /// Whether to log this `event` now, and what to add to its line; nil to count it only.
    func admit(_ event: Event, now: ContinuousClock.Instant = .now) -> Admission? {
        windows.withLock { windows in
            var current = windows[event.rawValue]
            defer { windows[event.rawValue] = current }
            if now - current.start >= window {
                current.start = now
                current.logged = 0
            }
            guard current.logged < burst else {
                current.suppressed += 1
                return nil
            }
            current.logged += 1
            let admission = Admission(
                suppressed: current.suppressed, lastOfBurst: current.logged == burst)
            current.suppressed = 0
            return admission
        }
    }
}
