public import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// The whole daemon: listen, load the corpus, serve until SIGTERM/SIGINT, reload on SIGHUP.
///
/// Start-up order matters: the socket is bound first (a live daemon on the path is refused
/// before any time is spent loading), then the corpus is loaded, then connections are
/// accepted and READY=1 is sent. Connections made while loading wait in the backlog.
/// SIGTERM or SIGINT during the load abandons it: the daemon stops at once, cleanly.
public enum Daemon {
    /// Runs the daemon with `configuration` until SIGTERM or SIGINT, logging to `logger`;
    /// `environment` supplies systemd's variables (`LISTEN_FDS`, `NOTIFY_SOCKET`,
    /// `WATCHDOG_USEC`, ...).
    ///
    /// - Throws: ``ListenError`` when the socket cannot be opened, ``DaemonError`` when the
    ///   first corpus cannot be loaded, or what the service group fails with; a failed
    ///   reload does not throw, and a stop signal during the first load returns normally.
    public static func run(
        configuration: ServerConfiguration, environment: [String: String], logger: Logger
    ) async throws {
        // Before anything large is allocated.
        ProcessMemory.useFixedMmapThreshold()
        let notifier = SystemdNotifier(environment: environment)
        // Trap the signals first: their default actions would kill a daemon still loading the
        // corpus. A SIGHUP that arrives before the service group runs is queued and reloads
        // then; a SIGTERM or SIGINT abandons the load.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let stop = await StopSignal()
        let socket = try ListeningSocket.open(
            configuration: configuration, environment: environment)
        if socket.replacedStaleSocket {
            logger.notice("replaced a stale socket file", metadata: ["socket": "\(socket.path)"])
        }

        let eventLoops = MultiThreadedEventLoopGroup(
            numberOfThreads: configuration.eventLoopThreads)
        let workers = NIOThreadPool(numberOfThreads: configuration.workerThreads)
        workers.start()
        let builds = BackgroundBuilds()
        do {
            let reloading = try await serve(
                configuration: configuration, environment: environment, socket: socket,
                hangups: hangups, stop: stop, notifier: notifier, eventLoops: eventLoops,
                workers: workers, builds: builds, logger: logger)
            // As for an abandoned first load: a reload from the text or a deferred build
            // cannot be interrupted and may take many seconds; nothing is served any more, so
            // the process exits without waiting for it (or shutting the event loops down
            // under it: its worker would complete a promise on a loop that is gone).
            if reloading {
                logger.notice("stopped with a reload still running; not waiting for it")
                workers.shutdownGracefully { _ in }
                return
            }
            if builds.anyUnfinished {
                logger.notice(
                    """
                    stopped with a deferred build (lookups, entity index or body compression) \
                    still running; not waiting for it
                    """)
                workers.shutdownGracefully { _ in }
                return
            }
        } catch let abandoned as LoadAbandoned {
            // The load still runs on a worker thread and cannot be interrupted: do not wait
            // for it (that could take minutes); the process exits with it unfinished.
            logger.notice(
                "corpus load abandoned: received \(abandoned.signal) while loading; stopped",
                metadata: ["directory": "\(configuration.corpusPath)"])
            workers.shutdownGracefully { _ in }
            try? await eventLoops.shutdownGracefully()
            return
        } catch {
            try? await workers.shutdownGracefully()
            try? await eventLoops.shutdownGracefully()
            throw error
        }
        try? await workers.shutdownGracefully()
        try? await eventLoops.shutdownGracefully()
    }

