import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// Regression: with searches served first come, first served, one connection that pipelined
/// expensive searches made every other connection's search wait for all of them, and a
/// connection that hung up left its queued searches running. Here natoazd has one worker, so
/// the order is the work queue's alone; where time is the yardstick, it is the same search run
/// alone, in the same daemon, so the machine's speed cancels out.
@Suite("natoazd workers: connections take turns", .hangGuard, .serialized)
struct WorkerFairnessTests {
    /// Searches one connection queues ahead of the other's single search.
    private static let backlog = 24
    /// Searches a connection leaves queued when it hangs up: more than the CPU watch lasts.
    private static let abandoned = 40
    /// Searches of 100 hits a connection sends and does not read: far more answers than the
    /// socket and natoazd's output bound (`--max-buffered-bytes`) hold, fewer than
    /// `max-in-flight`.
    private static let unread = 120
    private static let query = "alpha bravo charlie delta echo"

    let directory: TemporaryDirectory
    let daemon: DaemonProcess

    init() throws {
        directory = try TemporaryDirectory()
        let corpus = directory.path + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        // Same length, the query's words at varying distances: BM25 ties, so ranking visits
        // every document's positions, and each search costs about the same.
        for number in 0..<600 {
            let before = String(repeating: "filler ", count: number % 23)
            let after = String(repeating: "filler ", count: 22 - number % 23)
            let text = "Report\n\nalpha \(before)bravo charlie \(after)delta echo.\n"
            try text.write(toFile: corpus + "/doc\(number).txt", atomically: false, encoding: .utf8)
        }
        daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            arguments: [
                "--workers", "1", "--max-buffered-bytes", "65536", "--write-timeout", "120s",
            ], logDirectory: directory.path)
        try daemon.waitUntilServing()
    }

    private static func connect(_ socketPath: String) throws -> TestClient {
        let client = try TestClient(path: socketPath, timeout: .seconds(60))
        try client.hello()
        return client
    }

    private static func searchFrames(count: Int, limit: UInt32 = 0) throws -> [UInt8] {
        let codec = FrameCodec()
        var bytes: [UInt8] = []
        for id in 1...count {
            bytes += try codec.encodeFrame(
                Request(
                    id: UInt64(id), body: .search(SearchRequest(query: Self.query, limit: limit))))
        }
        return bytes
    }

    /// Seconds one search takes through `client`, which must have nothing else in flight.
    private static func timedSearch(_ client: TestClient) throws -> Double {
        let start = ContinuousClock.now
        let response = try client.call(.search(SearchRequest(query: Self.query, limit: 3)))
        #expect(response.errorCode == nil, "\(response)")
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds)
            + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test("a search waits for one running search, not for another connection's whole backlog")
    func backlogDoesNotStarveOthers() async throws {
        let socketPath = daemon.socketPath
        try await offPool {
            let victim = try Self.connect(socketPath)
            let greedy = try Self.connect(socketPath)
            try greedy.sendRaw(try Self.searchFrames(count: Self.backlog))
            // The greedy connection's answers are read as they come, each with its arrival
            // time, so the order is counted rather than timed (timing failed under a loaded
            // parallel test run).
            let arrivals = Recorded<ContinuousClock.Instant>()
            let failures = Recorded<String>()
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) let reader = greedy
            Thread.detachNewThread {
                defer { done.signal() }
                for _ in 0..<Self.backlog {
                    do {
                        let response = try reader.receive()
                        if let code = response.errorCode { failures.append("\(code)") }
                        arrivals.append(.now)
                    } catch {
                        failures.append("\(error)")
                        return
                    }
                }
            }
            // Once the first answer is back, the rest of the backlog is queued or running.
            #expect(eventually(within: .seconds(30)) { !arrivals.values.isEmpty })
            let answeredBeforeSending = arrivals.values.count
            let response = try victim.call(.search(SearchRequest(query: Self.query, limit: 3)))
            let answered = ContinuousClock.now
            #expect(response.errorCode == nil, "\(response)")
            done.wait()
            #expect(failures.values.isEmpty, "\(failures.values)")
            // Served in turn: the search running and one more of the backlog go first (one
            // more for slack). First come, first served would answer the whole backlog first.
            let ahead =
                arrivals.values.filter { $0 < answered }.count - answeredBeforeSending
            #expect(
                ahead <= 3,
                "\(ahead) of the \(Self.backlog - answeredBeforeSending) queued searches went first"
            )
        }
    }

    @Test("a connection that hangs up leaves no queued searches behind")
    func hangUpDropsQueuedWork() async throws {
        let (socketPath, pid) = (daemon.socketPath, daemon.pid)
        try await offPool {
            let victim = try Self.connect(socketPath)
            // What one search costs the daemon in CPU (clock ticks are 10 ms: take several).
            let start = try DaemonProcess.cpuSeconds(pid: pid)
            let alone = try (0..<5).map { _ in try Self.timedSearch(victim) }.min()!
            let perSearch = max(0.01, (try DaemonProcess.cpuSeconds(pid: pid) - start) / 5)
            do {
                let quitter = try Self.connect(socketPath)
                try quitter.sendRaw(try Self.searchFrames(count: Self.abandoned))
                Thread.sleep(forTimeInterval: alone)
            }  // closed here, with most of its searches still queued
            // Let the search already running finish, then watch the daemon's CPU for the time
            // twenty more searches would take: with the queue dropped it has nothing left to do.
            Thread.sleep(forTimeInterval: 2 * alone + 0.05)
            let before = try DaemonProcess.cpuSeconds(pid: pid)
            Thread.sleep(forTimeInterval: 20 * perSearch)
            let used = try DaemonProcess.cpuSeconds(pid: pid) - before
            #expect(
                used < 4 * perSearch,
                "natoazd used \(used) CPU s after the client left; a search takes \(perSearch)")
        }
    }

    /// Regression (session 10's QA pass): a connection that pipelined searches and did not
    /// read the answers kept its worker turns until the write timeout cut it off, so a few
    /// such connections slowed every reading client by seconds. Now it gets no turns while its
    /// output is stalled: natoazd falls quiet with most of its searches still queued, and
    /// answers them all once it reads. (Without the pause, the answers it went on making here
    /// passed `--max-buffered-bytes` and the connection was cut, answers lost.)
    @Test("a connection that does not read its answers gets no worker turns until it reads")
    func stalledReaderWaitsForItsTurns() async throws {
        let (socketPath, pid) = (daemon.socketPath, daemon.pid)
        try await offPool {
            let probe = try Self.connect(socketPath)
            let start = try DaemonProcess.cpuSeconds(pid: pid)
            for _ in 0..<5 {
                let response = try probe.call(.search(SearchRequest(query: Self.query, limit: 100)))
                #expect(response.errorCode == nil, "\(response)")
            }
            let perSearch = max(0.01, (try DaemonProcess.cpuSeconds(pid: pid) - start) / 5)

            let stalled = try Self.connect(socketPath)
            let sent = try DaemonProcess.cpuSeconds(pid: pid)
            try stalled.sendRaw(try Self.searchFrames(count: Self.unread, limit: 100))
            // Quiet: no more than one search's CPU in the time five take.
            var last = sent
            #expect(
                eventually(within: .seconds(60)) {
                    Thread.sleep(forTimeInterval: 5 * perSearch)
                    let now = (try? DaemonProcess.cpuSeconds(pid: pid)) ?? last
                    defer { last = now }
                    return now - last < perSearch
                })
            let used = last - sent
            #expect(
                used < Double(Self.unread) / 2 * perSearch,
                "natoazd used \(used) CPU s on a client that reads nothing; a search takes \(perSearch)"
            )

            var answered = 0
            for _ in 0..<Self.unread {
                let response = try stalled.receive()
                #expect(response.errorCode == nil, "\(response)")
                answered += 1
            }
            #expect(answered == Self.unread)
        }
    }
}
