import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Synchronization
import Testing

/// Compressed frames that inflate to megabytes each, pipelined by one client, against the
/// other connections of the daemon's event loops.
@Suite("Hostile clients: inflation on the event loop", .hangGuard)
struct InflationStallTests {
    /// Session 15's QA: a 547-byte frame declaring 16 MiB was inflated on its connection's
    /// event loop for 20-70 ms, and all the frames of a read were inflated in one go: 40 of
    /// them, pipelined in one 22 KB write, held every other connection of that loop for the
    /// whole 1.1 s (each such connection's Ping waited that long). Now one connection's
    /// frames are inflated about 1 MiB per turn of the loop, the rest waiting for a later turn.
    @Test("frames inflating to 16 MiB each do not hold the other connections of their loop")
    func inflatingFramesDoNotHoldTheLoop() throws {
        let daemon = try Daemon()
        let baseline = try daemon.baseline()
        let attacker = try ProtocolClient.connected(to: daemon.socketPath, compression: true)
        let query = String(repeating: "n", count: (16 << 20) - 64)
        let count = 24
        var frames: [UInt8] = []
        for number in 0..<count {
            let request = Request(
                id: UInt64(100 + number), body: .search(SearchRequest(query: query)))
            frames += rawFrame(try ZstdCompressor().compress(request.encode()), flags: .compressed)
        }
        #expect(frames.count < count * 1_024)

        // Eight connections ping in a loop, so that some share the attacker's event loop
        // whatever the number of loops; each keeps its slowest round trip.
        let stop = Atomic<Bool>(false)
        let slowest = Mutex<[Duration]>([])
        let failures = Mutex<[String]>([])
        let path = daemon.socketPath
        let pingers = (0..<8).map { number in
            Thread {
                guard let pinger = try? ProtocolClient.connected(to: path) else {
                    failures.withLock { $0.append("pinger \(number) could not connect") }
                    return
                }
                let clock = ContinuousClock()
                var worst = Duration.zero
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
        Thread.sleep(forTimeInterval: 0.5)

        let clock = ContinuousClock()
        let started = clock.now
        try attacker.socket.send(frames)
        for _ in 0..<count {
            let response = try attacker.receive()
            #expect(response.errorCode == .invalidArgument)
        }
        let attack = clock.now - started
        Thread.sleep(forTimeInterval: 0.1)
        stop.store(true, ordering: .relaxed)
        while slowest.withLock({ $0.count }) + failures.withLock({ $0.count }) < pingers.count {
            Thread.sleep(forTimeInterval: 0.01)
        }

        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        // Before, a connection on the attacker's loop waited for the whole attack.
        let worst = slowest.withLock { $0.max() } ?? .zero
        #expect(worst < attack / 2, "slowest ping \(worst) during an attack of \(attack)")
        try daemon.checkHealthy(after: baseline, allowedGrowthKiB: 64 * 1024)
    }
}