    /// Builds a generation's Suggest and frequency lists, then its entity index (unless they
    /// were restored from the index snapshot), then compresses its bodies (after a load from
    /// the text), on one worker as soon as the generation serves, rather than in the load
    /// (they read only the finished index) or on the first request (at 100k articles name
    /// detection reads for longer than the default deadline). One worker, one build after the
    /// other: the other workers stay free for searches. The builds are claimed here, before
    /// the job is queued, so requests arriving until a build ends wait for it without holding
    /// a worker.
    ///
    /// The job goes through the work queue like a connection's requests, so that the queue
    /// knows the worker it holds and the searches share the others in turn.
    private static func prepareDeferredBuilds(
        _ content: ServingCorpus, on workQueue: FairWorkQueue, eventLoop: any EventLoop,
        builds: BackgroundBuilds, logger: Logger
    ) {
        let lookups = content.lookupsBuild.claim()
        let entities = content.entityBuild.claim()
        let bodies = content.bodiesBuild.claim()
        guard lookups || entities || bodies else {
            if content.loadedFromSnapshot, content.lookupsReady {
                logger.info(
                    "lookups and entity index restored from snapshot",
                    metadata: [
                        "entities": "\(content.entities.entities.count)",
                        "documents": "\(content.documentCount)",
                        "resident_memory":
                            "\(ProcessMemory.residentBytes().map(HumanReadable.bytes) ?? "?")",
                    ])
            }
            return
        }
        builds.queued()
        _ = workQueue.run(for: workQueue.newClient(), on: eventLoop) {
            defer { builds.finished() }
            if lookups { runAndLog(content.lookupsBuild, "lookups built", logger: logger) }
            if entities {
                runAndLog(content.entityBuild, "entity index built", logger: logger) { built in
                    [
                        "entities": "\(built.entities.count)",
                        "documents": "\(content.documentCount)",
                    ]
                }
            }
            if bodies {
                runAndLog(content.bodiesBuild, "bodies compressed", logger: logger) { _ in
                    ["stored": "\(HumanReadable.bytes(content.corpus.storedBodyBytes))"]
                }
            }
        }
    }

    /// Runs a claimed deferred build; then, before its waiters are woken (so that no answer
    /// overtakes the log line), returns the build's freed scratch to the kernel (each build
    /// frees far more than it keeps, see ServingCorpus.load) and logs it with its time.
    private static func runAndLog<Value>(
        _ build: DeferredBuild<Value>, _ message: Logger.Message, logger: Logger,
        metadata: (Value) -> Logger.Metadata = { _ in [:] }
    ) {
        let clock = ContinuousClock()
        let started = clock.now
        build.run { built in
            ProcessMemory.releaseFreedMemory()
            var fields = metadata(built)
            fields["build_time"] = "\(HumanReadable.duration(clock.now - started))"
            fields["resident_memory"] =
                "\(ProcessMemory.residentBytes().map(HumanReadable.bytes) ?? "?")"
            logger.info(message, metadata: fields)
        }
    }

    /// Loads generation 1 (or stops: see ``LoadAbandoned``) and logs its summary. A function
    /// of its own so that nothing of the start-up load (the loaded content, the future that
    /// delivered it) stays referenced from `serve`'s frame while it serves: held there, the
    /// first generation outlived its replacement, and after a reload two corpora were
    /// resident until the next one.
    private static func loadFirstGeneration(
        _ loadPath: CorpusLoadPath, socket: ListeningSocket, stop: StopSignal,
        notifier: SystemdNotifier, eventLoops: MultiThreadedEventLoopGroup,
        workers: NIOThreadPool, logger: Logger
    ) async throws -> GenerationStore<ServingCorpus> {
        let clock = ContinuousClock()
        let started = clock.now
        let loading = workers.runIfActive(eventLoop: eventLoops.any()) {
            try loadPath.load()
        }
        let content: ServingCorpus
        switch await firstOf(loading, stop) {
        case .loaded(.success(let loaded)):
            content = loaded
        case .loaded(.failure(let error)):
            socket.removeFile()
            throw DaemonError("cannot load the corpus: \(error)")
        case .stopped(let signal):
            notifier.stopping(status: "Stopping: \(signal) while loading the corpus")
            socket.removeFile()
            throw LoadAbandoned(signal: signal)
        }
        let loadTime = clock.now - started
        logStartupSummary(content, loadTime: loadTime, logger: logger)
        return GenerationStore(initial: content, loadDuration: loadTime)
    }

