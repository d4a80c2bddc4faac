public import Logging
public import NIOPosix
import NatoAzProtocol

/// Everything shared by all connections: configuration, the corpus generations, the
/// reloader, counters, the access policy and the worker threads. Immutable and Sendable;
/// the mutable parts (generations, stats) synchronise internally.
public final class ServerContext: Sendable {
    public let configuration: ServerConfiguration
    public let store: GenerationStore<ServingCorpus>
    public let reloader: Reloader<ServingCorpus>
    public let stats: ServerStats
    public let accessPolicy: AccessPolicy
    /// Worker threads for requests that may take long (search), off the event loops.
    public let workers: NIOThreadPool
    /// Long requests go through here, so that the workers serve the connections in turn; so do
    /// reloads and entity index builds, so that it knows which workers they hold.
    public let workQueue: FairWorkQueue
    public let logger: Logger
    let startedAt = ContinuousClock.now
    let connections = ConnectionRegistry()

    public init(
        configuration: ServerConfiguration, store: GenerationStore<ServingCorpus>,
        reloader: Reloader<ServingCorpus>, stats: ServerStats, workers: NIOThreadPool,
        logger: Logger, daemonUID: UInt32? = nil, workQueue: FairWorkQueue? = nil
    ) {
        self.configuration = configuration
        self.store = store
        self.reloader = reloader
        self.stats = stats
        self.accessPolicy = AccessPolicy(configuration: configuration, daemonUID: daemonUID)
        self.workers = workers
        self.workQueue =
            workQueue ?? FairWorkQueue(pool: workers, width: max(1, configuration.workerThreads))
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
            frameTimeoutMs: Self.milliseconds(configuration.frameTimeout))
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
