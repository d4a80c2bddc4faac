import Foundation
import NatoAzTestSupport
import Testing

/// SIGTERM while the entity index is still being built after the load: the build's result
/// would only ever be served, so the daemon stops without waiting for it (it used to wait,
/// about 12 s at 100k articles), against the real process.
@Suite("natoazd stopped during a deferred build", .hangGuard)
struct StopDuringDeferredBuildTests {
    struct Observed: Sendable {
        var logAtSignal: String
        var exitStatus: Int32?
        var log: String
    }

    @Test("SIGTERM during the entity index build: exit 0 at once, the build not waited for")
    func stopDuringEntityBuild() async throws {
        let observed = try await offPool { try Self.signalDuringBuild() }
        #expect(
            !observed.logAtSignal.contains("entity index built"),
            "the build had finished before the signal:\n\(observed.logAtSignal)")
        #expect(observed.exitStatus == 0)
        #expect(
            observed.log.contains(
                "deferred build (lookups, entity index or body compression) still running"))
        #expect(
            !observed.log.contains("entity index built"),
            "the stop waited for the build:\n\(observed.log)")
    }

    private static func signalDuringBuild() throws -> Observed {
        let directory = try TemporaryDirectory()
        // 1,000 files: detecting names in every body takes seconds in a debug build (and far
        // longer than the signal needs to land in a release build).
        let corpus = try CorpusFixtures.largeCorpus(in: directory.path + "/big", copies: 200)
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            logDirectory: directory.path)
        try daemon.waitForLog("corpus loaded", timeout: .seconds(120))
        let logAtSignal = daemon.log
        daemon.signal(SIGTERM)
        let status = daemon.waitForExit(timeout: .seconds(10))
        return Observed(logAtSignal: logAtSignal, exitStatus: status, log: daemon.log)
    }
}
