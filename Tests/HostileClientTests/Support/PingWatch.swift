import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Synchronization

/// Connections that ping a daemon in a loop while something else happens, each keeping its
/// slowest round trip: whether an attack on one connection held the others of its event
/// loop. Eight connections, so that some share the attacker's loop whatever their number.
struct PingWatch {
    /// Runs `attack` while eight connections ping, `settle` seconds after they start; returns
    /// the slowest handshake or ping and how long `attack` took. Throws when a pinger failed.
    static func during(
        _ socketPath: String, settle: Double = 0.5, _ attack: () throws -> Void
    ) throws -> (slowest: Duration, attack: Duration) {
        let stop = Atomic<Bool>(false)
        let slowest = Mutex<[Duration]>([])
        let failures = Mutex<[String]>([])
        let pingers = (0..<8).map { number in
            Thread {
                let clock = ContinuousClock()
                let connecting = clock.now
                guard let pinger = try? ProtocolClient.connected(to: socketPath) else {
                    failures.withLock { $0.append("pinger \(number) could not connect") }
                    return
                }
                var worst = clock.now - connecting
                while !stop.load(ordering: .relaxed) {
                    let started = clock.now
                    do {
                        let response = try pinger.call(.ping(PingRequest()))
                        if response.error != nil {
                            failures.withLock { $0.append("pinger \(number): \(response)") }
                        }
                    } catch {
                        failures.withLock { $0.append("pinger \(number): \(error)") }
                        break
                    }
                    worst = max(worst, clock.now - started)
                    Thread.sleep(forTimeInterval: 0.002)
                }
                slowest.withLock { $0.append(worst) }
            }
        }
        for pinger in pingers { pinger.start() }
        Thread.sleep(forTimeInterval: settle)
        let clock = ContinuousClock()
        let started = clock.now
        var attackError: (any Error)?
        do { try attack() } catch { attackError = error }
        let attack = clock.now - started
        Thread.sleep(forTimeInterval: 0.1)
        stop.store(true, ordering: .relaxed)
        while slowest.withLock({ $0.count }) + failures.withLock({ $0.count }) < pingers.count {
            Thread.sleep(forTimeInterval: 0.01)
        }
        if let attackError { throw attackError }
        let problems = failures.withLock { $0 }
        guard problems.isEmpty else { throw TestFailure("\(problems.prefix(3))") }
        return (slowest.withLock { $0.max() } ?? .zero, attack)
    }
}
