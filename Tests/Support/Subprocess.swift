import Foundation

/// The outcome of running a program to completion.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// Standard output followed by standard error.
    public var output: String { stdout + stderr }

    /// Everything the program said, for failure messages.
    public var transcript: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// Runs `executable` (a path) with `arguments` to completion, feeding it `stdin`.
///
/// The child inherits this process's environment, minus the variables named in `removing`,
/// plus `environment`. Output goes through files, so a chatty child never blocks on a full
/// pipe. Past `timeout` the child is killed and this throws: no test waits forever.
public func runProcess(
    _ executable: String, _ arguments: [String], stdin: String? = nil,
    environment: [String: String] = [:], removing removedVariables: [String] = [],
    timeout: Duration = .seconds(20)
) throws -> ProcessResult {
    let scratch = try TemporaryDirectory("natoaz-run")
    let outPath = scratch.path("stdout")
    let errPath = scratch.path("stderr")
    let inPath = scratch.path("stdin")
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var inherited = ProcessInfo.processInfo.environment
    for name in removedVariables { inherited[name] = nil }
    process.environment = inherited.merging(environment) { _, new in new }
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
    try process.run()
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while process.isRunning && clock.now < deadline {
        usleep(5_000)
    }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw TestFailure("\(executable) \(arguments) did not finish within \(timeout)")
    }
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
}
