import Foundation

/// The outcome of running an external tool to completion.
struct ToolResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Everything the tool said, for failure messages.
    var transcript: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// Errors from locating or running the real systemd tools.
struct ToolError: Error, CustomStringConvertible {
    var description: String
}

/// Runs the real systemd tools (no mocks): the tests judge the unit files exactly as systemd does.
enum Tool {
    /// Runs `executable` with `arguments`, waits at most `timeout` seconds, and captures its output.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        timeout: Double = 20
    ) throws -> ToolResult {
        guard let path = locate(executable) else {
            throw ToolError(
                description: "\(executable) is not installed; `make test-deps` installs it")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Drain both pipes concurrently so a chatty tool cannot block on a full pipe.
        let stdoutData = LockedData()
        let stderrData = LockedData()
        let group = DispatchGroup()
        for (pipe, sink) in [(out, stdoutData), (err, stderrData)] {
            DispatchQueue.global().async(group: group) {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
            }
        }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = exited.wait(timeout: .now() + 5)
            throw ToolError(
                description: "\(executable) \(arguments) did not finish in \(timeout) s")
        }
        group.wait()
        return ToolResult(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData.get(), as: UTF8.self),
            stderr: String(decoding: stderrData.get(), as: UTF8.self))
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

/// Bytes written by one queue and read by another after a `DispatchGroup.wait`.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
