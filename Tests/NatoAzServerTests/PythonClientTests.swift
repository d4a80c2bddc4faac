import Foundation
import NatoAzTestSupport
import Testing

/// Interop proof: the Python reference client (stdlib socket, Debian's python3-protobuf on
/// protoc-generated code, python3-zstandard; no natoaz code) against the real natoazd.
@Suite("Python reference client", .hangGuard)
struct PythonClientTests {
    @Test("handshake, Ping, Search, Get, pipelining and errors, plain and compressed")
    func referenceClient() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            logDirectory: directory.path)
        try daemon.waitUntilServing()
        let result = try runProcess(
            "/usr/bin/python3",
            [PackagePaths.pythonClientDirectory + "/test_client.py", daemon.socketPath],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(60))
        #expect(result.status == 0, "\(result.output)\n--- natoazd log:\n\(daemon.log)")
        #expect(result.output.contains("all checks passed"), "\(result.output)")
    }

    @Test("the client's command line prints search hits from the seeds")
    func commandLine() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            logDirectory: directory.path)
        try daemon.waitUntilServing()
        let client = PackagePaths.pythonClientDirectory + "/natoaz_client.py"
        let result = try runProcess(
            "/usr/bin/python3",
            [client, "--socket", daemon.socketPath, "--compression", "search", "Stoltenberg"],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(60))
        #expect(result.status == 0, "\(result.output)")
        // The Russian seed is the one that names Stoltenberg (Столтенберг).
        #expect(result.output.contains("002_163f1bbd0ac872e2"), "\(result.output)")

        let missing = try runProcess(
            "/usr/bin/python3", [client, "--socket", daemon.socketPath, "get", "no-such-id"],
            environment: ["PYTHONDONTWRITEBYTECODE": "1"], timeout: .seconds(60))
        #expect(missing.status == 1, "a server error exits 1: \(missing.output)")
        #expect(missing.output.contains("NOT_FOUND"), "\(missing.output)")
    }
}
