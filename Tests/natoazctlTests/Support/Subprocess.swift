import Foundation
import Testing

/// The result of running a program to completion.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Locates the package's built executables: they sit next to the test bundle in the build
/// directory (`swift build` and `swift test` put every product there).
enum BuiltProducts {
    static var directory: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // On Linux the test runner is `<bin>/natoazPackageTests.xctest`; be robust to a bundle
        // directory layout too.
        while directory.path != "/" {
            if FileManager.default.isExecutableFile(
                atPath: directory.appendingPathComponent("natoazctl").path)
            {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        return executable.deletingLastPathComponent()
    }

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}

/// Runs `executable` with `arguments`, feeding `stdin`, killing it after `timeout` seconds.
/// Output goes through files, so a chatty child can never block on a full pipe.
func run(
    _ executable: String, _ arguments: [String], stdin: String? = nil,
    environment: [String: String] = [:], timeout: TimeInterval = 20
) throws -> ProcessResult {
    let scratch = try TemporaryDirectory()
    let outURL = scratch.url.appendingPathComponent("stdout")
    let errURL = scratch.url.appendingPathComponent("stderr")
    let inURL = scratch.url.appendingPathComponent("stdin")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    // A predictable environment: no socket override, no colour decisions from the caller,
    // help text wrapped at ArgumentParser's default width.
    env["NATOAZ_SOCKET"] = nil
    env["COLUMNS"] = nil
    env["NO_COLOR"] = nil
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    process.standardInput = try FileHandle(forReadingFrom: inURL)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline {
        usleep(5_000)
    }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        Issue.record("\(executable) \(arguments) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// Runs the built natoazctl.
func natoazctl(
    _ arguments: String..., stdin: String? = nil, environment: [String: String] = [:],
    timeout: TimeInterval = 20
) throws -> ProcessResult {
    try run(
        BuiltProducts.path("natoazctl"), arguments, stdin: stdin, environment: environment,
        timeout: timeout)
}

/// A fresh directory under /tmp, removed when the value is deinitialised. Short paths: Unix
/// socket paths must stay under 108 bytes.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        var template = Array("/tmp/natoazctl-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        url = URL(fileURLWithPath: String(cString: made))
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
