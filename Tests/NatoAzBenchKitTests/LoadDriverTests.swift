import Synchronization
import Testing

@testable import NatoAzBenchKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Load driver against a protocol peer on a real socket", .serialized)
struct LoadDriverTests {
    /// Runs `body` while `server` serves `connections` connections on another thread.
    private func withServer<T>(
        _ behaviour: TestServer.Behaviour = .normal, connections: Int,
        _ body: (TestServer) throws -> T
    ) rethrows -> T {
        let server = TestServer(behaviour: behaviour)
        let thread = PosixThread { server.serve(connections: connections) }
        defer {
            server.shutDown()
            thread.join()
        }
        return try body(server)
    }

    @Test("every request is sent once and answered once, K at a time on N connections")
    func pingCounts() throws {
        try withServer(connections: 2) { server in
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, connections: 2, threads: 2,
                    inFlight: 4, requests: 500, timeoutMilliseconds: 5_000)
            ).run()
            #expect(report.completed == 500, "\(report.failure ?? "")")
            #expect(report.errorCount == 0)
            #expect(server.requestsSeen.load(ordering: .relaxed) == 500)
            #expect(
                server.maxOutstandingSeen.load(ordering: .relaxed) > 1, "requests were pipelined")
            #expect(server.maxOutstandingSeen.load(ordering: .relaxed) <= 4)
            // Ping request frame: 5-byte header + `08 <id varint> 62 00`.
            #expect(report.bytesSent > 500 * 9 && report.bytesSent < 500 * 12 + 200)
            #expect(report.requestsPerSecond > 0)
        }
    }

    @Test("--batched sends K requests together and the next K only once all K are answered")
    func batchedPipeline() throws {
        try withServer(connections: 1) { server in
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, inFlight: 8, batched: true,
                    requests: 203, timeoutMilliseconds: 5_000)
            ).run()
            #expect(report.completed == 203, "\(report.failure ?? "")")
            #expect(report.errorCount == 0)
            #expect(server.requestsSeen.load(ordering: .relaxed) == 203)
            // Each batch is one write the peer reads whole: it sees 8 at once, never more.
            #expect(server.maxOutstandingSeen.load(ordering: .relaxed) == 8)
            #expect(report.json.contains("\"batched\":true"))
            // One latency per answer, each from its write's send time (not from 0: a request
            // whose send time was never set would record the whole uptime, over a minute).
            #expect(report.overall.totalCount == 203)
            #expect(report.overall.max < 5_000_000_000)
        }
    }

    @Test("one thread multiplexing several connections sends and answers every request once")
    func multiplexedConnections() throws {
        try withServer(connections: 3) { server in
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, connections: 3, threads: 1,
                    inFlight: 2, requests: 301, timeoutMilliseconds: 5_000)
            ).run()
            #expect(report.completed == 301, "\(report.failure ?? "")")
            #expect(report.errorCount == 0)
            #expect(server.requestsSeen.load(ordering: .relaxed) == 301)
            #expect(server.maxOutstandingSeen.load(ordering: .relaxed) <= 2)
            #expect(report.json.contains("\"threads\":1"))
        }
    }

    @Test("answers that arrive a few bytes at a time, frames split across reads, all count once")
    func splitAnswers() throws {
        try withServer(.dribble, connections: 1) { server in
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, inFlight: 4, batched: true,
                    requests: 40, timeoutMilliseconds: 5_000)
            ).run()
            #expect(report.completed == 40, "\(report.failure ?? "")")
            #expect(report.errorCount == 0)
            #expect(server.requestsSeen.load(ordering: .relaxed) == 40)
        }
    }

    @Test("error answers are counted by their code, and still count as answered")
    func errorsByCode() throws {
        try withServer(.errorEvery(5), connections: 1) { server in
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, inFlight: 16, batched: true,
                    requests: 100, timeoutMilliseconds: 5_000)
            ).run()
            #expect(report.completed == 100, "\(report.failure ?? "")")
            #expect(report.errors == ["OVERLOADED": 20])
            #expect(report.json.contains("\"errors\":20"))
            #expect(report.json.contains("\"OVERLOADED\":20"))
        }
    }

    @Test("an answer whose body is not the method asked for is an error, not a success")
    func wrongBody() throws {
        try withServer(.wrongBody, connections: 1) { server in
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, inFlight: 2, requests: 10,
                    timeoutMilliseconds: 5_000)
            ).run()
            #expect(report.completed == 10)
            #expect(report.errors == ["unexpected-body": 10])
        }
    }

    @Test("multiplexed connections to a server that never answers: bounded, all counted")
    func multiplexedStall() throws {
        try withServer(.stall, connections: 2) { server in
            let started = monotonicNanoseconds()
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, connections: 2, threads: 1,
                    inFlight: 3, requests: 10, timeoutMilliseconds: 300)
            ).run()
            #expect(monotonicNanoseconds() - started < 5_000_000_000)
            #expect(report.completed == 0)
            #expect(report.errors["timeout"] == 6)
        }
    }

    @Test("--threads above --connections is refused")
    func threadsBound() {
        #expect(throws: LoadError.self) {
            try LoadOptions(socketPath: "/nonexistent", method: .ping, connections: 2, threads: 3)
                .validate()
        }
    }

    @Test("search reports per query class, with hits, and the JSON keys scripts rely on")
    func searchJSON() throws {
        let queries = try BenchmarkQuery.parseFile(
            "single\tnato\ntwo\tnato baku\nphrase\t\"resolute support\"\n", name: "q")
        try withServer(connections: 1) { server in
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .search, requests: 30, queries: queries)
            ).run()
            #expect(report.completed == 30)
            let json = report.json
            for key in ["\"rps\":", "\"p50_us\":", "\"p99_us\":", "\"max_us\":", "\"errors\":0"] {
                #expect(json.contains(key), "\(key) in \(json)")
            }
            #expect(json.contains("\"classes\":{\"single\":{\"count\":10,"))
            #expect(json.contains("\"hits_per_query\":3.0"))
            #expect(!json.contains("\"prefix\""))
        }
    }

    @Test("a run stops at --duration even when --requests is far away")
    func durationBound() throws {
        try withServer(connections: 1) { server in
            let started = monotonicNanoseconds()
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, inFlight: 2, requests: 100_000_000,
                    durationSeconds: 0.3)
            ).run()
            let seconds = Double(monotonicNanoseconds() - started) / 1e9
            #expect(seconds < 3, "took \(seconds) s")
            #expect(report.completed > 0 && report.completed < 100_000_000)
            #expect(report.errorCount == 0)
        }
    }

    @Test("a server that never answers costs --timeout, and its requests count as errors")
    func stalledServer() throws {
        try withServer(.stall, connections: 1) { server in
            let started = monotonicNanoseconds()
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, inFlight: 3, requests: 10,
                    timeoutMilliseconds: 300)
            ).run()
            let seconds = Double(monotonicNanoseconds() - started) / 1e9
            #expect(seconds < 3, "took \(seconds) s")
            #expect(report.completed == 0)
            #expect(report.errors["timeout"] == 3)
            #expect(report.failure?.contains("no progress") == true)
        }
    }

    @Test("a server that hangs up mid-run: answered requests count, the rest are errors")
    func hangUp() throws {
        try withServer(.hangUp(after: 10), connections: 1) { server in
            let report = try LoadDriver(
                options: LoadOptions(
                    socketPath: server.path, method: .ping, inFlight: 4, requests: 100,
                    timeoutMilliseconds: 2_000)
            ).run()
            #expect(report.completed == 10)
            #expect((report.errors["closed"] ?? 0) > 0)
            #expect(report.failure?.contains("closed the connection") == true)
        }
    }

    @Test("no daemon at the path is a clear error, and bad options are refused before connecting")
    func refusals() throws {
        let report = try LoadDriver(
            options: LoadOptions(
                socketPath: "/tmp/natoaz-bench-no-such-dir/sock", method: .ping, requests: 5)
        ).run()
        #expect(report.completed == 0)
        #expect(
            report.failure?.contains("cannot connect to /tmp/natoaz-bench-no-such-dir/sock") == true
        )
        #expect(throws: LoadError.self) {
            try LoadDriver(options: LoadOptions(socketPath: "/x", method: .ping, connections: 0))
                .run()
        }
        #expect(throws: LoadError.self) {
            try LoadDriver(options: LoadOptions(socketPath: "/x", method: .search)).run()
        }
        #expect(throws: LoadError.self) {
            try LoadDriver(options: LoadOptions(socketPath: "/x", method: .get, queries: [])).run()
        }
    }
}
