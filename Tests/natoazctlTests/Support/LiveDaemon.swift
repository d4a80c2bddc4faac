import Foundation
import Glibc
import Testing

/// The real `natoazd`, started on a temporary socket with the bundled seeds, for tests that
/// need a daemon. Start-up is bounded; `stop()` (also run on deinit) sends SIGTERM, waits a
/// bounded time, then SIGKILL.
final class LiveDaemon {
    let directory: TemporaryDirectory
    let socket: String
    private let process = Process()

    static var repository: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var seeds: String { repository.appendingPathComponent("seeds").path }

    init(corpus: String = LiveDaemon.seeds, arguments: [String] = []) throws {
        directory = try TemporaryDirectory()
        socket = directory.path("natoaz.sock")
        process.executableURL = URL(fileURLWithPath: BuiltProducts.path("natoazd"))
        process.arguments = ["--socket", socket, "--corpus", corpus] + arguments
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("NATOAZ_") || key.hasPrefix("LISTEN_") {
            environment[key] = nil
        }
        environment["NOTIFY_SOCKET"] = nil
        process.environment = environment
        let log = directory.path("natoazd.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        try waitUntilServing()
    }

    /// Polls with `natoazctl ping` until the daemon answers (at most 15 s).
    private func waitUntilServing() throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            guard process.isRunning else {
                throw DaemonFailed(reason: "natoazd exited during start-up: \(log)")
            }
            if FileManager.default.fileExists(atPath: socket),
                try natoazctl("ping", "--socket", socket, "--timeout", "2").status == 0
            {
                return
            }
            usleep(20_000)
        }
        stop()
        throw DaemonFailed(reason: "natoazd did not answer within 15 s: \(log)")
    }

    /// What natoazd logged so far.
    var log: String {
        (try? String(contentsOfFile: directory.path("natoazd.log"), encoding: .utf8)) ?? ""
    }

    /// Runs the built natoazctl against this daemon.
    func ctl(_ arguments: String..., stdin: String? = nil, environment: [String: String] = [:])
        throws -> ProcessResult
    {
        try run(
            BuiltProducts.path("natoazctl"), arguments + ["--socket", socket], stdin: stdin,
            environment: environment)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    deinit {
        stop()
    }

    struct DaemonFailed: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }
}

/// Each line of `text` parsed as one JSON object (JSON Lines); records an issue for any line
/// that is not valid JSON or not an object.
func jsonLines(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]]
{
    text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { line in
        guard
            let value = try? JSONSerialization.jsonObject(with: Data(line.utf8)),
            let object = value as? [String: Any]
        else {
            Issue.record("not a JSON object: \(line)", sourceLocation: sourceLocation)
            return nil
        }
        return object
    }
}
