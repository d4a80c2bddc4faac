import Foundation
import Testing

/// `systemd-analyze verify` judges the units as PID 1 would load them after `make install`.
@Suite struct VerifyTests {
    @Test func verifyAcceptsTheInstalledUnits() throws {
        let deployment = try Deployment()
        let daemon = deployment.binDirectory + "/natoazd"
        try #require(
            FileManager.default.isExecutableFile(atPath: daemon),
            "natoazd is not built next to the tests (\(daemon)); run `swift build` first")
        let result = try Tool.run(
            "systemd-analyze", ["verify"] + Deployment.unitNames.map(deployment.path))
        #expect(result.status == 0, "\(result.transcript)")
        // verify reports unknown keys and bad values as warnings yet exits 0: none is allowed.
        #expect(result.stderr.isEmpty && result.stdout.isEmpty, "\(result.transcript)")
    }

    @Test func verifyRejectsAnExecStartThatDoesNotExist() throws {
        let deployment = try Deployment(binDirectory: "/nonexistent/natoaz/bin")
        let result = try Tool.run(
            "systemd-analyze", ["verify"] + Deployment.unitNames.map(deployment.path))
        #expect(result.status != 0, "\(result.transcript)")
        #expect(result.stderr.contains("/nonexistent/natoaz/bin/natoazd"), "\(result.transcript)")
    }

    @Test func installSubstitutesEveryPlaceholder() throws {
        let deployment = try Deployment()
        for name in Deployment.unitNames {
            let rendered = try String(contentsOfFile: deployment.path(name), encoding: .utf8)
            // The Makefile's install target knows @BINDIR@ and @SHAREDIR@ and nothing else.
            let leftover = rendered.split(separator: "\n").filter {
                $0.contains(/@[A-Z_]+@/)
            }
            #expect(leftover.isEmpty, "\(name) keeps placeholders: \(leftover)")
        }
    }
}

/// ExecReload runs the real natoazctl: its command line must parse, and name the unit's socket.
@Suite struct ReloadCommandTests {
    @Test func execReloadNamesTheSocketUnitsPath() throws {
        let socket = UnitFile(try Deployment.source("natoazd.socket"))
        let command = try Self.execReload(UnitFile(try Deployment.source("natoazd.service")))
        let flag = try #require(command.firstIndex(of: "--socket"))
        #expect(command[flag + 1] == socket.value("Socket", "ListenStream"))
    }

    @Test func natoazctlAcceptsTheExecReloadCommandLine() throws {
        let deployment = try Deployment()
        let service = UnitFile(
            try String(contentsOfFile: deployment.path("natoazd.service"), encoding: .utf8))
        var command = try Self.execReload(service)
        // Point it at a socket nobody listens on: a parsed command line says "unreachable"
        // (status 3); a rejected one would be a usage error (status 2).
        let flag = try #require(command.firstIndex(of: "--socket"))
        let absent = deployment.directory + "/absent.sock"
        command[flag + 1] = absent
        let result = try Tool.run(command[0], Array(command.dropFirst()))
        #expect(result.status == 3, "\(result.transcript)")
        #expect(result.stderr.contains(absent), "\(result.transcript)")
    }

    static func execReload(_ service: UnitFile) throws -> [String] {
        let line = try #require(service.value("Service", "ExecReload"), "no ExecReload")
        return line.split(separator: " ").map(String.init)
    }
}
