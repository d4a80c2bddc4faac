import Dispatch
import Foundation
import NatoAzBenchKit
import NatoAzProtocol
import NatoAzTestSupport
import Synchronization
import Testing

/// Faults in the daemon's surroundings, each with a clear result: a corpus it cannot load, a
/// corpus that changes under a reload, a read-only file system, socket directories.
@Suite("Faults", .hangGuard)
struct FaultTests {
    static let isRoot = geteuid() == 0
    /// Mount namespaces need CAP_SYS_ADMIN (root on a normal machine or CI runner).
    static let canMount: Bool = {
        guard isRoot,
            let process = try? Process.run(
                URL(fileURLWithPath: "/usr/bin/unshare"), arguments: ["-m", "true"])
        else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Starts natoazd with `arguments`, expecting it to exit; returns its status and log.
    private func runToExit(
        _ arguments: [String], launcher: [String] = []
    ) throws -> (status: Int32, log: String) {
        let command = launcher + [PackagePaths.natoazd] + arguments
        let result = try runProcess(command[0], Array(command.dropFirst()))
        return (result.status, result.output)
    }

    @Test("a missing corpus directory stops start-up with status 1 naming the path")
    func missingCorpus() throws {
        let scratch = try TemporaryDirectory("natoaz-hostile")
        let corpus = scratch.path + "/no-such-corpus"
        let (status, log) = try runToExit(["--socket", scratch.path + "/s", "--corpus", corpus])
        #expect(status == 1)
        #expect(log.contains(corpus) && log.contains("does not exist"), "\(log)")
        // Nothing is left listening.
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/s"))
    }

    @Test("a corpus path that is a file stops start-up with status 1")
    func corpusIsAFile() throws {
        let scratch = try TemporaryDirectory("natoaz-hostile")
        let file = scratch.path + "/corpus.txt"
        _ = FileManager.default.createFile(atPath: file, contents: Data("NATO".utf8))
        let (status, log) = try runToExit(["--socket", scratch.path + "/s", "--corpus", file])
        #expect(status == 1)
        #expect(log.contains("not a directory"), "\(log)")
    }

    @Test(
        "an unreadable corpus directory stops start-up with status 1 and says what to grant",
        .enabled(if: isRoot, "needs root to run natoazd as another user"))
    func unreadableCorpus() throws {
        let scratch = try TemporaryDirectory("natoaz-hostile")
        let corpus = try scratch.copyOfSeeds()
        chmod(scratch.path, 0o755)
        chmod(corpus, 0o700)  // root's; natoazd runs as nobody
        let sockets = scratch.path + "/run"
        try FileManager.default.createDirectory(
            atPath: sockets, withIntermediateDirectories: false)
        chmod(sockets, 0o777)
        let (status, log) = try runToExit(
            ["--socket", sockets + "/s", "--corpus", corpus],
            launcher: [
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
            ])
        #expect(status == 1)
        #expect(log.contains(corpus) && log.contains("Permission denied"), "\(log)")
        #expect(log.contains("grant read"), "\(log)")
    }

    @Test(
        "an unreadable article is rejected with its reason; the rest is served",
        .enabled(if: isRoot, "needs root to run natoazd as another user"))
    func unreadableArticle() throws {
        let scratch = try TemporaryDirectory("natoaz-hostile")
        let corpus = try scratch.copyOfSeeds()
        chmod(scratch.path, 0o755)
        let ids = try Daemon.articleIDs(in: corpus)
        chmod(corpus + "/\(ids[0]).txt", 0o000)
        let sockets = scratch.path + "/run"
        try FileManager.default.createDirectory(
            atPath: sockets, withIntermediateDirectories: false)
        chmod(sockets, 0o777)
        let daemon = try Daemon(
            arguments: ["--log-level", "warning"], corpus: corpus, socketPath: sockets + "/s",
            launcher: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        let client = try ProtocolClient.connected(to: daemon.socketPath)
        let info = try client.call(.info(InfoRequest()))
        guard case .info(let details)? = info.body else { throw TestFailure("\(info)") }
        #expect(details.documentCount == UInt32(ids.count - 1))
        let rejected = try #require(details.rejected.first { $0.file == "\(ids[0]).txt" })
        #expect(rejected.reason.contains("ermission"), "\(rejected)")
        #expect(try client.call(.get(GetRequest(id: ids[0]))).errorCode == .notFound)
        #expect(try client.call(.get(GetRequest(id: ids[1]))).error == nil)
    }

    @Test(
        "a corpus on a read-only file system loads, serves and reloads",
        .enabled(if: canMount, "needs a mount namespace (CAP_SYS_ADMIN)"))
    func readOnlyCorpus() throws {
        let scratch = try TemporaryDirectory("natoaz-hostile")
        let source = try scratch.copyOfSeeds(named: "source")
        let readOnly = scratch.path + "/ro"
        try FileManager.default.createDirectory(
            atPath: readOnly, withIntermediateDirectories: false)
        // In a private mount namespace: the read-only bind mount exists only for natoazd and
        // vanishes with it. The probe proves the corpus really is read-only.
        let script = """
            mount --bind "$1" "$2" && mount -o remount,ro,bind "$2" || exit 90
            if touch "$2/probe" 2>/dev/null; then exit 91; fi
            shift 2; exec "$@"
            """
        let daemon = try Daemon(
            arguments: ["--log-level", "warning"], corpus: readOnly,
            launcher: ["/usr/bin/unshare", "-m", "/bin/sh", "-c", script, "sh", source, readOnly])
        let client = try ProtocolClient.connected(to: daemon.socketPath)
        let reload = try client.call(.reload(ReloadRequest(wait: true)))
        guard case .reload(let outcome)? = reload.body else { throw TestFailure("\(reload)") }
        #expect(outcome.outcome?.ok == true, "\(reload)")
        let info = try client.call(.info(InfoRequest()))
        guard case .info(let details)? = info.body else { throw TestFailure("\(info)") }
        #expect(details.documentCount == UInt32(try Daemon.articleIDs(in: source).count))
        #expect(details.corpusPath == readOnly)
        let id = try #require(try Daemon.articleIDs(in: source).first)
        #expect(try client.call(.get(GetRequest(id: id))).error == nil)
    }

    /// Session 17's QA: without /proc the Swift runtime sees no arguments, so the flags were
    /// dropped unseen and natoazd blamed a missing --corpus that was given. Session 19: the
    /// check that replaced it ran in Swift code, after libdispatch's threads had started, and
    /// its pool monitor (which reads /proc/self/task) sometimes crashed the process first
    /// (SIGILL, 2 of 20 starts under load); so this starts natoazd 10 times.
    @Test(
        "without /proc natoazd stops at once with status 78 and says why, every time",
        .enabled(if: canMount, "needs a mount namespace (CAP_SYS_ADMIN)"))
    func noProc() throws {
        let scratch = try TemporaryDirectory("natoaz-hostile")
        let script = #"umount -l /proc || exit 90; exec "$@""#
        for _ in 0..<10 {
            let (status, log) = try runToExit(
                ["--socket", scratch.path + "/s", "--corpus", PackagePaths.seeds],
                launcher: ["/usr/bin/unshare", "-m", "/bin/sh", "-c", script, "sh"])
            #expect(status == 78, "\(log)")
            #expect(log.hasPrefix("natoazd: /proc is not mounted"), "\(log)")
            #expect(!log.contains("--corpus"), "\(log)")
            #expect(!FileManager.default.fileExists(atPath: scratch.path + "/s"))
        }
    }

    @Test("a missing socket directory is created (documented), mode 0755")
    func missingSocketDirectory() throws {
        let scratch = try TemporaryDirectory("natoaz-hostile")
        let socket = scratch.path + "/run/natoaz/deeper/natoaz.sock"
        let daemon = try Daemon(
            arguments: ["--log-level", "warning"], socketPath: socket)
        try daemon.checkServes()
        let attributes = try FileManager.default.attributesOfItem(
            atPath: scratch.path + "/run/natoaz/deeper")
        #expect((attributes[.posixPermissions] as? Int) == 0o755)
        #expect(daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: socket), "socket file left behind")
    }

    @Test("a socket directory that cannot be created stops start-up with status 1")
    func uncreatableSocketDirectory() throws {
        let scratch = try TemporaryDirectory("natoaz-hostile")
        let blocker = scratch.path + "/file"
        _ = FileManager.default.createFile(atPath: blocker, contents: nil)
        let (status, log) = try runToExit([
            "--socket", blocker + "/sub/natoaz.sock", "--corpus", PackagePaths.seeds,
        ])
        #expect(status == 1)
        #expect(log.contains("cannot create directory \(blocker)/sub"), "\(log)")
    }

    @Test("files changing during reloads: every request answered, the end state is exact")
    func filesChangingDuringReload() throws {
        let daemon = try Daemon(arguments: ["--log-level", "error"])
        let corpus = daemon.corpus
        let ids = try Daemon.articleIDs(in: corpus)
        let stable = ids[0]
        let seedText = try Data(contentsOf: URL(fileURLWithPath: corpus + "/\(ids[1]).txt"))
        let baseline = try daemon.baseline()

        let stop = Atomic<Bool>(false)
        let socketPath = daemon.socketPath
        let pid = daemon.pid
        // Churn: create, rewrite, truncate, corrupt, delete and rename articles, while
        // reloading continuously.
        let churn = Thread {
            var generator = SplitMix64(seed: 7)
            var round = 0
            while !stop.load(ordering: .relaxed) {
                let name = corpus + "/churn-\(Int.random(in: 0..<8, using: &generator)).txt"
                switch Int.random(in: 0..<6, using: &generator) {
                case 0: try? seedText.write(to: URL(fileURLWithPath: name))
                case 1: try? Data().write(to: URL(fileURLWithPath: name))
                case 2: try? Data([0, 1, 2, 0xFF]).write(to: URL(fileURLWithPath: name))
                case 3:
                    // Partly written: a writer caught in the middle.
                    try? seedText.prefix(seedText.count / 3).write(to: URL(fileURLWithPath: name))
                case 4: unlink(name)
                default: rename(name, name + ".moved")
                }
                round += 1
                if round % 10 == 0 { kill(pid, SIGHUP) }
                Thread.sleep(forTimeInterval: 0.002)
            }
        }
        churn.start()
        let clock = ContinuousClock()
        // At least 4 s and more than 20 requests: on a loaded machine 4 s alone gave only 10
        // (a timing-based failure); the hard end keeps a stuck daemon from hanging the test.
        let minimumEnd = clock.now + .seconds(4)
        let hardEnd = clock.now + .seconds(60)
        let client = try ProtocolClient.connected(to: socketPath)
        var requests = 0
        while (clock.now < minimumEnd || requests <= 20) && clock.now < hardEnd {
            let get = try client.call(.get(GetRequest(id: stable)))
            #expect(get.error == nil && get.body != nil, "\(get)")
            let search = try client.call(.search(SearchRequest(query: "NATO", limit: 5)))
            #expect(search.error == nil, "\(search)")
            if requests % 20 == 0 {
                let reload = try client.call(.reload(ReloadRequest(wait: true)))
                #expect(reload.error == nil, "\(reload)")
            }
            requests += 2
        }
        stop.store(true, ordering: .relaxed)
        while churn.isExecuting { Thread.sleep(forTimeInterval: 0.01) }

        // Once the files stand still, a reload sees exactly what is on disk.
        let reload = try client.call(.reload(ReloadRequest(wait: true)))
        guard case .reload(let outcome)? = reload.body else { throw TestFailure("\(reload)") }
        #expect(outcome.outcome?.ok == true, "\(reload)")
        let info = try client.call(.info(InfoRequest()))
        guard case .info(let details)? = info.body else { throw TestFailure("\(info)") }
        let onDisk = try Daemon.articleIDs(in: corpus)
        let loaded = Int(details.documentCount)
        #expect(loaded + details.rejected.count == onDisk.count, "\(details.rejected)")
        for id in onDisk {
            let get = try client.call(.get(GetRequest(id: id)))
            let isRejected = details.rejected.contains { $0.file == "\(id).txt" }
            #expect((get.error == nil) != isRejected, "\(id): \(get)")
        }
        #expect(requests > 20)
        // Back to the seeds alone, for the health check's random Get.
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus)
        where name.hasPrefix("churn-") {
            unlink(corpus + "/" + name)
        }
        #expect(try client.call(.reload(ReloadRequest(wait: true))).error == nil)
        client.socket.close()
        try daemon.checkHealthy(after: baseline)
    }
}
