import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// Integration with systemd, through the real tools and protocols: socket activation via
/// `systemd-socket-activate`, and sd_notify messages on a test NOTIFY_SOCKET.
@Suite("natoazd under systemd", .hangGuard)
struct SystemdTests {
    @Test("socket activation: the daemon serves on the socket systemd-socket-activate passes")
    func socketActivation() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/activated.sock"
        let notify = try NotifyListener(address: directory.path + "/notify.sock")
        let daemon = try DaemonProcess(
            socketPath: path, corpus: PackagePaths.seeds, logDirectory: directory.path,
            launcher: [
                "/usr/bin/systemd-socket-activate", "--listen=\(path)", "-E",
                "NOTIFY_SOCKET=\(notify.address)",
            ],
            passSocketFlag: false)
        // The first connection makes systemd-socket-activate exec natoazd with LISTEN_FDS=1.
        let client = try daemon.waitUntilServing()
        guard case .info(let info)? = try client.call(.info(InfoRequest())).body else {
            Issue.record("Info failed")
            return
        }
        #expect(info.documentCount == 5)
        let ready = try notify.waitFor { $0.contains("READY=1") }
        #expect(ready.contains(path))
        try daemon.waitForLog("inherited=true")

        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test("an inherited socket that is not a listening stream socket is refused")
    func badInheritedSocket() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/datagram.sock"
        let daemon = try DaemonProcess(
            socketPath: path, corpus: PackagePaths.seeds, logDirectory: directory.path,
            launcher: ["/usr/bin/systemd-socket-activate", "--datagram", "--listen=\(path)"],
            passSocketFlag: false)
        // A datagram wakes systemd-socket-activate, which execs natoazd with the fd.
        let sender = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(sender) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while !FileManager.default.fileExists(atPath: path) && clock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(sender, "x", 1, 0, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(daemon.waitForExit() == 1)
        #expect(daemon.log.contains("not a stream socket"))
    }

    @Test("notify: READY with STATUS, RELOADING with MONOTONIC_USEC then READY, WATCHDOG, STOPPING")
    func notifyMessages() throws {
        let directory = try TemporaryDirectory()
        let notify = try NotifyListener(address: directory.path + "/notify.sock")
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            environment: ["NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "400000"],
            logDirectory: directory.path)

        let ready = try notify.waitFor { $0.contains("READY=1") }
        #expect(ready.contains("STATUS=Serving 5 documents (generation 1)"))
        // Ready means serving: a client connects at once.
        let client = try TestClient(path: daemon.socketPath)
        try client.hello()

        _ = try notify.waitFor { $0 == "WATCHDOG=1" }
        _ = try notify.waitFor { $0 == "WATCHDOG=1" }

        daemon.signal(SIGHUP)
        let reloading = try notify.waitFor { $0.contains("RELOADING=1") }
        let monotonic = reloading.split(separator: "\n").first { $0.hasPrefix("MONOTONIC_USEC=") }
        #expect(monotonic.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) } != nil)
        let readyAgain = try notify.waitFor { $0.contains("READY=1") }
        #expect(readyAgain.contains("generation 2"))

        daemon.signal(SIGTERM)
        _ = try notify.waitFor { $0.contains("STOPPING=1") }
        #expect(daemon.waitForExit() == 0)
        // Nothing was sent before READY=1 except status lines and watchdog pings.
        let firstReady = try #require(notify.messages.firstIndex { $0.contains("READY=1") })
        #expect(
            notify.messages[..<firstReady].allSatisfy {
                $0.hasPrefix("STATUS=") || $0 == "WATCHDOG=1"
            })
    }

    @Test("notify works with an abstract NOTIFY_SOCKET (@name)")
    func abstractNotifySocket() throws {
        let directory = try TemporaryDirectory()
        let notify = try NotifyListener(address: "@natoazd-test-\(UUID().uuidString)")
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            environment: ["NOTIFY_SOCKET": notify.address], logDirectory: directory.path)
        _ = try notify.waitFor { $0.contains("READY=1") }
        daemon.signal(SIGTERM)
        _ = try notify.waitFor { $0.contains("STOPPING=1") }
        #expect(daemon.waitForExit() == 0)
    }

    @Test("under journald (JOURNAL_STREAM naming stderr) lines carry <N> priorities, no time")
    func journalLogFormat() throws {
        let directory = try TemporaryDirectory()
        let journal = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            logDirectory: directory.path, journalStreamIsLog: true)
        try journal.waitUntilServing()
        let loaded = journal.log.split(separator: "\n").filter { $0.contains("corpus loaded") }
        #expect(loaded.count == 1)
        #expect(loaded.first?.hasPrefix("<5>natoazd: corpus loaded") == true)
        // The seeds' entities.tsv is read as the alias table: not ignored, as in Info.
        #expect(loaded.first?.contains("ignored=0") == true)

        // A JOURNAL_STREAM that names another file (inherited by a child) is ignored.
        let terminal = try DaemonProcess(
            socketPath: directory.path + "/other.sock", corpus: PackagePaths.seeds,
            environment: ["JOURNAL_STREAM": "1:1"], logDirectory: directory.path)
        try terminal.waitUntilServing()
        let line = terminal.log.split(separator: "\n").first { $0.contains("corpus loaded") }
        #expect(line?.contains("Z notice natoazd: corpus loaded") == true)
    }
}