    /// Serves until stopped; returns whether a reload was still running then.
    private static func serve(
        configuration: ServerConfiguration, environment: [String: String],
        socket: ListeningSocket, hangups: UnixSignalsSequence, stop: StopSignal,
        notifier: SystemdNotifier, eventLoops: MultiThreadedEventLoopGroup,
        workers: NIOThreadPool, builds: BackgroundBuilds, logger: Logger
    ) async throws -> Bool {

        notifier.status("Loading corpus from \(configuration.corpusPath)")
        logger.info("loading corpus", metadata: ["directory": "\(configuration.corpusPath)"])
        let directory = configuration.corpusPath
        let cache = configuration.cacheDirectory.flatMap {
            SnapshotCache(directory: $0, logger: logger)
        }
        let loadPath = CorpusLoadPath(
            directory: directory, maxFileBytes: configuration.maxFileBytes, cache: cache,
            logger: logger)
        let store = try await loadFirstGeneration(
            loadPath, socket: socket, stop: stop, notifier: notifier, eventLoops: eventLoops,
            workers: workers, logger: logger)
        let memoryRelease = IdleMemoryRelease(logger: logger)
        let workQueue = FairWorkQueue(
            pool: workers, width: max(1, configuration.workerThreads),
            whenIdle: memoryRelease.workersIdle(after:))
        let backgroundLoop = eventLoops.any()
        prepareDeferredBuilds(
            store.current.content, on: workQueue, eventLoop: backgroundLoop, builds: builds,
            logger: logger)
        let shutdown = ShutdownLatch()
        // Closed before the caller shuts the workers and event loops down.
        defer { shutdown.close() }
        let reloader = Reloader(
            store: store, logger: logger,
            load: {
                try await workQueue.run(for: workQueue.newClient(), on: backgroundLoop) {
                    try loadPath.load()
                }.get()
            },
            hook: { phase in
                switch phase {
                case .started:
                    notifier.reloading(status: "Reloading corpus from \(directory)")
                case .finished(let attempt):
                    let ran = shutdown.unlessClosed {
                        if attempt.succeeded {
                            prepareDeferredBuilds(
                                store.current.content, on: workQueue, eventLoop: backgroundLoop,
                                builds: builds, logger: logger)
                        }
                        let serving =
                            "Serving \(store.current.content.documentCount) documents "
                            + "(generation \(attempt.generation)) on \(socket.path)"
                        notifier.ready(
                            status: attempt.succeeded
                                ? serving : serving + "; last reload failed: \(attempt.message)")
                    }
                    if !ran {
                        logger.notice(
                            "reload finished after shutdown began; its corpus is not served",
                            metadata: ["generation": "\(attempt.generation)"])
                    }
                }
            })
        let context = ServerContext(
            configuration: configuration, store: store, reloader: reloader, stats: ServerStats(),
            workQueue: workQueue, logger: logger)
        let server = NatoAzServer(
            context: context, socket: socket, eventLoopGroup: eventLoops, notifier: notifier)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: server),
            .init(
                service: StopOnSignal(signal: stop, logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup),
            .init(
                service: ReloadOnHangup(signals: hangups, reloader: reloader),
                successTerminationBehavior: .ignore),
        ]
        if let interval = SystemdNotifier.watchdogInterval(environment: environment) {
            logger.info("systemd watchdog enabled", metadata: ["interval": "\(interval)"])
            services.append(
                .init(
                    service: WatchdogService(notifier: notifier, interval: interval),
                    successTerminationBehavior: .ignore))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [], cancellationSignals: [],
                logger: logger))
        try await group.run()
        return await reloader.isBusy
    }

    private enum StartupEvent: Sendable {
        case loaded(Result<ServingCorpus, any Error>)
        case stopped(UnixSignal)
    }

    /// Whichever comes first: the end of the load or a stop signal.
    private static func firstOf(
        _ loading: EventLoopFuture<ServingCorpus>, _ stop: StopSignal
    ) async -> StartupEvent {
        let (events, sink) = AsyncStream.makeStream(of: StartupEvent.self)
        loading.whenComplete { sink.yield(.loaded($0)) }
        stop.whenReceived { sink.yield(.stopped($0)) }
        var iterator = events.makeAsyncIterator()
        let first = await iterator.next()
        sink.finish()
        // `next` is nil only when this task is cancelled: treat that as a failed start.
        return first ?? .loaded(.failure(CancellationError()))
    }

    /// SIGTERM or SIGINT arrived while the initial corpus was loading.
    private struct LoadAbandoned: Error {
        var signal: UnixSignal
    }

    /// Files named one per line in the start-up log; the rest are counted in one line. A
    /// directory of many bad files flooded the journal, which (journald's default rate limit
    /// is 10,000 messages in 30 s) then dropped the lines after them too, "listening" among
    /// them.
    static let loggedFilesLimit = 100

    private static func logFileLines(
        _ lines: [String], _ what: String, _ level: Logger.Level, _ logger: Logger
    ) {
        for line in lines.prefix(loggedFilesLimit) {
            logger.log(level: level, "\(line)")
        }
        guard lines.count > loggedFilesLimit else { return }
        let rest =
            "\(lines.count - loggedFilesLimit) more \(what) files not logged: `natoazctl info` "
            + "lists the first 1000, `natoaz-corpus DIRECTORY` all of them"
        logger.log(level: level, "\(rest)")
    }

    private static func logStartupSummary(
        _ content: ServingCorpus, loadTime: Duration, logger: Logger
    ) {
        let report = content.corpus.report
        logFileLines(report.rejected.map(\.description), "rejected", .warning, logger)
        logFileLines(report.repaired.map(\.description), "repaired", .notice, logger)
        if content.documentCount == 0 {
            // Serving nothing is allowed (a corpus being filled), but a wrong path or a
            // missing mount looks the same: say so where the operator looks.
            let message =
                "no articles in \(content.directory): \(report.rejected.count) rejected, "
                + "\(content.ignoredFiles.count) ignored; articles are NAME.txt files directly "
                + "in the directory (check --corpus)"
            logger.warning("\(message)")
        }
        var metadata: Logger.Metadata = [:]
        if content.loadedFromSnapshot {
            // Megabytes of corpus text per second: the text the snapshot stands for.
            let seconds =
                Double(loadTime.components.seconds)
                + Double(loadTime.components.attoseconds) / 1e18
            metadata["mb_per_s"] =
                "\(seconds > 0 ? Int((Double(report.bytesRead) / 1e6 / seconds).rounded()) : 0)"
        }
        logger.notice(
            content.loadedFromSnapshot ? "corpus loaded from snapshot" : "corpus loaded",
            metadata: metadata.merging([
                "directory": "\(content.directory)", "documents": "\(content.documentCount)",
                "rejected": "\(report.rejected.count)", "repaired": "\(report.repaired.count)",
                "ignored": "\(content.ignoredFiles.count)", "bytes_read": "\(report.bytesRead)",
                "load_time": "\(HumanReadable.duration(loadTime))",
                "bodies": "\(content.corpus.bodiesAreCompressed ? "compressed" : "plain")",
                "corpus_memory": "\(HumanReadable.bytes(content.memoryBytes))",
                "resident_memory":
                    "\(ProcessMemory.residentBytes().map(HumanReadable.bytes) ?? "?")",
            ]) { $1 })
    }
}

/// A start-up failure of the daemon (the corpus cannot be loaded, ...).
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    public var description: String

    /// A failure described in full: what failed and why, for the start-up log.
    public init(_ description: String) {
        self.description = description
    }
}
