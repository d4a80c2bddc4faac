import ArgumentParser
import NatoAzBenchKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `natoaz-bench [run]`: drives a running natoazd and reports throughput and latency.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Drive a running natoazd and report requests/s, latency, errors and bytes.",
        discussion: """
            N connections (all driven by one thread unless --threads says otherwise) keep K \
            requests in flight until --requests have been sent or --duration has passed, \
            whichever comes first; a connection that makes no progress for --timeout \
            milliseconds is abandoned and its requests counted as \
            errors. Latency is measured per request (HdrHistogram) from the write that carried \
            it to the read that brought its answer. Each answer is checked from its frame \
            (id, error code, that the body is the method asked for, a search's total) without \
            decoding the whole response, as redis-benchmark checks a reply's type; errors are \
            counted by code, and an answer with another method's body counts as \
            "unexpected-body". Talks only to --socket.
            """
    )

    @Option(help: "The natoazd Unix socket to drive.")
    var socket: String

    @Option(help: "Requests to send: ping, get, search, kwic or mix.")
    var method: String = "ping"

    @Option(help: "Connections (driven by --threads threads).")
    var connections: Int = 1

    @Option(
        help: """
            Threads driving the connections (at most --connections). One thread multiplexes \
            its connections with poll(2), as redis-benchmark does; --threads N gives each of N \
            connections its own thread (costlier for the client on a small machine).
            """)
    var threads: Int = 1

    @Option(name: .customLong("in-flight"), help: "Requests outstanding per connection.")
    var inFlight: Int = 1

    @Flag(
        help: """
            Send the --in-flight requests of a connection together and wait for all their \
            answers before the next ones (redis-benchmark -P), instead of replacing each answer \
            with a new request at once.
            """)
    var batched = false

    @Option(help: "Requests to send in all (default 10000, or every query --repeat times).")
    var requests: Int?

    @Option(help: "Stop sending after this many seconds.")
    var duration: Double = 30

    @Option(help: "Abandon a connection after this many milliseconds without progress.")
    var timeout: Int32 = 10_000

    @Option(
        name: .customLong("query-file"), help: "CLASS<TAB>QUERY lines for search, kwic and mix.")
    var queryFile: String?

    @Option(help: "Send each query of --query-file this many times (when --requests is not given).")
    var `repeat`: Int = 1

    @Option(
        name: .customLong("ids-file"),
        help: "Document ids for get, one per line (default: found by searching).")
    var idsFile: String?

    @Option(help: "Results per search or kwic request.")
    var limit: UInt32 = 10

    @Flag(help: "Ask for zstd compression with natoaz's dictionary.")
    var compress = false

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard LoadOptions.Method(rawValue: method) != nil else {
            throw ValidationError(
                "--method must be one of "
                    + LoadOptions.Method.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard (1...1_000_000).contains(`repeat`) else {
            throw ValidationError("--repeat must be between 1 and 1000000.")
        }
    }

    func run() throws {
        let method = LoadOptions.Method(rawValue: method)!
        do {
            var queries: [BenchmarkQuery] = []
            if let queryFile {
                let bytes = try readFile(queryFile)
                queries = try BenchmarkQuery.parseFile(
                    String(decoding: bytes, as: UTF8.self), name: queryFile)
            } else if method == .search || method == .kwic || method == .mix {
                queries = QueryGenerator(seed: 1).queries(perClass: 20)
            }
            var ids: [String] = []
            if let idsFile {
                ids = String(decoding: try readFile(idsFile), as: UTF8.self)
                    .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            } else if method == .get || method == .mix {
                let words = queries.filter { $0.queryClass == .single }.map(\.text)
                ids = try IDCollector.collect(
                    socketPath: socket, queries: ["nato", "azerbaijan", "НАТО"] + words.prefix(20),
                    timeoutMilliseconds: timeout)
                guard !ids.isEmpty else {
                    throw LoadError("no document ids found by searching; pass --ids-file")
                }
            }
            let options = LoadOptions(
                socketPath: socket, method: method, connections: connections, threads: threads,
                inFlight: inFlight,
                batched: batched,
                requests: requests ?? (queryFile != nil ? queries.count * `repeat` : 10_000),
                durationSeconds: duration, timeoutMilliseconds: timeout, queries: queries,
                ids: ids, limit: limit, compression: compress)
            let report = try LoadDriver(options: options).run()
            print(json ? report.json : report.text)
            if report.completed == 0 { throw ExitCode(1) }
        } catch let error as LoadError {
            printError("natoaz-bench: \(error)")
            throw ExitCode(1)
        } catch let error as QueryFileError {
            printError("natoaz-bench: \(error)")
            throw ExitCode(1)
        }
    }

    private func readFile(_ path: String) throws(LoadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LoadError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw LoadError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            guard bytes.count <= 64 << 20 else { throw LoadError("\(path) is larger than 64 MB") }
        }
    }
}
