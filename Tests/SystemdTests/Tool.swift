import Foundation
import NatoAzTestSupport

/// Errors from locating or running the real systemd tools.
struct ToolError: Error, CustomStringConvertible {
    var description: String
}

/// Runs the real systemd tools (no mocks): the tests judge the unit files exactly as systemd does.
enum Tool {
    /// Runs `executable` (a name on PATH or a path) with `arguments`, waits at most
    /// `timeout`, and captures its output.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        timeout: Duration = .seconds(20)
    ) throws -> ProcessResult {
        guard let path = locate(executable) else {
            throw ToolError(
                description: "\(executable) is not installed; `make test-deps` installs it")
        }
        return try runProcess(path, arguments, environment: environment, timeout: timeout)
    }

    /// The absolute path of `name` on PATH or in the sbin directories root's PATH has.
    static func locate(_ name: String) -> String? {
        if name.hasPrefix("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? name : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        return directories.map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
