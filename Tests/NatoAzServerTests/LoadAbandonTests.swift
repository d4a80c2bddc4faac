import Foundation
import NatoAzTestSupport
import Testing

/// SIGTERM or SIGINT while the initial corpus loads: the daemon stops at once and cleanly
/// instead of dying by the signal's default action, against the real process.
@Suite("natoazd stopped during the initial load", .hangGuard)
struct LoadAbandonTests {
    /// What the daemon did after the signal.
    struct Observed: Sendable {
        var socketExistedWhileLoading: Bool
        var stopping: String
        var exitStatus: Int32?
        var log: String
        var notifications: [String]
        var socketExistsAfterExit: Bool
    }

    @Test(
        "a stop signal during the load: STOPPING=1, exit 0, socket removed, says why",
        arguments: [SIGTERM, SIGINT])
    func stopDuringLoad(signal: Int32) async throws {
        // The daemon is waited for on a thread of its own, not a cooperative one.
        let observed = try await offPool { try Self.signalDuringLoad(signal) }
        #expect(observed.socketExistedWhileLoading)
        #expect(observed.stopping.contains("while loading the corpus"))
        // Promptly: the load is not waited for.
        #expect(observed.exitStatus == 0)
        #expect(observed.log.contains("corpus load abandoned"))
        #expect(
            !observed.log.contains("corpus loaded"),
            "the load had finished before the signal:\n\(observed.log)")
        #expect(!observed.notifications.contains { $0.contains("READY=1") })
        #expect(!observed.socketExistsAfterExit)
    }

    private static func signalDuringLoad(_ signal: Int32) throws -> Observed {
        let directory = try TemporaryDirectory()
        // 1,000 files: loading and indexing them takes seconds in a debug build (and well
        // over the few milliseconds the signal needs to land in a release build).
        let corpus = try CorpusFixtures.largeCorpus(in: directory.path + "/big", copies: 200)
        let notify = try NotifyListener(address: directory.path + "/notify.sock")
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            environment: ["NOTIFY_SOCKET": notify.address], logDirectory: directory.path)

        // The signal handlers are installed before the load starts, which says so.
        _ = try notify.waitFor { $0.contains("STATUS=Loading corpus") }
        try daemon.waitForLog("loading corpus")
        let socketExisted = FileManager.default.fileExists(atPath: daemon.socketPath)
        daemon.signal(signal)

        let stopping = try notify.waitFor(timeout: .seconds(10)) { $0.contains("STOPPING=1") }
        let status = daemon.waitForExit(timeout: .seconds(10))
        return Observed(
            socketExistedWhileLoading: socketExisted, stopping: stopping, exitStatus: status,
            log: daemon.log, notifications: notify.messages,
            socketExistsAfterExit: FileManager.default.fileExists(atPath: daemon.socketPath))
    }
}
