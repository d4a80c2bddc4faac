import Foundation

/// Where the suite finds the package's files and the `natoazd` that `swift build` built.
enum Paths {
    /// The package root, from this file's path (…/Tests/HostileClientTests/Support/).
    static let packageRoot: String = {
        let path = #filePath
        guard let range = path.range(of: "/Tests/HostileClientTests/") else { return "." }
        return String(path[..<range.lowerBound])
    }()

    static let seeds = packageRoot + "/seeds"

    /// `natoazd` next to the test bundle (`make test` runs `swift build` first), else
    /// `.build/debug/natoazd`; `$NATOAZD_PATH` overrides both.
    static let natoazd: String = {
        if let override = ProcessInfo.processInfo.environment["NATOAZD_PATH"] { return override }
        let fileManager = FileManager.default
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            for _ in 0..<3 {
                let candidate = directory.appendingPathComponent("natoazd").path
                if fileManager.isExecutableFile(atPath: candidate) { return candidate }
                directory.deleteLastPathComponent()
            }
        }
        return packageRoot + "/.build/debug/natoazd"
    }()
}

/// A fresh directory under /tmp, removed (with everything in it) when the value is dropped.
final class ScratchDirectory {
    let path: String

    init(_ prefix: String = "natoaz-hostile") throws {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp: \(errno)") }
        path = String(cString: made)
    }

    deinit {
        // A test may have left part of the tree read-only; make it removable first.
        _ = try? Process.run(URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+rwx", path])
            .waitUntilExit()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A copy of the bundled seeds inside this directory.
    func copyOfSeeds(named name: String = "corpus") throws -> String {
        let destination = path + "/" + name
        try FileManager.default.copyItem(atPath: Paths.seeds, toPath: destination)
        return destination
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(
    within timeout: Duration = .seconds(10), _ condition: () throws -> Bool
) rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}
