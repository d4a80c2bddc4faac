/// What the load driver sends, how much, and for how long.
public struct LoadOptions: Sendable {
    /// The request kinds natoaz-bench can send.
    public enum Method: String, Sendable, CaseIterable {
        case ping, get, search, kwic
        /// ping 10%, search 50%, get 25%, kwic 15%.
        case mix
    }

    /// The daemon's socket; natoaz-bench talks to no other.
    public var socketPath: String
    /// Which requests to send.
    public var method: Method
    /// Connections, driven by `threads` threads.
    public var connections: Int
    /// Threads driving the connections, 1 by default: one thread multiplexes all connections
    /// with `poll(2)`, as redis-benchmark serves all its clients from one event loop. On a
    /// small machine the client's threads compete with the server for the cores: with a thread
    /// per connection, 4 connections cost the client 1.3-2.5x the CPU per request and the
    /// server more too (fewer requests per wake-up); see BENCHMARKS.md, "Session 4".
    public var threads: Int
    /// Requests kept in flight on each connection (pipelining).
    public var inFlight: Int
    /// Send the `inFlight` requests together and wait for all their answers before sending
    /// the next ones, as redis-benchmark's `-P` does; otherwise each answer is replaced by a
    /// new request at once, so `inFlight` stay outstanding.
    public var batched: Bool
    /// Requests to send in all, over all connections.
    public var requests: Int
    /// Stop sending after this many seconds, whatever `requests` says.
    public var durationSeconds: Double
    /// Give up on a connection that makes no progress for this long.
    public var timeoutMilliseconds: Int32
    /// Queries for search and kwic (kwic uses the words of single-word queries).
    public var queries: [BenchmarkQuery]
    /// Document ids for get and the mix; they must not be empty for those methods
    /// (natoaz-bench collects some with ``IDCollector`` when not given an `--ids-file`).
    public var ids: [String]
    /// Results per search and kwic request.
    public var limit: UInt32
    /// Ask for zstd compression (with natoaz's dictionary) in the handshake.
    public var compression: Bool

    /// Options for `method` against `socketPath`, with bounded defaults (10,000 requests,
    /// at most 30 s).
    public init(
        socketPath: String, method: Method, connections: Int = 1, threads: Int = 1,
        inFlight: Int = 1, batched: Bool = false, requests: Int = 10_000,
        durationSeconds: Double = 30,
        timeoutMilliseconds: Int32 = 10_000,
        queries: [BenchmarkQuery] = [], ids: [String] = [], limit: UInt32 = 10,
        compression: Bool = false
    ) {
        self.socketPath = socketPath
        self.method = method
        self.connections = connections
        self.threads = threads
        self.inFlight = inFlight
        self.batched = batched
        self.requests = requests
        self.durationSeconds = durationSeconds
        self.timeoutMilliseconds = timeoutMilliseconds
        self.queries = queries
        self.ids = ids
        self.limit = limit
        self.compression = compression
    }

    /// The bounds every run keeps, checked before anything is sent.
    public func validate() throws(LoadError) {
        guard (1...1_024).contains(connections) else {
            throw LoadError("--connections must be between 1 and 1024, not \(connections)")
        }
        if !(1...connections).contains(threads) {
            throw LoadError(
                "--threads must be between 1 and --connections (\(connections)), not \(threads)")
        }
        guard (1...4_096).contains(inFlight) else {
            throw LoadError("--in-flight must be between 1 and 4096, not \(inFlight)")
        }
        guard (1...100_000_000).contains(requests) else {
            throw LoadError("--requests must be between 1 and 100000000, not \(requests)")
        }
        guard durationSeconds > 0 && durationSeconds <= 86_400 else {
            throw LoadError("--duration must be above 0 and at most 86400 seconds")
        }
        guard timeoutMilliseconds > 0 else { throw LoadError("--timeout must be positive") }
        if method == .search || method == .kwic || method == .mix, queries.isEmpty {
            throw LoadError("--method \(method.rawValue) needs queries (--query-file)")
        }
    }
}
