import NIOCore
import Synchronization

/// The open connections, so shutdown can ask each to drain and, past the bound, close it.
final class ConnectionRegistry: Sendable {
    /// Sent down a connection's pipeline when the server shuts down.
    struct DrainEvent: Sendable {}
    /// Sent when the shutdown bound has passed with requests still in flight.
    struct ShutdownTimeoutEvent: Sendable {}

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
