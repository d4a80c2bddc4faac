import Foundation
import Glibc
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// When natoazd cannot be reached, natoazctl says why and what to do, and exits 3.
@Suite struct UnreachableDaemonTests {
    @Test func missingSocketSaysHowToStartTheDaemon() throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("natoaz.sock")
        let result = try natoazctl("get", "000_b63174de97e40d1a", "--socket", socket)
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == """
                natoazctl: natoazd is not running at \(socket): no such socket. Start it with \
                `systemctl start natoazd.socket` or `make run`. If natoazd listens elsewhere, \
                pass --socket or set NATOAZ_SOCKET.

                """)
    }

    @Test func missingDirectoryIsNamed() throws {
        let socket = "/nonexistent-natoaz-dir/natoaz.sock"
        let result = try natoazctl("ping", "--socket", socket)
        #expect(result.status == 3)
        #expect(
            result.stderr.hasPrefix(
                "natoazctl: natoazd is not running at \(socket): the directory "
                    + "/nonexistent-natoaz-dir does not exist."))
    }

    @Test func theEnvironmentVariableChoosesTheSocket() throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("from-env.sock")
        let result = try natoazctl("ping", environment: ["NATOAZ_SOCKET": socket])
        #expect(result.status == 3)
        #expect(result.stderr.contains("natoazd is not running at \(socket): no such socket."))
    }

    @Test func staleSocketIsConnectionRefused() throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("stale.sock")
        try TestSockets.makeStale(socket)
        let result = try natoazctl("info", "--socket", socket)
        #expect(result.status == 3)
        #expect(
            result.stderr == """
                natoazctl: natoazd is not running at \(socket): connection refused (a stale \
                socket file?). Start it with `systemctl start natoazd.socket` or `make run`.

                """)
    }

    @Test func wrongPathThatIsAFileIsNotASocket() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("notes.txt")
        _ = FileManager.default.createFile(atPath: path, contents: Data("hello".utf8))
        let result = try natoazctl("search", "nato", "--socket", path)
        #expect(result.status == 3)
        #expect(
            result.stderr == """
                natoazctl: \(path) is not a socket, so natoazd cannot be listening there. \
                Check --socket or NATOAZ_SOCKET.

                """)
    }

    @Test func socketOfAnotherProgramIsNotNatoaz() throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("http.sock")
        let listener = try TestSockets.serveOnce(
            socket, reply: Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8))
        defer { close(listener) }
        let result = try natoazctl("ping", "--socket", socket, "--timeout", "5")
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("natoazctl: \(socket) does not speak the natoaz protocol"))
        #expect(result.stderr.contains("Is --socket (or NATOAZ_SOCKET) pointing at natoazd?"))
    }

    @Test func peerThatHangsUpIsReported() throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("hangup.sock")
        let listener = try TestSockets.serveOnce(socket, reply: [])
        defer { close(listener) }
        let result = try natoazctl("ping", "--socket", socket, "--timeout", "5")
        #expect(result.status == 3)
        #expect(
            result.stderr.hasPrefix(
                "natoazctl: natoazd at \(socket) closed the connection before answering."))
    }

    @Test func silentDaemonTimesOutWithinTheTimeout() throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("silent.sock")
        // Listening, so connect succeeds, but nothing ever accepts or answers.
        let listener = try UnixSocket.bind(socket, listen: 4)
        defer { close(listener) }
        let started = Date()
        let result = try natoazctl("get", "x", "--socket", socket, "--timeout", "0.3")
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 3)
        #expect(
            result.stderr == """
                natoazctl: natoazd at \(socket) did not answer in time (timed out waiting \
                for the handshake). It may be overloaded or stuck: check `systemctl status \
                natoazd`, or raise --timeout.

                """)
        #expect(elapsed < 5, "the timeout must bound the whole run")
    }

    @Test func permissionDeniedMentionsTheGroup() throws {
        guard geteuid() == 0 else { return }  // needs to switch to another uid
        let directory = try TemporaryDirectory()
        let socket = directory.path("private.sock")
        let listener = try UnixSocket.bind(socket, listen: 4)
        defer { close(listener) }
        chmod(socket, 0o600)
        let result = try run(
            "/usr/bin/setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups",
                PackagePaths.natoazctl, "ping", "--socket", socket,
            ])
        #expect(result.status == 3)
        #expect(
            result.stderr == """
                natoazctl: permission denied connecting to natoazd at \(socket). Run as a \
                member of the natoaz group (`sudo usermod -aG natoaz $USER`, then log in \
                again) or as root.

                """)
    }

    @Test func overlongSocketPathIsExplained() throws {
        let path = "/tmp/" + String(repeating: "n", count: 120) + ".sock"
        let result = try natoazctl("ping", "--socket", path)
        #expect(result.status == 3)
        #expect(result.stderr.contains("is too long (130 bytes; Unix sockets allow 107)"))
    }

    @Test func daemonAtItsConnectionLimitIsReportedNotMistakenForAHangUp() throws {
        let directory = try TemporaryDirectory()
        let socket = directory.path("full.sock")
        let refusal = Response(
            id: 0,
            error: ResponseError(
                code: .overloaded, message: "too many connections (64); try again later"))
        let frame = try FrameCodec().encodeFrame(refusal)
        // Answers and closes before reading the client's Hello, as a full server does.
        let listener = try TestSockets.serveOnce(socket, reply: frame, readFirst: false)
        defer { close(listener) }
        let result = try natoazctl("ping", "--socket", socket, "--timeout", "5")
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                natoazctl: natoazd reported OVERLOADED: too many connections (64); try again \
                later. Try again shortly.

                """)
    }
}
