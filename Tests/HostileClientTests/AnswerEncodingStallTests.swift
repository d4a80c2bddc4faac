import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// Large answers of the methods answered on workers against the daemon's event loops: the
/// encoding and compression of an answer is work too, and on an event loop it holds every
/// other connection of that loop.
@Suite("Hostile clients: encoding large answers", .hangGuard)
struct AnswerEncodingStallTests {
    /// Session 16's QA: a worker built the answer and the event loop encoded and compressed
    /// it: at 100k articles (release), 24 pipelined Entities pages of 1,000 entries (about
    /// 1 MB each) held the Pings of the attacker's loop for up to 314 ms, Kwic and Search
    /// pages of 1,000 for 43-61 ms. The worker now encodes the frame, and the event loop
    /// only copies it out. Measured as the event loops' CPU time (building the answers takes
    /// as long as encoding them, so the Pings' delays alone do not tell the two apart).
    @Test("large Kwic answers are encoded and compressed off the event loop")
    func largeAnswersAreEncodedOffTheLoop() throws {
        let corpus = try TemporaryDirectory("natoaz-large-kwic")
        // Words drawn from a vocabulary of 2,000: text zstd does not compress to nothing.
        var random = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let words = (0..<2_000).map { _ in
            String((0..<8).map { _ in letters.randomElement(using: &random)! })
        }
        for number in 0..<10 {
            let sentences = (0..<400).map { _ in
                "NATO "
                    + (0..<6).map { _ in words.randomElement(using: &random)! }
                    .joined(separator: " ")
            }
            try ("Talks \(number)\n\n" + sentences.joined(separator: ". ") + "\n").write(
                toFile: corpus.path("talks-\(number).txt"), atomically: true, encoding: .utf8)
        }
        let daemon = try Daemon(
            arguments: Daemon.hostileFlags([
                "--max-results": "4000", "--max-buffered-bytes": "\(64 << 20)",
            ]),
            corpus: corpus.path)
        let baseline = try daemon.baseline()
        let attacker = try ProtocolClient.connected(to: daemon.socketPath, compression: true)
        // 4,000 lines of about 2 KB: about 8 MB a page before compression.
        let kwic = KwicRequest(query: "NATO", width: 1_000, limit: 4_000)
        let count = 4
        var frames: [UInt8] = []
        for number in 0..<count {
            frames += try attacker.codec.encodeFrame(
                Request(id: UInt64(100 + number), body: .kwic(kwic)))
        }
        let before = try Self.eventLoopCPU(of: daemon.pid)
        try attacker.socket.send(frames)
        for _ in 0..<count {
            let response = try attacker.receive()
            guard case .kwic(let answer)? = response.body else {
                Issue.record("not a Kwic answer: \(response)")
                continue
            }
            #expect(answer.lines.count == 4_000)
        }
        let spent = try Self.eventLoopCPU(of: daemon.pid) - before
        // Encoded and compressed there, the four pages took the event loops 101-104 ms of
        // CPU in a debug build; copied out, 3-4 ms.
        #expect(spent < .milliseconds(30), "the event loops worked \(spent)")
        attacker.socket.close()
        try daemon.checkHealthy(after: baseline, allowedGrowthKiB: 128 * 1024)
    }

    /// The CPU time the daemon's event-loop threads (NIO's `NIO-ELT-...`) have used so far,
    /// from the scheduler's count in nanoseconds (`/proc/PID/task/TID/schedstat`).
    static func eventLoopCPU(of pid: Int32) throws -> Duration {
        let tasks = "/proc/\(pid)/task"
        var nanoseconds: Int64 = 0
        for task in try FileManager.default.contentsOfDirectory(atPath: tasks) {
            let name = try String(contentsOfFile: "\(tasks)/\(task)/comm", encoding: .utf8)
            guard name.hasPrefix("NIO-ELT") else { continue }
            let stat = try String(contentsOfFile: "\(tasks)/\(task)/schedstat", encoding: .utf8)
            nanoseconds += Int64(stat.split(separator: " ")[0]) ?? 0
        }
        return .nanoseconds(nanoseconds)
    }
}
