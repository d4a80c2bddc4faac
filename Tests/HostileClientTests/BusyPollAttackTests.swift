import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// `--busy-poll` on (off by default, so no other hostile case runs it): after each answer the
/// event loop polls the connection's socket, and counts its connections to spin only for a
/// lone one. Clients that go away in every way while it spins, and one that pipelines, must
/// leave the daemon answering correctly, with no connection or memory left behind.
@Suite("Hostile clients: busy-poll", .hangGuard)
struct BusyPollAttackTests {
    @Test("clients closing, half-closing or cutting frames in the spin window; a pipeliner")
    func closesDuringSpins() throws {
        // The longest window (1 ms): what each client does next lands inside a spin.
        let daemon = try Daemon(arguments: Daemon.hostileFlags(["--busy-poll": "1ms"]))
        let baseline = try daemon.baseline()
        for round in 0..<60 {
            let client = try ProtocolClient.connected(to: daemon.socketPath)
            #expect(try client.call(.ping(PingRequest())).errorCode == nil)
            let frame = try client.codec.encodeFrame(
                Request(id: 99, body: .ping(PingRequest(payload: [UInt8(round)]))))
            switch round % 5 {
            case 0:
                client.socket.close()
            case 1:
                _ = try client.socket.send(frame)
                client.socket.close()
            case 2:
                _ = try client.socket.send(frame)
                client.socket.shutdownWrite()
                let responses = try client.receiveUntilClosed()
                #expect(responses.first?.id == 99, "round \(round): \(responses)")
            case 3:
                _ = try client.socket.send(Array(frame.prefix(3)))
                Thread.sleep(forTimeInterval: 0.0002)
                _ = try client.socket.send(Array(frame.dropFirst(3)))
                let response = try client.receive()
                guard case .ping(let ping)? = response.body else {
                    Issue.record("round \(round): \(response)")
                    continue
                }
                #expect(response.id == 99 && ping.payload == [UInt8(round)])
                client.socket.close()
            default:
                _ = try client.socket.send(Array(frame.prefix(1 + round % 7)))
                client.socket.close()
            }
        }

        let pipeliner = try ProtocolClient.connected(to: daemon.socketPath)
        var stream: [UInt8] = []
        for id in 1...500 {
            stream += try pipeliner.codec.encodeFrame(
                Request(id: UInt64(id), body: .ping(PingRequest())))
        }
        _ = try pipeliner.socket.send(stream)
        for id in 1...500 {
            let response = try pipeliner.receive()
            #expect(response.id == UInt64(id) && response.errorCode == nil)
            if response.id != UInt64(id) { break }
        }
        for _ in 0..<100 {
            #expect(try pipeliner.call(.ping(PingRequest())).errorCode == nil)
        }
        pipeliner.socket.close()
        try daemon.checkHealthy(after: baseline)
    }
}
