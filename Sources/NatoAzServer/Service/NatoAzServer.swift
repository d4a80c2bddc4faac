import Atomics
import Logging
public import NIOCore
import NIOPosix
public import ServiceLifecycle

/// The listening side of the daemon as a swift-service-lifecycle `Service`: accepts
/// connections on the listening socket and, on graceful shutdown, stops accepting, lets
/// every connection finish its requests in flight (up to `shutdownTimeout`), then closes
/// what is left and removes the socket file.
///
/// ```
/// initial ──run()──▶ running ──graceful shutdown──▶ draining ──all closed / timeout──▶ stopped
/// ```
public actor NatoAzServer: Service {
    private enum State: CustomStringConvertible {
        case initial
        case running(any Channel)
        case draining
        case stopped

        var description: String {
            switch self {
            case .initial: "initial"
            case .running: "running"
            case .draining: "draining"
            case .stopped: "stopped"
            }
        }
    }

    private var state = State.initial {
        didSet { logger.trace("server state", metadata: ["state": "\(state)"]) }
    }
    private let context: ServerContext
    private let socket: ListeningSocket
    private let eventLoopGroup: any EventLoopGroup
    private let notifier: SystemdNotifier
    private let nextConnectionID = ManagedAtomic<UInt64>(0)
    private nonisolated let logger: Logger

    /// A server accepting on `socket` with the event loops of `eventLoopGroup`, serving the
    /// generations of `context` and telling systemd through `notifier`. Nothing runs until
    /// the service is run (swift-service-lifecycle).
    public init(
        context: ServerContext, socket: ListeningSocket, eventLoopGroup: any EventLoopGroup,
        notifier: SystemdNotifier
    ) {
        self.context = context
        self.socket = socket
        self.eventLoopGroup = eventLoopGroup
        self.notifier = notifier
        self.logger = context.logger
    }

    public func run() async throws {
        guard case .initial = state else {
            throw ListenError("the server was already started")
        }
        let context = self.context
        let counter = nextConnectionID
        let configuration = context.configuration
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(
                .writeBufferWaterMark,
                value: .init(
                    low: configuration.maxBufferedBytes / 4,
                    high: configuration.maxBufferedBytes / 2)
            )
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let id = counter.wrappingIncrementThenLoad(ordering: .relaxed)
                    try channel.pipeline.syncOperations.addHandler(
                        ConnectionHandler(server: context, connectionID: id))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.withBoundSocket(socket.descriptor).get()
        } catch {
            state = .stopped
            socket.removeFile()
            throw ListenError("cannot accept on \(socket.path): \(error)")
        }
        state = .running(channel)

        announceListening()
        // Idle connections are found by sweeps from here, off the event loops: a timer per
        // connection sat in its event loop's timer heap, which every wake-up looks at.
        let connections = context.connections
        let interval = ConnectionRegistry.idleSweepInterval(for: configuration.idleTimeout)
        let idleSweeps = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                connections.checkIdle()
            }
        }
        defer { idleSweeps.cancel() }

        await withGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onGracefulShutdown: {
            Task { await self.stopAccepting() }
        }
        await drain()
    }

    /// Logs that the server listens and tells systemd it is ready. Its own function so that
    /// the generation it reads is not kept by `run`'s frame while it serves: held there, the
    /// first generation outlived its replacement, and after a reload two corpora stayed
    /// resident.
    private func announceListening() {
        let generation = context.store.current
        let status =
            "Serving \(generation.content.documentCount) documents (generation "
            + "\(generation.number)) on \(socket.path)"
        logger.notice(
            "listening",
            metadata: [
                "socket": "\(socket.path)", "inherited": "\(socket.inherited)",
                "documents": "\(generation.content.documentCount)",
            ])
        notifier.ready(status: status)
    }

    /// Stops accepting: closing the listening channel ends `run`'s wait.
    private func stopAccepting() async {
        guard case .running(let channel) = state else { return }
        state = .draining
        let open = context.connections.count
        logger.notice("shutting down: no longer accepting", metadata: ["connections": "\(open)"])
        notifier.stopping(status: "Shutting down: finishing requests on \(open) connections")
        try? await channel.close()
    }

    /// Lets connections finish their requests in flight, within `shutdownTimeout`.
    private func drain() async {
        if case .running(let channel) = state {
            // The listening channel closed without a shutdown request (an accept error).
            state = .draining
            try? await channel.close()
        }
        context.connections.drainAll()
        let timeout = context.configuration.shutdownTimeout
        if await !context.connections.waitUntilEmpty(timeout: timeout) {
            logger.warning(
                "shutdown timeout: closing connections with requests still in flight",
                metadata: ["connections": "\(context.connections.count)", "timeout": "\(timeout)"])
            context.connections.abandonAll()
            if await !context.connections.waitUntilEmpty(timeout: .seconds(2)) {
                context.connections.closeAll()
                _ = await context.connections.waitUntilEmpty(timeout: .seconds(1))
            }
        }
        socket.removeFile()
        state = .stopped
        logger.notice("stopped")
    }
}

extension NatoAzServer: CustomStringConvertible {
    public nonisolated var description: String { "NatoAzServer" }
}
