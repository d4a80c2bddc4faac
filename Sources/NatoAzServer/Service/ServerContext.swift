public import Logging
import NatoAzProtocol

/// Everything shared by all connections: configuration, the corpus generations, the
/// reloader, counters, the access policy and the work queue. Immutable and Sendable;
/// the mutable parts (generations, stats) synchronise internally.
public final class ServerContext: Sendable {
    /// The settings in force (limits, timeouts, access lists).
    public let configuration: ServerConfiguration
    /// The generation serving now; requests take it when they start.
    public let store: GenerationStore<ServingCorpus>
    /// Runs reloads (SIGHUP and the Reload method) one at a time.
    public let reloader: Reloader<ServingCorpus>
    /// The counters the Stats method reports.
    public let stats: ServerStats
    /// Who may call the administrative methods, from `configuration` and the daemon's uid.
    public let accessPolicy: AccessPolicy
    /// The worker threads, off the event loops, for requests that may take long (search).
    /// They serve the connections in turn; reloads and the deferred builds go through it
    /// too, so that it knows which workers they hold.
    public let workQueue: FairWorkQueue
    /// The daemon's logger; connections add their id as metadata.
    public let logger: Logger
    let startedAt = ContinuousClock.now
    let connections = ConnectionRegistry()
    /// Bounds the log lines peers cause (refused connections, bad frames, timeouts).
    let peerEvents = PeerEventThrottle()

    /// The shared state of one daemon; `daemonUID` (default: the effective uid) is always
    /// allowed the administrative methods.
    public init(
        configuration: ServerConfiguration, store: GenerationStore<ServingCorpus>,
        reloader: Reloader<ServingCorpus>, stats: ServerStats, workQueue: FairWorkQueue,
        logger: Logger, daemonUID: UInt32? = nil
    ) {
        self.configuration = configuration
        self.store = store
        self.reloader = reloader
        self.stats = stats
        self.accessPolicy = AccessPolicy(configuration: configuration, daemonUID: daemonUID)
        self.workQueue = workQueue
        self.logger = logger
    }

    /// The limits announced in Hello and Info.
    var announcedLimits: Limits {
        Limits(
            maxFrameBytes: UInt32(configuration.maxFrameBytes),
            maxDecompressedBytes: UInt32(configuration.maxDecompressedBytes),
            maxInFlight: UInt32(configuration.maxInFlight),
            idleTimeoutMs: Self.milliseconds(configuration.idleTimeout),
            maxResults: UInt32(configuration.maxResults),
            handshakeTimeoutMs: Self.milliseconds(configuration.handshakeTimeout),
            frameTimeoutMs: Self.milliseconds(configuration.frameTimeout),
            lookupTimeLimitMs: Self.milliseconds(configuration.lookupTimeLimit))
    }

    /// What Hello offers: protocol versions, zstd, the bundled dictionary, the limits.
    var handshakeOffer: Handshake.Offer {
        Handshake.Offer(
            compression: true, dictionaries: [.bundled], limits: announcedLimits,
            serverName: ServerVersion.name, serverVersion: ServerVersion.current)
    }

    /// The limits enforced on frames received after the handshake.
    var protocolLimits: ProtocolLimits {
        ProtocolLimits(
            maxFrameBytes: configuration.maxFrameBytes,
            maxDecompressedBytes: configuration.maxDecompressedBytes)
    }

    var uptime: Duration { ContinuousClock.now - startedAt }

    static func milliseconds(_ duration: Duration) -> UInt32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return UInt32(clamping: total)
    }

    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(clamping: seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    }
}
