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
public enum Daemon {
    public static func run(
        configuration: ServerConfiguration, environment: [String: String], logger: Logger
    ) async throws {
        let notifier = SystemdNotifier(environment: environment)
        // Trap SIGHUP first: its default action would kill a daemon still loading the corpus.
        // A SIGHUP that arrives before the service group runs is queued and reloads then.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let socket = try ListeningSocket.open(
            configuration: configuration, environment: environment)
        if socket.replacedStaleSocket {
            logger.notice("replaced a stale socket file", metadata: ["socket": "\(socket.path)"])
        }

        let eventLoops = MultiThreadedEventLoopGroup(
            numberOfThreads: configuration.eventLoopThreads)
        let workers = NIOThreadPool(numberOfThreads: configuration.workerThreads)
        workers.start()
        do {
            try await serve(
                configuration: configuration, environment: environment, socket: socket,
                hangups: hangups, notifier: notifier, eventLoops: eventLoops, workers: workers,
                logger: logger)
        } catch {
            try? await workers.shutdownGracefully()
            try? await eventLoops.shutdownGracefully()
            throw error
        }
        try? await workers.shutdownGracefully()
        try? await eventLoops.shutdownGracefully()
    }

    private static func serve(
        configuration: ServerConfiguration, environment: [String: String],
        socket: ListeningSocket, hangups: UnixSignalsSequence, notifier: SystemdNotifier,
        eventLoops: MultiThreadedEventLoopGroup, workers: NIOThreadPool, logger: Logger
    ) async throws {

        notifier.status("Loading corpus from \(configuration.corpusPath)")
        let directory = configuration.corpusPath
        let clock = ContinuousClock()
        let started = clock.now
        let content: ServingCorpus
        do {
            content = try await workers.runIfActive { try ServingCorpus.load(directory: directory) }
        } catch {
            socket.removeFile()
            throw DaemonError("cannot load the corpus: \(error)")
        }
        let loadTime = clock.now - started
        logStartupSummary(content, loadTime: loadTime, logger: logger)

        let store = GenerationStore(initial: content, loadDuration: loadTime)
        let reloader = Reloader(
            store: store, logger: logger,
            load: {
                try await workers.runIfActive { try ServingCorpus.load(directory: directory) }
            },
            hook: { phase in
                switch phase {
                case .started:
                    notifier.reloading(status: "Reloading corpus from \(directory)")
                case .finished(let attempt):
                    let serving =
                        "Serving \(store.current.content.documentCount) documents "
                        + "(generation \(attempt.generation)) on \(socket.path)"
                    notifier.ready(
                        status: attempt.succeeded
                            ? serving : serving + "; last reload failed: \(attempt.message)")
                }
            })
        let context = ServerContext(
            configuration: configuration, store: store, reloader: reloader, stats: ServerStats(),
            workers: workers, logger: logger)
        let server = NatoAzServer(
            context: context, socket: socket, eventLoopGroup: eventLoops, notifier: notifier)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: server),
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
                services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [], logger: logger))
        try await group.run()
    }

    private static func logStartupSummary(
        _ content: ServingCorpus, loadTime: Duration, logger: Logger
    ) {
        let report = content.corpus.report
        for line in report.rejected.map(\.description) {
            logger.warning("\(line)")
        }
        for line in report.repaired.map(\.description) {
            logger.notice("\(line)")
        }
        logger.notice(
            "corpus loaded",
            metadata: [
                "directory": "\(content.directory)", "documents": "\(content.documentCount)",
                "rejected": "\(report.rejected.count)", "repaired": "\(report.repaired.count)",
                "ignored": "\(content.ignoredFiles.count)", "bytes_read": "\(report.bytesRead)",
                "load_time": "\(HumanReadable.duration(loadTime))",
                "corpus_memory": "\(HumanReadable.bytes(content.memoryBytes))",
                "resident_memory":
                    "\(ProcessMemory.residentBytes().map(HumanReadable.bytes) ?? "?")",
            ])
    }
}

/// A start-up failure of the daemon (the corpus cannot be loaded, ...).
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
