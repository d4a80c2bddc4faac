import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// Reloads, shutdown, and taking over (or refusing) the socket path, against the real daemon.
@Suite("natoazd lifecycle", .hangGuard)
struct LifecycleTests {
    @Test("reload under load: no request fails, none is lost, generations only go up")
    func reloadUnderLoad() async throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: try directory.copyOfSeeds(),
            logDirectory: directory.path)
        try daemon.waitUntilServing()
        let path = daemon.socketPath
        let pid = daemon.pid

        try await withThrowingTaskGroup(of: (answered: Int, generations: [UInt64]).self) { group in
            for worker in 0..<4 {
                group.addTask {
                    let client = try TestClient(path: path)
                    try client.hello()
                    var generations: [UInt64] = []
                    var answered = 0
                    // Pipelined bursts of Info while reloads happen.
                    for burst in 0..<30 {
                        for index in 0..<10 {
                            try client.send(
                                Request(
                                    id: UInt64(burst * 10 + index + 1), body: .info(InfoRequest())))
                        }
                        var ids: Set<UInt64> = []
                        for _ in 0..<10 {
                            let response = try client.receive()
                            guard case .info(let info)? = response.body else {
                                throw TestFailure("worker \(worker): \(response)")
                            }
                            guard info.documentCount == 5 else {
                                throw TestFailure("a generation without the documents: \(info)")
                            }
                            ids.insert(response.id)
                            generations.append(info.generation)
                            answered += 1
                        }
                        guard ids.count == 10 else { throw TestFailure("lost or duplicated ids") }
                    }
                    return (answered, generations)
                }
            }
            group.addTask {
                let admin = try TestClient(path: path)
                try admin.hello()
                for round in 0..<6 {
                    if round % 2 == 0 {
                        kill(pid, SIGHUP)
                    } else {
                        let response = try admin.call(.reload(ReloadRequest(wait: true)))
                        guard case .reload(let reload)? = response.body,
                            reload.outcome?.ok == true
                        else { throw TestFailure("Reload failed: \(response)") }
                    }
                    try await Task.sleep(for: .milliseconds(60))
                }
                return (0, [])
            }
            var total = 0
            for try await result in group {
                total += result.answered
                // Each connection sees generations in non-decreasing order.
                #expect(result.generations == result.generations.sorted())
            }
            #expect(total == 4 * 300)
        }
        let info = try TestClient(path: path)
        try info.hello()
        guard case .info(let final)? = try info.call(.info(InfoRequest())).body else {
            Issue.record("Info failed")
            return
        }
        #expect(final.generation >= 3)
        #expect(final.lastReload?.ok == true)
    }

    /// The generation a reload replaces is freed once no request uses it: the start-up
    /// generation was kept by the server's own frame for good, so after a reload two corpora
    /// stayed resident (twice the memory at 100k articles).
    @Test("a reload frees the generation it replaces, the first one included")
    func reloadFreesTheReplacedGeneration() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: try directory.copyOfSeeds(),
            arguments: ["--log-level", "debug", "--no-cache"], logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        for reload in 1...2 {
            let response = try client.call(.reload(ReloadRequest(wait: true)))
            #expect(response.error == nil, "\(response)")
            let freed = eventually(within: .seconds(10)) {
                daemon.log.components(separatedBy: "corpus generation released").count - 1
                    >= reload
            }
            #expect(freed, "reload \(reload): \(daemon.log)")
        }
        #expect(daemon.stop() == 0)
    }

    @Test("a failed reload keeps the old corpus serving and says why")
    func failedReload() throws {
        let directory = try TemporaryDirectory()
        let corpus = try directory.copyOfSeeds()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        // The corpus directory disappears (moved away by a careless deploy).
        try FileManager.default.moveItem(atPath: corpus, toPath: corpus + ".moved")

        let response = try client.call(.reload(ReloadRequest(wait: true)))
        guard case .reload(let reload)? = response.body, let outcome = reload.outcome else {
            Issue.record("Reload answered \(response)")
            return
        }
        #expect(outcome.ok == false)
        #expect(outcome.generation == 1)
        #expect(outcome.message.contains(corpus))

        guard case .info(let info)? = try client.call(.info(InfoRequest())).body else {
            Issue.record("Info failed")
            return
        }
        #expect(info.generation == 1)
        #expect(info.documentCount == 5)
        #expect(info.lastReload?.ok == false)
        let get = try client.call(.get(GetRequest(id: "000_b63174de97e40d1a")))
        #expect(get.errorCode == nil)
        try daemon.waitForLog("reload failed")

        // Once the directory is back, a reload succeeds again.
        try FileManager.default.moveItem(atPath: corpus + ".moved", toPath: corpus)
        let again = try client.call(.reload(ReloadRequest(wait: true)))
        guard case .reload(let retried)? = again.body else {
            Issue.record("Reload answered \(again)")
            return
        }
        #expect(retried.outcome?.ok == true)
        #expect(retried.outcome?.generation == 2)
    }

    @Test("SIGTERM drains: the request in flight is answered, then the daemon exits 0")
    func sigtermDrains() throws {
        let directory = try TemporaryDirectory()
        let corpus = try directory.copyOfSeeds()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        let other = try TestClient(path: daemon.socketPath)
        try other.hello()

        // The corpus grows to 105 files: reloading and indexing them takes a while (a second
        // or more in a debug build), so the Reload is in flight when SIGTERM arrives.
        try CorpusFixtures.largeCorpus(in: corpus, copies: 20)
        try client.send(Request(id: 42, body: .reload(ReloadRequest(wait: true))))
        try daemon.waitForLog("reloading corpus")
        daemon.signal(SIGTERM)
        try daemon.waitForLog("no longer accepting")

        // The idle connection is told nothing new is served (or already closed).
        try? other.send(Request(id: 5, body: .ping(PingRequest())))
        let late = try other.receiveUntilClosed()
        #expect(late.allSatisfy { $0.errorCode == .unavailable || $0.body != nil })

        let responses = try client.receiveUntilClosed()
        #expect(responses.map(\.id) == [42])
        guard case .reload(let reload)? = responses.first?.body else {
            Issue.record("the in-flight reload was not answered: \(responses)")
            return
        }
        #expect(reload.outcome?.ok == true)
        #expect(daemon.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        #expect((try? TestClient(path: daemon.socketPath)) == nil)
    }

    @Test("past --shutdown-timeout, requests still in flight are answered UNAVAILABLE")
    func shutdownTimeout() throws {
        let directory = try TemporaryDirectory()
        let corpus = try directory.copyOfSeeds()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            arguments: ["--shutdown-timeout", "200ms"], logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        // The reload must outlast the 200 ms after SIGTERM by far: 300 files of each seed's
        // text once ended first (a faster load, session 16), so each file is twenty seeds long.
        // The daemon does not wait for the reload: its size costs the test nothing.
        try CorpusFixtures.largeCorpus(in: corpus, copies: 60, repeats: 20)
        try client.send(Request(id: 9, body: .reload(ReloadRequest(wait: true))))
        try daemon.waitForLog("reloading corpus")
        daemon.signal(SIGTERM)
        let responses = try client.receiveUntilClosed()
        #expect(responses.map(\.id) == [9])
        #expect(responses.first?.errorCode == .unavailable)
        // Regression: the process waited for the reload to end (a minute at 100k articles),
        // and a reload that ended after the event loops had shut down trapped in debug builds
        // (exit by SIGILL) queueing the new generation's builds on them.
        #expect(daemon.waitForExit() == 0)
        #expect(daemon.log.contains("shutdown timeout"))
        #expect(daemon.log.contains("stopped with a reload still running; not waiting for it"))
        #expect(!daemon.log.contains("reload succeeded"))
    }

    @Test("beyond max-in-flight, work is refused with OVERLOADED at once; cheap methods still run")
    func inFlightLimit() throws {
        let directory = try TemporaryDirectory()
        let corpus = try directory.copyOfSeeds()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            arguments: ["--max-in-flight", "2"], logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        try CorpusFixtures.largeCorpus(in: corpus, copies: 10)
        let codec = FrameCodec()
        var bytes: [UInt8] = []
        for id in UInt64(1)...5 {
            bytes += try codec.encodeFrame(
                Request(id: id, body: .reload(ReloadRequest(wait: true))))
        }
        bytes += try codec.encodeFrame(Request(id: 6, body: .ping(PingRequest())))
        try client.sendRaw(bytes)
        var byID: [UInt64: Response] = [:]
        for _ in 0..<6 {
            let response = try client.receive()
            byID[response.id] = response
        }
        #expect(byID.count == 6)
        #expect(byID[6]?.errorCode == nil)
        let overloaded = byID.values.filter { $0.errorCode == .overloaded }.map(\.id).sorted()
        #expect(overloaded == [3, 4, 5])
        for id in UInt64(1)...2 {
            guard case .reload(let reload)? = byID[id]?.body else {
                Issue.record("Reload \(id): \(String(describing: byID[id]))")
                continue
            }
            #expect(reload.outcome?.ok == true)
        }
    }

    @Test("a deadline that passes while a request is in flight is answered DEADLINE_EXCEEDED")
    func deadline() throws {
        let directory = try TemporaryDirectory()
        let corpus = try directory.copyOfSeeds()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        try CorpusFixtures.largeCorpus(in: corpus, copies: 30)
        let response = try client.call(.reload(ReloadRequest(wait: true)), deadlineMs: 5)
        #expect(response.errorCode == .deadlineExceeded)
        // The answer came at the deadline, not when the reload (seconds for 155 files) ended:
        // generation 1 is still serving. The connection still works.
        guard case .info(let info)? = try client.call(.info(InfoRequest())).body else {
            Issue.record("Info failed")
            return
        }
        #expect(info.generation == 1)
    }

    @Test("a stale socket file is replaced")
    func staleSocketReplaced() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/natoaz.sock"
        try makeStaleSocket(at: path)
        let daemon = try DaemonProcess(
            socketPath: path, corpus: PackagePaths.seeds, logDirectory: directory.path)
        try daemon.waitUntilServing()
        #expect(daemon.log.contains("replaced a stale socket"))
    }

    @Test("a second daemon on a live socket refuses to start and the first keeps serving")
    func liveDaemonRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/natoaz.sock"
        let first = try DaemonProcess(
            socketPath: path, corpus: PackagePaths.seeds, logDirectory: directory.path)
        try first.waitUntilServing()
        let second = try DaemonProcess(
            socketPath: path, corpus: PackagePaths.seeds, logDirectory: directory.path)
        #expect(second.waitForExit() == 1)
        #expect(second.log.contains("already listening on \(path)"))
        #expect(second.log.contains("pid \(first.pid)"))
        let client = try TestClient(path: path)
        try client.hello()
        #expect(try client.call(.ping(PingRequest())).errorCode == nil)
    }

    @Test("a path that is not a socket is never deleted")
    func regularFileKept() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/natoaz.sock"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        let daemon = try DaemonProcess(
            socketPath: path, corpus: PackagePaths.seeds, logDirectory: directory.path)
        #expect(daemon.waitForExit() == 1)
        #expect(daemon.log.contains("is not a socket"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }

    @Test("the socket file gets the configured mode and group")
    func socketModeAndGroup() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            // Only root may give a file to a group it is not in.
            arguments: ["--socket-mode", "0640"]
                + (geteuid() == 0 ? ["--socket-group", "65534"] : []),
            logDirectory: directory.path)
        try daemon.waitUntilServing()
        var info = stat()
        #expect(stat(daemon.socketPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o640)
        if geteuid() == 0 {
            #expect(info.st_gid == 65534)
        }
    }

    @Test("a missing corpus directory stops start-up with a clear message")
    func missingCorpus() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: directory.path + "/nowhere",
            logDirectory: directory.path)
        #expect(daemon.waitForExit() == 1)
        #expect(daemon.log.contains("cannot load the corpus"))
        #expect(daemon.log.contains(directory.path + "/nowhere"))
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    }

    @Test("a corpus directory without articles serves, with a warning naming it")
    func corpusWithoutArticles() throws {
        let directory = try TemporaryDirectory()
        let corpus = directory.path + "/corpus"
        try FileManager.default.createDirectory(
            atPath: corpus + "/2026", withIntermediateDirectories: true)
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        #expect(try client.call(.ping(PingRequest())).errorCode == nil)
        try daemon.waitForLog("no articles in \(corpus): 0 rejected, 1 ignored")
    }

    /// A socket file nobody listens on, as a crashed daemon leaves behind.
    private func makeStaleSocket(at path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(fd)
        guard bound == 0 else { throw TestFailure("bind \(path) failed") }
    }
}
