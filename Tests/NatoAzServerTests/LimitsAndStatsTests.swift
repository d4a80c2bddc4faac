import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

@Suite("natoazd limits and stats", .hangGuard)
struct LimitsAndStatsTests {
    @Test("a client that sends without reading is disconnected; others are unaffected")
    func nonReadingClient() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            arguments: ["--max-buffered-bytes", "65536", "--write-timeout", "500ms"],
            logDirectory: directory.path)
        try daemon.waitUntilServing()
        let greedy = try TestClient(path: daemon.socketPath, timeout: .seconds(5))
        try greedy.hello()
        let codec = FrameCodec()
        let payload = [UInt8](repeating: 0x41, count: 1000)
        var batch: [UInt8] = []
        for id in UInt64(1)...100 {
            batch += try codec.encodeFrame(
                Request(id: id, body: .ping(PingRequest(payload: payload))))
        }
        // Keep sending, never reading, until the server stops taking bytes and cuts us off.
        var sent = 0
        while sent < 20_000 {
            do {
                try greedy.sendRaw(batch)
                sent += 100
            } catch {
                break
            }
        }
        #expect(sent < 20_000, "the server kept reading from a client that never reads")
        try daemon.waitForLog("disconnecting", timeout: .seconds(10))
        // What was queued for it is bounded: far fewer answers than requests.
        let answers = (try? greedy.receiveUntilClosed()) ?? []
        #expect(answers.count < sent)

        let polite = try TestClient(path: daemon.socketPath)
        try polite.hello()
        #expect(try polite.call(.ping(PingRequest())).errorCode == nil)
    }

    @Test("an idle connection is closed without a frame; one with work in flight is not")
    func idleTimeout() throws {
        let directory = try TemporaryDirectory()
        let corpus = try directory.copyOfSeeds()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            arguments: ["--idle-timeout", "300ms"], logDirectory: directory.path)
        let idle = try daemon.waitUntilServing()
        let started = ContinuousClock.now
        let frames = try idle.receiveUntilClosed()
        #expect(frames.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(5))

        // A reload of a grown corpus outlasts the idle timeout: its connection stays open.
        try CorpusFixtures.largeCorpus(in: corpus, copies: 20)
        let busy = try TestClient(path: daemon.socketPath)
        try busy.hello()
        let response = try busy.call(.reload(ReloadRequest(wait: true)))
        #expect(response.errorCode == nil)
    }

    @Test("a connection that keeps sending outlives the idle timeout")
    func activeConnectionStaysOpen() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            arguments: ["--idle-timeout", "300ms"], logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        // 900 ms in all, three idle timeouts, never 300 ms without a request: every idle
        // sweep (each 75 ms) must see the latest request, not the connection's start.
        for _ in 0..<9 {
            Thread.sleep(forTimeInterval: 0.1)
            #expect(try client.call(.ping(PingRequest())).errorCode == nil)
        }
    }

    @Test("Stats counts requests per method, errors by code, connections and bytes")
    func stats() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            logDirectory: directory.path)
        let client = try daemon.waitUntilServing()  // one Hello
        // A second Hello on the same connection is an error.
        #expect(try client.call(.hello(HelloRequest(minVersion: 1))).errorCode == .invalidArgument)
        for _ in 0..<10 { _ = try client.call(.ping(PingRequest(payload: [1, 2, 3]))) }
        for _ in 0..<3 { _ = try client.call(.get(GetRequest(id: "missing"))) }
        let compressed = try TestClient(path: daemon.socketPath)
        try compressed.hello(compression: true)
        _ = try compressed.call(.get(GetRequest(id: "000_b63174de97e40d1a")))

        guard case .stats(let stats)? = try client.call(.stats(StatsRequest())).body else {
            Issue.record("Stats failed")
            return
        }
        let byName = Dictionary(uniqueKeysWithValues: stats.methods.map { ($0.name, $0) })
        #expect(byName["Ping"]?.count == 10)
        #expect(byName["Get"]?.count == 4)
        #expect(byName["Hello"]?.count == 3)
        #expect((byName["Ping"]?.p50Us ?? 0) <= (byName["Ping"]?.maxUs ?? 0))
        let errors = Dictionary(uniqueKeysWithValues: stats.errors.map { ($0.code, $0.count) })
        #expect(errors[.notFound] == 3)
        #expect(errors[.invalidArgument] == 1)
        #expect(stats.connectionsOpen == 2)
        #expect(stats.connectionsTotal >= 2)
        #expect(stats.bytesIn > 0 && stats.bytesOut > 0)
        // The compressed Get makes raw output larger than what went on the wire.
        #expect(stats.bytesOutRaw > stats.bytesOut)
        #expect(stats.corpusMemoryBytes > 10_000)
        #expect(stats.generation == 1)
    }

    /// Regression: the error answer's close could run before the request's bytes were added
    /// to the connection's counts, which were then never recorded (a flood of requests
    /// without a Hello showed as almost no bytes in).
    @Test("the bytes of a request answered by closing the connection are counted")
    func bytesOfARequestThatClosesTheConnection() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            logDirectory: directory.path)
        _ = try daemon.waitUntilServing()
        // Each reading comes from a new connection, so that its own Hello and Stats frames
        // (ids 1 and 2) add the same bytes every time.
        func bytesIn() throws -> UInt64 {
            let reader = try TestClient(path: daemon.socketPath)
            try reader.hello()
            guard case .stats(let stats)? = try reader.call(.stats(StatsRequest())).body else {
                throw TestFailure("Stats failed")
            }
            return stats.bytesIn
        }
        let first = try bytesIn()
        let before = try bytesIn()
        let perReading = before - first
        let ping = try FrameCodec().encodeFrame(Request(id: 1, body: .ping(PingRequest())))
        let connections = 20
        for _ in 0..<connections {
            let early = try TestClient(path: daemon.socketPath, timeout: .seconds(5))
            try early.sendRaw(ping)  // no Hello first: answered with an error, then closed
            early.shutdownWrite()
            let answers = try early.receiveUntilClosed()
            #expect(answers.map(\.errorCode) == [.handshakeRequired])
        }
        var readings: UInt64 = 0
        var missing: Int64 = 0
        let counted = try eventually(within: .seconds(3)) {
            let now = try bytesIn()
            readings += 1
            missing = Int64(connections * ping.count) - Int64(now - before - readings * perReading)
            return missing == 0
        }
        #expect(counted, "\(missing) bytes of \(connections * ping.count) not counted")
    }

    @Test("--max-file-bytes rejects larger corpus files with a reason naming the flag")
    func maxFileBytes() throws {
        let directory = try TemporaryDirectory()
        let corpus = try directory.copyOfSeeds()
        let long = "NATO and Azerbaijan\n\n" + String(repeating: "Baku talks went on. ", count: 200)
        try long.write(toFile: corpus + "/long.txt", atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            arguments: ["--max-file-bytes", "3500"], logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        guard case .info(let info)? = try client.call(.info(InfoRequest())).body else {
            Issue.record("Info failed")
            return
        }
        // Exactly the files over the limit are refused, the seeds included.
        let refused = Dictionary(uniqueKeysWithValues: info.rejected.map { ($0.file, $0.reason) })
        let reason = try #require(refused["long.txt"])
        #expect(reason.contains("over the 3500-byte limit"))
        #expect(reason.contains("--max-file-bytes"))
        let seeds = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.seeds)
        for seed in seeds where seed.hasSuffix(".txt") {
            let size =
                try FileManager.default.attributesOfItem(
                    atPath: PackagePaths.seeds + "/" + seed)[.size] as? Int ?? 0
            #expect((refused[seed] != nil) == (size > 3500), "\(seed): \(size) bytes")
        }
        #expect(info.documentCount == 4)  // 002 (4,473 bytes) is the one seed over the limit
        #expect(daemon.log.contains("long.txt: rejected: file is"))
    }

    @Test("--check-config validates and prints the effective settings; mistakes exit 78")
    func checkConfig() throws {
        let directory = try TemporaryDirectory()
        let configPath = directory.path + "/natoazd.toml"
        try Data(
            """
            # test configuration
            max-connections = 7
            socket-mode = 0o640
            idle-timeout = "90s"
            admin-uids = [1000, "root"]
            """.utf8
        ).write(to: URL(fileURLWithPath: configPath))
        let ok = try runProcess(
            PackagePaths.natoazd,
            [
                "--config", configPath, "--check-config", "--socket", "/tmp/x.sock",
                "--max-connections", "9",
            ],
            environment: ["NATOAZ_IDLE_TIMEOUT": "30s"])
        #expect(ok.status == 0)
        #expect(ok.output.contains("max-connections = 9"))  // the flag wins over the file
        #expect(ok.output.contains("idle-timeout = \"30000ms\""))  // env wins over the file
        #expect(ok.output.contains("socket-mode = \"0640\""))
        #expect(ok.output.contains("admin-uids = [1000, 0]"))
        #expect(ok.output.contains("max-file-bytes = 8388608"))

        let missingCorpus = try runProcess(
            PackagePaths.natoazd,
            ["--check-config", "--socket", "/tmp/x.sock", "--corpus", directory.path + "/none"])
        #expect(missingCorpus.status == 78)
        #expect(missingCorpus.output.contains(directory.path + "/none"))

        try Data("max-connections = lots\n".utf8).write(to: URL(fileURLWithPath: configPath))
        let bad = try runProcess(PackagePaths.natoazd, ["--config", configPath, "--check-config"])
        #expect(bad.status == 78)
        #expect(bad.output.contains("\(configPath):1"))
        #expect(bad.output.contains("lots"))
    }

    /// A duration whose milliseconds overflow crashed natoazd (SIGILL) as it read them, from a
    /// flag, the environment or the file alike: now a configuration error, exit 78.
    @Test(
        "a duration too large to hold is a configuration error, not a crash",
        arguments: [
            (["--idle-timeout", "9223372036854775807s"], [:]),
            ([], ["NATOAZ_SHUTDOWN_TIMEOUT": "99999999999999999h"]),
            (["--handshake-timeout", "3074457345618258603m"], [:]),
        ])
    func overflowingDuration(arguments: [String], environment: [String: String]) throws {
        let result = try runProcess(
            PackagePaths.natoazd, ["--check-config", "--socket", "/tmp/x.sock"] + arguments,
            environment: environment)
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains("expected a duration such as 500ms"))
    }
}

