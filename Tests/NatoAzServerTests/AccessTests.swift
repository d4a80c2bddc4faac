import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// Administrative methods are kept to root, the daemon's user and configured users, by the
/// kernel-reported credentials of the connecting process (SO_PEERCRED). The other-user client
/// is a real process run under uid/gid 65534 with setpriv.
@Suite(
    "natoazd access control", .hangGuard,
    .enabled(if: geteuid() == 0, "switching to another uid needs root"))
struct AccessTests {
    /// A tiny client in Python (stock protobuf module + the generated natoaz_pb2), run as
    /// nobody. Prints one line per call: the method and the error code name or "ok".
    static let script = #"""
        import socket, struct, sys
        import natoaz_pb2 as pb
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(10)
        s.connect(sys.argv[1])
        def call(i, fill):
            r = pb.Request(id=i)
            fill(r)
            p = r.SerializeToString()
            s.sendall(struct.pack(">IB", len(p) + 1, 0) + p)
            h = b""
            while len(h) < 5:
                h += s.recv(5 - len(h))
            n, flags = struct.unpack(">IB", h)
            b = b""
            while len(b) < n - 1:
                b += s.recv(n - 1 - len(b))
            resp = pb.Response()
            resp.ParseFromString(b)
            if resp.HasField("error"):
                return pb.ErrorCode.Name(resp.error.code) + " " + resp.error.message
            return "ok"
        def hello(r):
            r.hello.min_version = 1
            r.hello.max_version = 1
        print("hello", call(1, hello))
        print("info", call(2, lambda r: r.info.SetInParent()))
        print("stats", call(3, lambda r: r.stats.SetInParent()))
        print("reload", call(4, lambda r: setattr(r.reload, "wait", True)))
        """#

    private func runAsNobody(socket path: String) throws -> [String: String] {
        let result = try runProcess(
            "/usr/bin/setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
                Self.script, path,
            ],
            environment: [
                "PYTHONPATH": PackagePaths.pythonClientDirectory, "PYTHONDONTWRITEBYTECODE": "1",
            ])
        guard result.status == 0 else {
            throw TestFailure("client as nobody failed (\(result.status)): \(result.output)")
        }
        var answers: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { answers[String(parts[0])] = String(parts[1]) }
        }
        return answers
    }

    private func startDaemon(_ directory: TemporaryDirectory, arguments: [String] = []) throws
        -> DaemonProcess
    {
        // nobody must be able to reach the socket: open directory, socket mode 0666.
        chmod(directory.path, 0o755)
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            arguments: ["--socket-mode", "0666"] + arguments, logDirectory: directory.path)
        try daemon.waitUntilServing()
        return daemon
    }

    @Test("another uid may look things up but gets PERMISSION_DENIED for Reload and Stats")
    func otherUserDenied() throws {
        let directory = try TemporaryDirectory()
        let daemon = try startDaemon(directory)
        let answers = try runAsNobody(socket: daemon.socketPath)
        #expect(answers["hello"] == "ok")
        #expect(answers["info"] == "ok")
        #expect(answers["stats"]?.hasPrefix("PERMISSION_DENIED") == true)
        #expect(answers["reload"]?.hasPrefix("PERMISSION_DENIED") == true)
        #expect(answers["reload"]?.contains("uid 65534") == true)

        // Root (the test, also the daemon's user) is allowed.
        let client = try TestClient(path: daemon.socketPath)
        try client.hello()
        #expect(try client.call(.stats(StatsRequest())).errorCode == nil)
    }

    @Test("a uid listed in admin-uids may reload; public-stats opens Stats to all")
    func configuredAdministrator() throws {
        let directory = try TemporaryDirectory()
        let daemon = try startDaemon(directory, arguments: ["--admin-uids", "65534"])
        let answers = try runAsNobody(socket: daemon.socketPath)
        #expect(answers["reload"] == "ok")
        #expect(answers["stats"] == "ok")

        let otherDirectory = try TemporaryDirectory()
        let open = try startDaemon(otherDirectory, arguments: ["--public-stats", "true"])
        let openAnswers = try runAsNobody(socket: open.socketPath)
        #expect(openAnswers["stats"] == "ok")
        #expect(openAnswers["reload"]?.hasPrefix("PERMISSION_DENIED") == true)
    }
}
