import Foundation

/// The real `natoazd`, started as a child process on a temporary socket and always stopped
/// (SIGKILL as a last resort) when the value is dropped, so no test leaves a daemon behind.
final class DaemonProcess {
    let process = Process()
    let socketPath: String
    let logPath: String
    private let logHandle: FileHandle

    /// Starts `natoazd --socket socketPath --corpus corpus` plus `arguments`.
    /// `executable` and `leadingArguments` allow a wrapper (systemd-socket-activate).
    init(
        socketPath: String, corpus: String?, arguments: [String] = [],
        environment: [String: String] = [:], logDirectory: String,
        executable: String = TestPaths.natoazd, leadingArguments: [String] = [],
        passSocketFlag: Bool = true, journalStreamIsLog: Bool = false
    ) throws {
        self.socketPath = socketPath
        self.logPath = logDirectory + "/natoazd-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        var fullArguments = leadingArguments
        if passSocketFlag { fullArguments += ["--socket", socketPath] }
        if let corpus { fullArguments += ["--corpus", corpus] }
        fullArguments += arguments
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = fullArguments
        var env = ProcessInfo.processInfo.environment
        for key in ["NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "JOURNAL_STREAM", "WATCHDOG_USEC"]
        {
            env[key] = nil
        }
        env.merge(environment) { _, new in new }
        if journalStreamIsLog {
            // What systemd does for StandardError=journal: name the stream stderr is.
            var info = stat()
            stat(logPath, &info)
            env["JOURNAL_STREAM"] = "\(info.st_dev):\(info.st_ino)"
        }
        process.environment = env
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? logHandle.close()
    }

    var pid: Int32 { process.processIdentifier }

    /// Everything the daemon logged so far.
    var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Waits until a client can complete a handshake, or fails (with the log) after `timeout`.
    @discardableResult
    func waitUntilServing(timeout: Duration = .seconds(20)) throws -> TestClient {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            guard process.isRunning else {
                throw TestFailure("natoazd exited (\(process.terminationStatus)) early:\n\(log)")
            }
            if let client = try? TestClient(path: socketPath, timeout: .seconds(30)) {
                if (try? client.hello()) != nil { return client }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TestFailure("natoazd did not serve on \(socketPath) within \(timeout):\n\(log)")
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// The exit status, or nil if it is still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(20)) -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning && clock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Waits until the log contains `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(10)) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if log.contains(text) { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TestFailure("the log never showed \"\(text)\":\n\(log)")
    }
}

/// Runs a command to completion (bounded), returning its exit status and output.
func runCommand(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
    timeout: Duration = .seconds(20)
) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    // Read concurrently so a chatty child cannot block on a full pipe.
    let reader = Thread.detachedOutputReader(pipe.fileHandleForReading)
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while process.isRunning && clock.now < deadline {
        Thread.sleep(forTimeInterval: 0.01)
    }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw TestFailure("\(executable) \(arguments) did not finish within \(timeout)")
    }
    return (process.terminationStatus, reader.wait())
}

/// Collects a pipe's output on a background thread.
final class OutputReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

extension Thread {
    static func detachedOutputReader(_ handle: FileHandle) -> OutputReader {
        OutputReader(handle)
    }
}
