import Foundation
import Testing

/// Interop proof: the Python reference client (stdlib socket, Debian's python3-protobuf on
/// protoc-generated code, python3-zstandard; no natoaz code) against the real natoazd.
@Suite("Python reference client", .timeLimit(.minutes(2)))
struct PythonClientTests {
    @Test("handshake, Ping, Search, Get, pipelining and errors, plain and compressed")
    func referenceClient() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: TestPaths.seeds,
            logDirectory: directory.path)
        try daemon.waitUntilServing()
        let (status, output) = try runCommand(
            "/usr/bin/python3",
            [TestPaths.pythonClientDirectory + "/test_client.py", daemon.socketPath],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(60))
        #expect(status == 0, "\(output)\n--- natoazd log:\n\(daemon.log)")
        #expect(output.contains("all checks passed"), "\(output)")
    }

    @Test("the client's command line prints search hits from the seeds")
    func commandLine() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: TestPaths.seeds,
            logDirectory: directory.path)
        try daemon.waitUntilServing()
        let client = TestPaths.pythonClientDirectory + "/natoaz_client.py"
        let (status, output) = try runCommand(
            "/usr/bin/python3",
            [client, "--socket", daemon.socketPath, "--compression", "search", "Stoltenberg"],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(60))
        #expect(status == 0, "\(output)")
        // The Russian seed is the one that names Stoltenberg (Столтенберг).
        #expect(output.contains("002_163f1bbd0ac872e2"), "\(output)")

        let missing = try runCommand(
            "/usr/bin/python3", [client, "--socket", daemon.socketPath, "get", "no-such-id"],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(60))
        #expect(missing.status == 1, "a server error exits 1: \(missing.output)")
        #expect(missing.output.contains("NOT_FOUND"), "\(missing.output)")
    }
}
