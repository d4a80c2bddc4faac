import Foundation

/// Where the tests find the package's files and the built `natoazd`.
enum TestPaths {
    /// The package root, from this file's path (…/Tests/NatoAzServerTests/Support/).
    static let packageRoot: String = {
        let path = #filePath
        guard let range = path.range(of: "/Tests/NatoAzServerTests/") else { return "." }
        return String(path[..<range.lowerBound])
    }()

    static let seeds = packageRoot + "/seeds"

    /// The `natoazd` built next to the test bundle (`swift build` builds it; `make test` runs
    /// `swift build` first), else `.build/debug/natoazd`. `$NATOAZD_PATH` overrides both.
    static let natoazd: String = {
        if let override = ProcessInfo.processInfo.environment["NATOAZD_PATH"] { return override }
        let fileManager = FileManager.default
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            // The bundle may be a directory (…/natoazPackageTests.xctest/…) on some setups.
            for _ in 0..<3 {
                let candidate = directory.appendingPathComponent("natoazd").path
                if fileManager.isExecutableFile(atPath: candidate) { return candidate }
                directory.deleteLastPathComponent()
            }
        }
        return packageRoot + "/.build/debug/natoazd"
    }()

    /// The generated Python protobuf module, for clients run under another uid.
    static let pythonClientDirectory = packageRoot + "/clients/python"
}

/// A fresh temporary directory, removed when the value is dropped.
final class TemporaryDirectory {
    let path: String

    init(_ prefix: String = "natoazd-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).standardizedFileURL.path
        var template = Array((base + "/\(prefix).XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A copy of the bundled seeds inside this directory.
    func copyOfSeeds(named name: String = "corpus") throws -> String {
        let destination = path + "/" + name
        try FileManager.default.copyItem(atPath: TestPaths.seeds, toPath: destination)
        return destination
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
