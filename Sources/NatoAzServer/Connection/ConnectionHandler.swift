import Logging
import NIOCore
import NIOPosix
import NatoAzCorpus
import NatoAzProtocol

/// One client connection: framing, the handshake, dispatch, limits, timeouts and draining.
///
/// ```
/// bytes ─▶ FrameDecoder (limits checked on each header) ─▶ FrameCodec (bounded zstd)
///       ─▶ Request ─▶ Hello first, then: inline method │ worker thread │ reloader
///       ─▶ Response (same id) ─▶ FrameCodec (zstd if negotiated) ─▶ socket
/// ```
///
/// Rules it keeps:
/// - every decoded request gets exactly one response with its id (pipelined requests may be
///   answered out of order);
/// - the first frame must be a Hello, small (`ProtocolLimits.handshake`) and within the
///   handshake timeout; a peer speaking HTTP or garbage gets one error frame and is closed;
/// - after the handshake, a frame must arrive whole within `frameTimeout` of its first byte:
///   a peer dripping bytes gets one error frame and is closed, whatever its pace;
/// - at most `maxInFlight` requests run on workers or the reloader at once per connection; one
///   more is answered OVERLOADED at once (cheap methods answer inline, never wait);
/// - while the client does not read its responses (channel not writable) the server stops
///   reading from it and its queued work gets no worker turns, so its buffers never grow
///   and it does not slow the clients that read; a client that stays unwritable past
///   `writeTimeout`, or whose buffered responses pass `maxBufferedBytes`, is disconnected;
/// - a request's deadline is enforced: past it the answer is DEADLINE_EXCEEDED, even if a
///   worker is still busy with it;
/// - on drain (shutdown) requests in flight finish, new ones get UNAVAILABLE, then it closes;
///   past the shutdown bound, what is still in flight is answered UNAVAILABLE before the close.
///
/// This file holds the state and the channel events; each concern is an extension in its own
/// file: `+Frames` (decoding), `+Handshake`, `+Dispatch`, `+Pending` (work off the event
/// loop), `+Access` (peer credentials), `+Output` (encoding, writing, stats) and
/// `+FlowControl` (back-pressure, closing, timeouts).
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum State {
        case awaitingHello
        case open
        case closed
    }

    let server: ServerContext
    let handlers: MethodHandlers
    var logger: Logger
    var state = State.awaitingHello
    var decoder = FrameDecoder(limits: .handshake)
    let codec = FrameCodec(limits: .handshake)
    var peer: PeerCredentials?
    var peerIsAdministrator: Bool?
    /// Requests on workers or the reloader, not yet finished, by a per-connection serial.
    var pending: [UInt64: Pending] = [:]
    /// This connection's place in the workers' rotation.
    let workClient: FairWorkQueue.Client
    var nextPendingKey: UInt64 = 0
    var inFlight: Int { pending.count }
    var draining = false
    var inputClosed = false
    /// Reading from the socket is paused (`autoRead` off): the client is not reading its
    /// responses, the connection is closing, or its frames wait for a later turn.
    var readHeldBack = false
    /// The channel's writability as last announced to this handler (`channelActive`,
    /// `channelWritabilityChanged`), the only handler in the pipeline: NIO announces each
    /// change in the call that makes it, so this is the channel's `isWritable` as the pipeline
    /// sees it, without the calls through `context.channel` (a retained existential) that
    /// reading it cost about four times per request.
    var writable = true
    var countedAsOpen = false
    /// Output was handed to the channel since the last flush (responses still in `output`
    /// need a flush too).
    var wroteSinceFlush = false
    var lastActivity = NIODeadline.now()
    var handshakeTimer: Scheduled<Void>?
    var writeTimer: Scheduled<Void>?
    /// Runs while the decoder holds the start of a frame whose rest has not arrived.
    var frameTimer: Scheduled<Void>?
    /// Responses encoded since the last write to the channel, and their stats: recorded in
    /// the shared stats when the responses are handed to the channel (one clock read and one
    /// lock per batch of pipelined requests; a request's latency ends at that hand-over).
    var output = ResponseBatch()
    /// Where `processFrames` decodes each request, kept from read to read (its fields are
    /// reset by each decode; a large request's are dropped after its read).
    var decodedRequest = Request()
    /// `processFrames` is running: a call from within it decodes into its own `Request`.
    var decodingFrames = false
    /// Buffered frames wait for a later turn of the event loop, after this read's
    /// decompression used up its budget (`decompressionBudget`): reads stay held back and
    /// the connection stays open until they are processed.
    var framesDeferred = false
    /// Spinning on the socket after an answer (`busy-poll`); nil when the setting is off.
    var busyPoll: BusyPoll?

    init(server: ServerContext, connectionID: UInt64) {
        self.server = server
        self.handlers = MethodHandlers(context: server)
        self.workClient = server.workQueue.newClient()
        var logger = server.logger
        logger[metadataKey: "connection"] = "\(connectionID)"
        self.logger = logger
        self.busyPoll = BusyPoll(window: server.configuration.busyPoll)
    }

    // MARK: - Channel events

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        let configuration = server.configuration
        guard server.stats.connectionOpened(limit: configuration.maxConnections) else {
            logPeerEvent(
                .refusedAtLimit, .warning, "connection refused: at the connection limit",
                ["limit": "\(configuration.maxConnections)"])
            fail(
                context,
                RequestFailure(
                    .overloaded,
                    "the server has \(configuration.maxConnections) connections open, its "
                        + "limit; retry later"), id: 0, recordAs: nil)
            return
        }
        countedAsOpen = true
        busyPoll?.opened()
        writable = context.channel.isWritable
        server.connections.add(context.channel)
        readPeerCredentials(context)
        logger.debug("connection opened", metadata: ["peer": "\(peer.map { "\($0)" } ?? "?")"])

        let loop = context.eventLoop.assumeIsolated()
        handshakeTimer = loop.scheduleTask(in: .init(configuration.handshakeTimeout)) {
            self.handshakeTimedOut(context)
        }
        // The idle timeout is checked by the registry's sweeps (`IdleCheckEvent`), not by a
        // timer of this connection's: a task in the event loop's timer heap costs every
        // wake-up of the loop a look at it (about 330 instructions per request at one
        // connection).
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        recordStats()
        handshakeTimer?.cancel()
        writeTimer?.cancel()
        frameTimer?.cancel()
        if countedAsOpen {
            countedAsOpen = false
            busyPoll?.closed()
            server.stats.connectionClosed()
            server.connections.remove(context.channel)
        }
        // Queued or running work would only compute answers nobody can receive, at others'
        // expense.
        let dropped = server.workQueue.dropQueued(of: workClient)
        for work in pending.values { work.cancellation?.cancel() }
        logger.debug(
            "connection closed", metadata: ["in_flight": "\(inFlight)", "dropped": "\(dropped)"])
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .closed else { return }
        let buffer = unwrapInboundIn(data)
        let now = NIODeadline.now()
        lastActivity = now
        buffer.withUnsafeReadableBytes { decoder.append($0) }
        processFrames(context, receivedAt: now)
    }

    /// Not passed on: this is the last handler, and the pipeline's tail discards it (passing
    /// it on was a trip through the pipeline per read).
    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context)
        if busyPoll != nil { awaitNextRequest(context) }
    }

    /// With `busy-poll` on: after an answer, spins a little for the client's next request
    /// (see ``BusyPoll`` for why and its bounds), unless something else is due: work on the
    /// workers, reads held back, a connection closing.
    private func awaitNextRequest(_ context: ChannelHandlerContext) {
        guard state == .open, inFlight == 0, !readHeldBack, !framesDeferred, !draining,
            !inputClosed
        else { return }
        busyPoll?.spin(on: context.channel)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writable = context.channel.isWritable
        if writable {
            writeTimer?.cancel()
            writeTimer = nil
            server.workQueue.resume(workClient)
            resume(context)
        } else {
            // Its queued searches would only add to answers it is not reading, while
            // clients that read wait for the workers.
            server.workQueue.pause(workClient)
            holdBackReads(context)
            if writeTimer == nil {
                writeTimer = context.eventLoop.assumeIsolated().scheduleTask(
                    in: .init(server.configuration.writeTimeout)
                ) {
                    self.writeTimedOut(context)
                }
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ConnectionRegistry.DrainEvent {
            draining = true
            closeIfFinished(context)
        } else if event is ConnectionRegistry.IdleCheckEvent {
            idleCheck(context)
        } else if event is ConnectionRegistry.ShutdownTimeoutEvent {
            abandonInFlight(context)
        } else if let event = event as? ChannelEvent, event == .inputClosed {
            // The client shut down its sending side: answer what it sent, then close.
            inputClosed = true
            processFrames(context)
            closeIfFinished(context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Socket errors (reset by peer and the like) end this connection only.
        logger.debug("connection error", metadata: ["error": "\(error)"])
        state = .closed
        context.close(promise: nil)
    }
}

@available(*, unavailable, message: "a connection's handler lives on its event loop")
extension ConnectionHandler: Sendable {}
