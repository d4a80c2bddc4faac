import Foundation
import NatoAzTestSupport

/// Runs `executable` with `arguments` in a predictable environment: no socket override, no
/// colour decisions from the caller, help text wrapped at ArgumentParser's default width.
func run(
    _ executable: String, _ arguments: [String], stdin: String? = nil,
    environment: [String: String] = [:], timeout: Duration = .seconds(20)
) throws -> ProcessResult {
    try runProcess(
        executable, arguments, stdin: stdin, environment: environment,
        removing: ["NATOAZ_SOCKET", "COLUMNS", "NO_COLOR"], timeout: timeout)
}

/// Runs the built natoazctl.
func natoazctl(
    _ arguments: String..., stdin: String? = nil, environment: [String: String] = [:],
    timeout: Duration = .seconds(20)
) throws -> ProcessResult {
    try run(
        PackagePaths.natoazctl, arguments, stdin: stdin, environment: environment,
        timeout: timeout)
}

/// Runs the built natoazctl through bash's `time`, and returns what natoazctl said (its
/// standard error without the timing line) with the CPU seconds (user + system) it used:
/// a bound on work that holds whatever else the machine is doing, where wall time does not.
func natoazctlTimingCPU(
    _ arguments: String..., stdin: String? = nil, timeout: Duration = .seconds(60)
) throws -> (result: ProcessResult, cpuSeconds: Double) {
    // `time` reports on bash's stderr after the command's own stderr, as the last line.
    let script = #"TIMEFORMAT='natoaz-cpu %U %S'; time "$0" "$@""#
    var result = try run(
        "/bin/bash", ["-c", script, PackagePaths.natoazctl] + arguments, stdin: stdin,
        timeout: timeout)
    var lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    while lines.last?.isEmpty == true { lines.removeLast() }
    guard let timing = lines.popLast(), timing.hasPrefix("natoaz-cpu ") else {
        throw TestFailure("no timing line from bash:\n\(result.transcript)")
    }
    let fields = timing.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard fields.count == 2 else { throw TestFailure("unreadable timing line: \(timing)") }
    result.stderr = lines.map { $0 + "\n" }.joined()
    return (result, fields[0] + fields[1])
}