@Suite("natoazd defaults", .hangGuard)  // a hang guard; see ReloaderTests
struct DefaultsTests {
    @Test("with no --corpus, an installed natoazd serves $PREFIX/share/natoaz/seeds")
    func installedSeeds() throws {
        // The layout `make install` creates: PREFIX/bin/natoazd, PREFIX/share/natoaz/seeds.
        let prefix = try TemporaryDirectory()
        let fileManager = FileManager.default
        try fileManager.createDirectory(
            atPath: prefix.path + "/bin", withIntermediateDirectories: true)
        try fileManager.createDirectory(
            atPath: prefix.path + "/share/natoaz", withIntermediateDirectories: true)
        try fileManager.copyItem(atPath: PackagePaths.natoazd, toPath: prefix.path + "/bin/natoazd")
        try fileManager.copyItem(
            atPath: PackagePaths.seeds, toPath: prefix.path + "/share/natoaz/seeds")
        let result = try runProcess(
            prefix.path + "/bin/natoazd", ["--check-config", "--socket", prefix.path + "/s.sock"],
            environment: ["NATOAZ_CORPUS": ""])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("corpus = \"\(prefix.path)/share/natoaz/seeds\""))
    }

    @Test("from the build directory, natoazd finds the checkout's seeds")
    func checkoutSeeds() throws {
        let result = try runProcess(PackagePaths.natoazd, ["--check-config", "--socket", "/tmp/x"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("corpus = \"\(PackagePaths.seeds)\""))
    }
}
