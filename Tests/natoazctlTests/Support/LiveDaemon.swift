import Foundation
import NatoAzTestSupport
import Testing

/// The real `natoazd`, started on a temporary socket with the bundled seeds, for tests that
/// need a daemon. Start-up is bounded; `stop()` (also run when dropped) sends SIGTERM, waits
/// a bounded time, then SIGKILL.
final class LiveDaemon {
    let directory: TemporaryDirectory
    let socket: String
    private let process: DaemonProcess

    static var seeds: String { PackagePaths.seeds }

    init(corpus: String = LiveDaemon.seeds, arguments: [String] = []) throws {
        directory = try TemporaryDirectory("natoazctl")
        socket = directory.path("natoaz.sock")
        process = try DaemonProcess(
            socketPath: socket, corpus: corpus, arguments: arguments,
            logDirectory: directory.path)
        // Ready when natoazctl itself gets an answer: the path every test then takes.
        try process.waitUntil("answer natoazctl ping", timeout: .seconds(15)) {
            FileManager.default.fileExists(atPath: socket)
                && (try? natoazctl("ping", "--socket", socket, "--timeout", "2").status) == 0
        }
    }

    /// What natoazd logged so far.
    var log: String { process.log }

    /// Runs the built natoazctl against this daemon.
    func ctl(_ arguments: String..., stdin: String? = nil, environment: [String: String] = [:])
        throws -> ProcessResult
    {
        try run(
            PackagePaths.natoazctl, arguments + ["--socket", socket], stdin: stdin,
            environment: environment)
    }

    func stop() {
        process.stop(timeout: .seconds(10))
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
