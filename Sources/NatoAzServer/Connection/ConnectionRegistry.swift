import NIOCore
import Synchronization

/// The open connections, so shutdown can ask each to drain and, past the bound, close it.
final class ConnectionRegistry: Sendable {
    /// Sent down a connection's pipeline when the server shuts down.
    struct DrainEvent: Sendable {}
    /// Sent when the shutdown bound has passed with requests still in flight.
    struct ShutdownTimeoutEvent: Sendable {}
    /// Sent by each idle sweep: a connection idle past the idle timeout closes.
    struct IdleCheckEvent: Sendable {}

    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        channels.withLock { $0[ObjectIdentifier(channel)] = channel }
    }

    func remove(_ channel: any Channel) {
        _ = channels.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    var count: Int { channels.withLock { $0.count } }

    /// Asks every connection to finish its requests in flight and close.
    func drainAll() {
        for channel in channels.withLock({ Array($0.values) }) {
            channel.pipeline.fireUserInboundEventTriggered(DrainEvent())
        }
    }

    /// Tells every connection the shutdown bound passed: answer what is left, close.
    func abandonAll() {
        for channel in channels.withLock({ Array($0.values) }) {
            channel.pipeline.fireUserInboundEventTriggered(ShutdownTimeoutEvent())
        }
    }

    /// Asks every connection whether it has been idle past the idle timeout: one task per
    /// event loop, which passes the event to each of its connections.
    func checkIdle() {
        let channels = channels.withLock { Array($0.values) }
        guard !channels.isEmpty else { return }
        var byLoop: [ObjectIdentifier: (loop: any EventLoop, channels: [any Channel])] = [:]
        for channel in channels {
            byLoop[ObjectIdentifier(channel.eventLoop), default: (channel.eventLoop, [])]
                .channels.append(channel)
        }
        for (loop, channels) in byLoop.values {
            loop.execute {
                for channel in channels {
                    channel.pipeline.fireUserInboundEventTriggered(IdleCheckEvent())
                }
            }
        }
    }

    /// How often `checkIdle` runs for an idle timeout: a quarter of it, between 10 ms and
    /// 1 s, so a connection is closed at most that long after its timeout passed.
    static func idleSweepInterval(for timeout: Duration) -> Duration {
        min(max(timeout / 4, .milliseconds(10)), .seconds(1))
    }

    /// Closes every connection now.
    func closeAll() {
        for channel in channels.withLock({ Array($0.values) }) {
            channel.close(promise: nil)
        }
    }

    /// Waits until every connection has closed or `timeout` passed; true when all closed.
    func waitUntilEmpty(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while count > 0 {
            if clock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}
