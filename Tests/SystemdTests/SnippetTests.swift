import Foundation
import Testing

/// The sysusers.d and tmpfiles.d snippets, applied by the real tools to a scratch root, create
/// what the units name: the user the service runs as, the group that owns the socket, and the
/// socket's directory.
@Suite struct SnippetTests {
    @Test func snippetsCreateTheUserGroupAndSocketDirectory() throws {
        let root = try ScratchRoot()
        try root.install(snippet: "natoaz.sysusers", as: "usr/lib/sysusers.d/natoaz.conf")
        try root.install(snippet: "natoaz.tmpfiles", as: "usr/lib/tmpfiles.d/natoaz.conf")

        let sysusers = try Tool.run("systemd-sysusers", ["--root=\(root.path)"])
        #expect(sysusers.status == 0, "\(sysusers.transcript)")
        let passwd = try root.database("etc/passwd")
        let group = try root.database("etc/group")
        let user = try #require(passwd["natoaz"], "no natoaz user in \(passwd)")
        let gid = try #require(group["natoaz"].flatMap { Int($0[2]) }, "no natoaz group")
        // A system user: below the first regular uid, no login shell.
        #expect(Int(user[2]).map { $0 > 0 && $0 < 1000 } == true, "uid \(user[2])")
        #expect(Int(user[3]) == gid)
        #expect(user[6].hasSuffix("nologin"))

        let tmpfiles = try Tool.run("systemd-tmpfiles", ["--root=\(root.path)", "--create"])
        #expect(tmpfiles.status == 0, "\(tmpfiles.transcript)")
        let socketDirectory = try FileManager.default.attributesOfItem(
            atPath: root.path + "/run/natoaz")
        #expect((socketDirectory[.posixPermissions] as? Int) == 0o750)
        #expect((socketDirectory[.groupOwnerAccountID] as? Int) == gid)
        #expect((socketDirectory[.ownerAccountID] as? Int) == 0)
    }

    @Test func unitsNameWhatTheSnippetsCreate() throws {
        let socket = UnitFile(try Deployment.source("natoazd.socket"))
        let service = UnitFile(try Deployment.source("natoazd.service"))
        let users = snippetLines(try Deployment.source("natoaz.sysusers"))
        let directories = snippetLines(try Deployment.source("natoaz.tmpfiles"))

        let sysusersNames = Set(users.filter { ["u", "g"].contains($0[0]) }.map { $0[1] })
        #expect(sysusersNames.contains(try #require(service.value("Service", "User"))))
        #expect(sysusersNames.contains(try #require(service.value("Service", "Group"))))
        #expect(sysusersNames.contains(try #require(socket.value("Socket", "SocketGroup"))))

        // The socket lives in the directory tmpfiles.d gives to the natoaz group.
        let listen = try #require(socket.value("Socket", "ListenStream"))
        let slash = try #require(listen.lastIndex(of: "/"))
        let directory = String(listen[..<slash])
        let entry = try #require(directories.first { $0[0] == "d" && $0[1] == directory })
        #expect(entry[4] == socket.value("Socket", "SocketGroup"))
        #expect(socket.value("Socket", "SocketMode") == "0660")
    }

    @Test func theCorpusIsReadOnlyForTheService() throws {
        let service = UnitFile(try Deployment.source("natoazd.service"))
        let command = try #require(service.value("Service", "ExecStart"))
            .split(separator: " ").map(String.init)
        let corpusFlag = try #require(command.firstIndex(of: "--corpus"))
        let corpus = command[corpusFlag + 1]
        let readOnly = service.assignments.filter { $0.key == "ReadOnlyPaths" }
            .flatMap { $0.value.split(separator: " ").map(String.init) }
        #expect(readOnly.contains { corpus.hasPrefix($0) }, "\(corpus) not in ReadOnlyPaths")
    }
}

/// An empty directory standing in for `/`, removed when the value is released.
final class ScratchRoot: Sendable {
    let path: String

    init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("natoaz-root-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(
            atPath: path + "/etc", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Copies `systemd/<snippet>` to `<root>/<destination>`, as `make install` does.
    func install(snippet: String, as destination: String) throws {
        let target = URL(fileURLWithPath: path + "/" + destination)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Deployment.source(snippet).write(to: target, atomically: true, encoding: .utf8)
    }

    /// A colon-separated database such as `etc/passwd`, keyed by its first field.
    func database(_ relative: String) throws -> [String: [String]] {
        let text = try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
        var rows: [String: [String]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                .map(String.init)
            rows[fields[0]] = fields
        }
        return rows
    }
}
