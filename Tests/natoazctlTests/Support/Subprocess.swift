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
