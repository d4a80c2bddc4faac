import NIOCore
import NatoAzCorpus

/// Everything `natoazd` can be told, with the defaults it runs with when told nothing.
///
/// Built once at start-up by `ConfigurationLoader` from flags, environment and the optional
/// config file (flags win over environment, environment over the file, the file over these
/// defaults). Immutable afterwards: a reload re-reads the corpus, not the configuration.
public struct ServerConfiguration: Sendable, Hashable {
    // MARK: Listening

    /// Where to listen. Ignored under systemd socket activation (the inherited socket is used).
    public var socketPath: String
    /// Permission bits of the socket file (who may connect), applied atomically at bind.
    public var socketMode: UInt32 = 0o660
    /// Group owning the socket file; nil keeps the daemon's group.
    public var socketGroupID: UInt32?

    // MARK: Corpus

    /// The corpus directory (plain-text articles).
    public var corpusPath: String

    // MARK: Index snapshot

    /// Where the index snapshot is kept (see ``CorpusLoadPath``): the loaded corpus and its
    /// index, reopened instead of rebuilt when the corpus, the executable and the options
    /// have not changed. nil (the default, unless systemd sets `$CACHE_DIRECTORY`): none is
    /// read or written.
    public var cacheDirectory: String?
    /// `--no-cache`: no snapshot even when a cache directory is set or `$CACHE_DIRECTORY` is.
    public var cacheDisabled: Bool = false

    // MARK: Access control

    /// Corpus files larger than this are rejected unread: a news article is a few KiB, so a
    /// file near the default 8 MiB is almost certainly not one.
    public var maxFileBytes: Int = LoadOptions().maxFileBytes
    /// Uids allowed administrative methods besides root and the daemon's own uid.
    public var adminUIDs: [UInt32] = []
    /// Groups whose members (primary or supplementary) may call administrative methods.
    public var adminGroupIDs: [UInt32] = []
    /// When false (the default), Stats is administrative like Reload: request counts and
    /// connection numbers tell an observer what other local users are doing.
    public var publicStats: Bool = false

    // MARK: Limits

    /// Connections open at once; one more is answered `OVERLOADED` and closed.
    public var maxConnections: Int = 512
    /// Largest frame (flags byte + payload) accepted or sent.
    public var maxFrameBytes: Int = 4 << 20
    /// Largest payload after zstd decompression. Announced in the handshake, and clients
    /// hold the server's compressed responses to it too (natoazctl does): it must stay above
    /// the largest document (`max-file-bytes`, 8 MiB), or a Get of one fails in the client.
    /// (Session 15 lowered it to 1 MiB for a while, and `natoazctl get` of a 2 MB article
    /// failed.) Inflating is bounded per turn of the event loop instead
    /// (`ConnectionHandler.decompressionBudget`).
    public var maxDecompressedBytes: Int = 16 << 20
    /// Requests one connection may have in flight; beyond it the server stops reading from it.
    public var maxInFlight: Int = 128
    /// Response bytes buffered for one connection before it counts as not reading.
    public var maxBufferedBytes: Int = 8 << 20
    /// Largest `limit` a list method accepts.
    public var maxResults: Int = 1000
    /// Time from connecting to a complete Hello.
    public var handshakeTimeout: Duration = .seconds(5)
    /// Once a frame's first byte has arrived (after the handshake), the rest must follow
    /// within this time: a peer dripping a frame byte by byte cannot hold a connection and
    /// its partial frame (up to `maxFrameBytes`) for ever.
    public var frameTimeout: Duration = .seconds(10)
    /// A connection with no request in flight and nothing received for this long is closed.
    public var idleTimeout: Duration = .seconds(300)
    /// A connection whose responses stay unread (socket not writable) this long is closed.
    public var writeTimeout: Duration = .seconds(10)
    /// On SIGTERM, how long in-flight requests get to finish before connections are cut.
    public var shutdownTimeout: Duration = .seconds(10)
    /// How long a Kwic, Collocations, Search, Similar or Entities request without a deadline
    /// may work before a Kwic or Collocations request is answered with what it has found,
    /// marked truncated, and the others with DEADLINE_EXCEEDED; zero for no bound.
    /// Without it a client that sets no deadline could hold a worker for seconds per request
    /// (a Kwic of 64 common words OR'd took 2.2 s at 100k articles, a Search of 64 OR'd
    /// phrases 3.7 s) and queue everyone behind it.
    public var lookupTimeLimit: Duration = .seconds(1)

    // MARK: Threads and logging

    /// Event loop threads (socket I/O). Default: one per core.
    public var eventLoopThreads: Int = System.coreCount
    /// Worker threads for slow requests (search), so they never block I/O. Default: one per core.
    public var workerThreads: Int = System.coreCount
    /// After answering a connection that is alone on its event loop, how long the loop keeps
    /// checking its socket for the next request before it sleeps (see `BusyPoll`); zero: it
    /// sleeps at once. Bounded per answer, and backs off when no request came in time.
    /// Off by default: a spinning loop spends its scheduler credit, and on a CPU shared with
    /// busy processes it then waits out their turn instead of preempting them on a wake-up
    /// (BENCHMARKS.md, "Session 17: c1").
    public var busyPoll: Duration = .zero
    /// Minimum level logged to stderr: trace, debug, info, notice, warning, error, critical.
    public var logLevel: String = "info"

    /// A configuration with the given socket and corpus and every other setting at its
    /// default (`ConfigurationLoader` fills in the rest from flags, environment and file).
    public init(socketPath: String, corpusPath: String) {
        self.socketPath = socketPath
        self.corpusPath = corpusPath
    }
}
