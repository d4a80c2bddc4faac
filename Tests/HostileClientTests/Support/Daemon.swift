import Foundation
import NatoAzProtocol
import NatoAzTestSupport

/// The real `natoazd`, started on a socket in a scratch directory with the given flags, and
/// always stopped when the value is dropped; with the checks a hostile case ends on.
final class Daemon {
    let scratch: TemporaryDirectory
    let corpus: String
    private let process: DaemonProcess

    /// Small limits, so each hostile case reaches its limit quickly; `overrides` replace or
    /// add flags (`["--max-connections": "8"]`).
    static func hostileFlags(_ overrides: [String: String] = [:]) -> [String] {
        var merged = [
            "--handshake-timeout": "1s", "--write-timeout": "1s", "--idle-timeout": "20s",
            "--max-connections": "16", "--max-buffered-bytes": "262144",
            "--max-in-flight": "32", "--log-level": "warning",
        ]
        merged.merge(overrides) { _, new in new }
        return merged.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
    }

    /// Starts natoazd on `corpus` (default: a copy of the seeds) with `arguments`, through
    /// `launcher` if given, and waits until it completes a handshake.
    init(
        arguments: [String] = Daemon.hostileFlags(), corpus: String? = nil,
        socketPath: String? = nil, launcher: [String] = [], waitUntilServing: Bool = true
    ) throws {
        scratch = try TemporaryDirectory("natoaz-hostile")
        self.corpus = try corpus ?? scratch.copyOfSeeds()
        process = try DaemonProcess(
            socketPath: socketPath ?? scratch.path("natoaz.sock"), corpus: self.corpus,
            arguments: arguments, logDirectory: scratch.path, launcher: launcher)
        if waitUntilServing { try self.waitUntilServing() }
    }

    var socketPath: String { process.socketPath }
    var pid: Int32 { process.pid }
    var log: String { process.log }

    func waitUntilServing(timeout: Duration = .seconds(30)) throws {
        try process.waitUntil("serve on \(socketPath)", timeout: timeout) {
            guard let client = try? ProtocolClient(path: socketPath) else { return false }
            return (try? client.hello()) != nil
        }
    }

    /// Stops it with SIGTERM and returns its exit status (SIGKILL after `timeout`).
    @discardableResult
    func stop(timeout: Duration = .seconds(15)) -> Int32 { process.stop(timeout: timeout) }

    func signal(_ number: Int32) { process.signal(number) }

    func residentKiB() throws -> Int { try process.residentKiB() }

    // MARK: - Resources, from /proc

    /// Open file descriptors that a hostile client could make leak: sockets, files and pipes.
    /// Anonymous inodes (eventfd, epoll, timerfd) are left out: the runtime creates those
    /// lazily, once per thread or queue, the first time a case happens to need one, which is
    /// not a leak and made this check flaky on a loaded machine.
    func openFileCount() throws -> Int {
        try openFileTargets().filter { !$0.hasPrefix("anon_inode:") }.count
    }

    /// What each open descriptor points at (`socket:[123]`, `/path`, `anon_inode:[eventfd]`).
    func openFileTargets() throws -> [String] {
        let directory = "/proc/\(pid)/fd"
        return try FileManager.default.contentsOfDirectory(atPath: directory).map {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\($0)"))
                ?? "?"
        }.sorted()
    }

    /// Fds and memory now, after a warm-up that touched every path the checks use, so later
    /// growth is the hostile case's doing.
    func baseline() throws -> Baseline {
        for _ in 0..<3 { try checkServes() }
        return Baseline(fds: try openFileCount(), residentKiB: try residentKiB())
    }

    struct Baseline {
        var fds: Int
        var residentKiB: Int
    }

    /// The daemon is unharmed: a new client gets correct answers, its open files come back to
    /// the baseline (the hostile connections are gone), and memory grew by less than
    /// `allowedGrowthKiB` (a healthy run grows by well under 1 MiB; a connection's buffers are
    /// bounded at 256 KiB by `hostileFlags`, so 8 MiB means nothing accumulated).
    func checkHealthy(
        after baseline: Baseline, allowedGrowthKiB: Int = 8 * 1024
    ) throws {
        guard process.isRunning else {
            throw TestFailure("natoazd died (status \(process.terminationStatus)):\n\(log)")
        }
        try checkServes()
        var fds = try openFileCount()
        let closed = try eventually(within: .seconds(10)) {
            fds = try openFileCount()
            return fds <= baseline.fds
        }
        if !closed {
            let targets = (try? openFileTargets().joined(separator: ", ")) ?? "?"
            throw TestFailure(
                "natoazd holds \(fds) fds, \(baseline.fds) before the case: \(targets)")
        }
        let resident = try residentKiB()
        if ProcessInfo.processInfo.environment["NATOAZ_HOSTILE_VERBOSE"] != nil {
            print(
                "natoazd \(pid): fds \(baseline.fds) -> \(fds), VmRSS \(baseline.residentKiB) -> "
                    + "\(resident) KiB")
        }
        if resident - baseline.residentKiB > allowedGrowthKiB {
            throw TestFailure(
                "natoazd grew from \(baseline.residentKiB) KiB to \(resident) KiB resident, "
                    + "more than \(allowedGrowthKiB) KiB")
        }
    }

    /// A fresh client gets a correct Ping, Info and Get.
    func checkServes() throws {
        let client = try ProtocolClient.connected(to: socketPath, compression: true)
        let payload = Array("still here \(UInt64.random(in: 0...UInt64.max))".utf8)
        let ping = try client.call(.ping(PingRequest(payload: payload)))
        guard case .ping(let pong)? = ping.body, pong.payload == payload else {
            throw TestFailure("Ping answered \(ping)")
        }
        let info = try client.call(.info(InfoRequest()))
        guard case .info(let details)? = info.body, details.documentCount > 0 else {
            throw TestFailure("Info answered \(info)")
        }
        guard let id = try Self.articleIDs(in: corpus).randomElement() else {
            throw TestFailure("no article in \(corpus) to ask for")
        }
        let get = try client.call(.get(GetRequest(id: id)))
        guard case .get(let got)? = get.body, got.article?.id == id,
            !(got.article?.paragraphs.isEmpty ?? true)
        else {
            throw TestFailure("Get \(id) answered \(get)")
        }
    }

    /// The ids of the articles in a corpus directory (file names without `.txt`).
    static func articleIDs(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }
}
