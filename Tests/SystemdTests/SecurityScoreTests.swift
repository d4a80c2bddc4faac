import Testing

/// `systemd-analyze security --offline=true` scores the sandbox from 0 (tight) to 10 (none).
@Suite struct SecurityScoreTests {
    /// Debian's redis-server.service scores 1.2 and systemd-timesyncd.service 2.3 here.
    static let goal = 1.0

    @Test func serviceExposureIsAtMostTheGoal() throws {
        let deployment = try Deployment()
        let exposure = try Self.exposure(of: deployment.path("natoazd.service"))
        #expect(exposure <= Self.goal, "natoazd.service exposure \(exposure) > \(Self.goal)")
    }

    /// The same unit without its sandbox must score far worse: proves the score is read right.
    @Test func anUnsandboxedServiceScoresWorse() throws {
        let deployment = try Deployment()
        let source = try String(
            contentsOfFile: deployment.path("natoazd.service"), encoding: .utf8)
        let unsandboxed = source.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.hasPrefix("User=") }.joined(separator: "\n")
        let path = deployment.directory + "/natoazd-unsandboxed.service"
        try unsandboxed.write(toFile: path, atomically: true, encoding: .utf8)
        let exposure = try Self.exposure(of: path)
        #expect(exposure > 9.0, "an unsandboxed root service scored only \(exposure)")
    }

    /// Runs the analysis and reads the "Overall exposure level for X: N.N" line.
    static func exposure(of unit: String) throws -> Double {
        let result = try Tool.run(
            "systemd-analyze", ["security", "--offline=true", "--no-pager", unit],
            environment: ["SYSTEMD_COLORS": "0"])
        let line = try #require(
            result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") },
            "no overall exposure in:\n\(result.transcript)")
        let match = try #require(
            line.firstMatch(of: /:\s*([0-9]+\.[0-9]+)/), "no score in \(line)")
        return try #require(Double(String(match.1)))
    }
}
