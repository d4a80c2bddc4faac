import Foundation

/// The real `natoazd`, started as a child process on a test socket, and always stopped
/// (SIGKILL as a last resort) when the value is dropped, so no test leaves a daemon behind.
///
/// The command is `launcher + [natoazd, "--socket", socketPath, "--corpus", corpus] +
/// arguments`. A launcher (`setpriv …`, `unshare …`, `systemd-socket-activate …`) must exec
/// natoazd, so that ``pid`` ends up being natoazd's.
public final class DaemonProcess {
    public let socketPath: String
    public let corpus: String?
    public let logPath: String
    private let process = Process()
    private let logHandle: FileHandle

    /// Variables a test's own environment must not pass on: a daemon under test is never
    /// under systemd by accident, nor configured by the developer's shell.
    private static func isInheritable(_ name: String) -> Bool {
        !name.hasPrefix("NATOAZ_")
            && ![
                "NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "JOURNAL_STREAM",
                "WATCHDOG_USEC", "WATCHDOG_PID",
            ].contains(name)
    }

    /// Starts natoazd; returns at once (see ``waitUntil(_:timeout:_:)``).
    /// - Parameters:
    ///   - passSocketFlag: false when the socket comes from the launcher (socket activation).
    ///   - journalStreamIsLog: sets `JOURNAL_STREAM` to the log file, as systemd does for
    ///     `StandardError=journal`.
    public init(
        socketPath: String, corpus: String?, arguments: [String] = [],
        environment: [String: String] = [:], logDirectory: String, launcher: [String] = [],
        executable: String = PackagePaths.natoazd, passSocketFlag: Bool = true,
        journalStreamIsLog: Bool = false
    ) throws {
        self.socketPath = socketPath
        self.corpus = corpus
        logPath = logDirectory + "/natoazd-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        var command = launcher + [executable]
        if passSocketFlag { command += ["--socket", socketPath] }
        if let corpus { command += ["--corpus", corpus] }
        command += arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var inherited = ProcessInfo.processInfo.environment.filter { Self.isInheritable($0.key) }
        inherited.merge(environment) { _, new in new }
        if journalStreamIsLog {
            var info = stat()
            stat(logPath, &info)
            inherited["JOURNAL_STREAM"] = "\(info.st_dev):\(info.st_ino)"
        }
        process.environment = inherited
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

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    /// The exit status (or signal number); valid once ``isRunning`` is false.
    public var terminationStatus: Int32 { process.terminationStatus }

    /// Everything the daemon logged so far.
    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    public func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// Waits until `isReady` holds (a handshake succeeded, a file appeared …); fails with the
    /// log as soon as the daemon exits, or after `timeout`.
    public func waitUntil(
        _ what: String, timeout: Duration = .seconds(30), _ isReady: () -> Bool
    ) throws {
        let ready = eventually(within: timeout) { !process.isRunning || isReady() }
        guard process.isRunning else {
            throw TestFailure("natoazd exited (\(process.terminationStatus)) early:\n\(log)")
        }
        guard ready else {
            throw TestFailure("natoazd did not \(what) within \(timeout):\n\(log)")
        }
    }

    /// The exit status, or nil if it is still running after `timeout`.
    public func waitForExit(timeout: Duration = .seconds(20)) -> Int32? {
        _ = eventually(within: timeout) { !process.isRunning }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Waits until the log contains `text`.
    public func waitForLog(_ text: String, timeout: Duration = .seconds(10)) throws {
        guard eventually(within: timeout, { log.contains(text) }) else {
            throw TestFailure("the log never showed \"\(text)\":\n\(log)")
        }
    }

    /// Stops it with SIGTERM and returns its exit status (SIGKILL after `timeout`).
    @discardableResult
    public func stop(timeout: Duration = .seconds(15)) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(pid, SIGTERM)
        if waitForExit(timeout: timeout) == nil {
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// CPU seconds (user + system) the daemon has used so far, from /proc/PID/stat.
    public func cpuSeconds() throws -> Double {
        try Self.cpuSeconds(pid: pid)
    }

    /// CPU seconds (user + system) process `pid` has used so far, from /proc/PID/stat.
    public static func cpuSeconds(pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name may hold spaces; the fields after its closing parenthesis do not.
        guard let close = stat.lastIndex(of: ")") else {
            throw TestFailure("unreadable /proc/\(pid)/stat")
        }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, utime 14 and stime 15 (1-based, proc(5)).
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12])
        else { throw TestFailure("no utime/stime in /proc/\(pid)/stat") }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident memory in KiB (VmRSS).
    public func residentKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let value = line.split(separator: " ", omittingEmptySubsequences: true)
                .dropFirst().first.flatMap({ Int($0) })
        else { throw TestFailure("no VmRSS in /proc/\(pid)/status") }
        return value
    }
}
