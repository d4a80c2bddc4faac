import Foundation
import NIOCore
import NIOPosix
import NatoAzProtocol
import NatoAzTestSupport
import Testing

@testable import NatoAzServer

/// The `busy-poll` setting: after an answer the event loop checks the connection's socket for
/// a short window before it sleeps. It must answer exactly as without it, and it must not
/// burn CPU: never while idle, and little for a client that asks now and then.
@Suite("natoazd busy-poll", .hangGuard)
struct BusyPollTests {
    @Test("with the longest window, every Ping is answered, and the daemon sleeps when idle")
    func answersAndSleeps() async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            let daemon = try DaemonProcess(
                socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
                arguments: ["--busy-poll", "1ms"], logDirectory: directory.path)
            let client = try daemon.waitUntilServing()
            for index in 0..<2000 {
                let payload = [UInt8(index & 0xff), UInt8(index >> 8)]
                let response = try client.call(.ping(PingRequest(payload: payload)))
                guard case .ping(let ping)? = response.body, ping.payload == payload else {
                    Issue.record("Ping \(index) answered \(response)")
                    return
                }
            }
            // Connected and idle: a spin follows an answer only and lasts at most 1 ms, so
            // a second of silence costs next to nothing (a spin that never ended would
            // cost the second).
            let idle = try daemon.cpuSeconds()
            Thread.sleep(forTimeInterval: 1)
            #expect(try daemon.cpuSeconds() - idle < 0.1)

            // A client that asks every 5 ms: each spin would wait out its 1 ms window, but
            // failed spins back off, so 100 requests cost far less than 100 windows (0.1 s).
            let slow = try daemon.cpuSeconds()
            for _ in 0..<100 {
                Thread.sleep(forTimeInterval: 0.005)
                #expect(try client.call(.ping(PingRequest())).errorCode == nil)
            }
            #expect(try daemon.cpuSeconds() - slow < 0.06)
        }
    }

    @Test("a spin ends at once on a readable or closed socket, else within its window")
    func spinEnds() async throws {
        try await offPool {
            var pair: [Int32] = [0, 0]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            defer { close(pair[0]) }
            let window: UInt64 = 2_000_000
            let started = ContinuousClock.now
            let waited = BusyPoll.spin(descriptor: pair[0], window: window)
            #expect(waited == .windowPassed || waited == .cpuTaken)
            #expect(ContinuousClock.now - started < .milliseconds(500))

            var byte: UInt8 = 1
            #expect(write(pair[1], &byte, 1) == 1)
            #expect(BusyPoll.spin(descriptor: pair[0], window: window) == .readableAtOnce)
            #expect(read(pair[0], &byte, 1) == 1)
            close(pair[1])
            #expect(BusyPoll.spin(descriptor: pair[0], window: window) == .readableAtOnce)
        }
    }

    @Test("spins that catch nothing skip 1, 2, 4 ... 64 answers; a caught request resets it")
    func backOff() throws {
        var poll = try #require(BusyPoll(window: .microseconds(50)))
        #expect(BusyPoll(window: .zero) == nil)
        func skips(_ poll: inout BusyPoll) -> Int {
            var count = 0
            while !poll.takeTurn() { count += 1 }
            return count
        }
        #expect(skips(&poll) == 0)
        var expected: [Int] = []
        var seen: [Int] = []
        for (index, outcome) in [BusyPoll.Outcome.windowPassed, .cpuTaken, .readableAtOnce]
            .cycled(8).enumerated()
        {
            poll.record(outcome)
            expected.append(min(1 << index, BusyPoll.maxSkip))
            seen.append(skips(&poll))
        }
        #expect(seen == expected)
        poll.record(.request)
        #expect(skips(&poll) == 0)
        poll.record(.windowPassed)
        #expect(skips(&poll) == 1)
    }

    @Test("the descriptor found for a socket channel is its socket's")
    func descriptorOfChannel() async throws {
        try await offPool {
            var pair: [Int32] = [0, 0]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            defer { close(pair[1]) }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            defer { try? group.syncShutdownGracefully() }
            let channel = try ClientBootstrap(group: group).withConnectedSocket(pair[0]).wait()
            let found = try channel.eventLoop.submit { BusyPoll.descriptor(of: channel) }.wait()
            #expect(found == pair[0])
            try channel.close().wait()
        }
    }
}

extension Array {
    /// The elements repeated until there are `count` of them.
    fileprivate func cycled(_ count: Int) -> [Element] {
        (0..<count).map { self[$0 % self.count] }
    }
}
