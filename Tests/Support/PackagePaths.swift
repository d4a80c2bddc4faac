import Foundation

/// Where the tests find the package's files and the executables `swift build` built.
public enum PackagePaths {
    /// The package root, from this file's path (…/Tests/Support/PackagePaths.swift).
    public static let root: String = {
        let path = #filePath
        guard let range = path.range(of: "/Tests/Support/") else { return "." }
        return String(path[..<range.lowerBound])
    }()

    /// The bundled corpus.
    public static let seeds = root + "/seeds"

    /// The `natoazd` under test; `$NATOAZD_PATH` overrides the built one.
    public static let natoazd: String =
        ProcessInfo.processInfo.environment["NATOAZD_PATH"] ?? builtProduct("natoazd")

    /// The `natoazctl` under test.
    public static let natoazctl = builtProduct("natoazctl")

    /// An executable product built next to the test bundle (`make test` runs `swift build`
    /// before `swift test`, so every product is there), else the one in `.build/debug`.
    public static func builtProduct(_ name: String) -> String {
        let fileManager = FileManager.default
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            // On Linux the runner is `<bin>/natoazPackageTests.xctest`; a bundle directory
            // layout puts it a level or two deeper.
            for _ in 0..<3 {
                let candidate = directory.appendingPathComponent(name).path
                if fileManager.isExecutableFile(atPath: candidate) { return candidate }
                directory.deleteLastPathComponent()
            }
        }
        return root + "/.build/debug/" + name
    }
}
