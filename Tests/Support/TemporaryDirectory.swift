public import Foundation

/// A fresh directory under /tmp, removed with everything in it when the value is dropped.
///
/// Under /tmp rather than `$TMPDIR` on purpose: Unix socket paths must stay under 108 bytes.
public final class TemporaryDirectory {
    public let path: String

    public init(_ prefix: String = "natoaz-test") throws {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestFailure("mkdtemp /tmp/\(prefix).XXXXXX: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    deinit {
        if (try? FileManager.default.removeItem(atPath: path)) == nil {
            // A test may have left part of the tree read-only; make it removable and retry.
            _ = try? Process.run(
                URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+rwx", path]
            ).waitUntilExit()
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    public var url: URL { URL(fileURLWithPath: path) }

    /// The path of `name` inside this directory.
    public func path(_ name: String) -> String { path + "/" + name }

    /// A copy of the bundled seeds inside this directory; returns its path.
    public func copyOfSeeds(named name: String = "corpus") throws -> String {
        let destination = path(name)
        try FileManager.default.copyItem(atPath: PackagePaths.seeds, toPath: destination)
        return destination
    }

    public func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
    }

    public func write(_ name: String, _ text: String) throws {
        try write(name, bytes: Array(text.utf8))
    }

    public func makeDirectory(_ name: String) throws {
        try FileManager.default.createDirectory(
            atPath: path(name), withIntermediateDirectories: false)
    }
}
