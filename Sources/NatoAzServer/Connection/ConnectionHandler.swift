import Logging
import NIOCore
import NIOPosix
import NatoAzCorpus
import NatoAzProtocol

#if canImport(Glibc)
    import Glibc
#endif

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
///   reading from it, so its buffers never grow; a client that stays unwritable past
///   `writeTimeout`, or whose buffered responses pass `maxBufferedBytes`, is disconnected;
/// - a request's deadline is enforced: past it the answer is DEADLINE_EXCEEDED, even if a
///   worker is still busy with it;
/// - on drain (shutdown) requests in flight finish, new ones get UNAVAILABLE, then it closes;
///   past the shutdown bound, what is still in flight is answered UNAVAILABLE before the close.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case awaitingHello
        case open
        case closed
    }

    private let server: ServerContext
    private let handlers: MethodHandlers
    private var logger: Logger
    private var state = State.awaitingHello
    private var decoder = FrameDecoder(limits: .handshake)
    private let codec = FrameCodec(limits: .handshake)
    private var peer: PeerCredentials?
    private var peerIsAdministrator: Bool?
    /// Requests on workers or the reloader, not yet finished, by a per-connection serial.
    private var pending: [UInt64: Pending] = [:]
    /// This connection's place in the workers' rotation.
    private let workClient: FairWorkQueue.Client
    private var nextPendingKey: UInt64 = 0
    private var inFlight: Int { pending.count }
    private var draining = false
    private var inputClosed = false
    /// Reading from the socket is paused (`autoRead` off): the client is not reading its
    /// responses, or the connection is closing.
    private var readHeldBack = false
    /// The channel's writability as last announced to this handler (`channelActive`,
    /// `channelWritabilityChanged`), the only handler in the pipeline: NIO announces each
    /// change in the call that makes it, so this is the channel's `isWritable` as the pipeline
    /// sees it, without the calls through `context.channel` (a retained existential) that
    /// reading it cost about four times per request.
    private var writable = true
    private var countedAsOpen = false
    /// Output was handed to the channel since the last flush (responses still in `output`
    /// need a flush too).
    private var wroteSinceFlush = false
    private var lastActivity = NIODeadline.now()
    private var handshakeTimer: Scheduled<Void>?
    private var writeTimer: Scheduled<Void>?
    /// Runs while the decoder holds the start of a frame whose rest has not arrived.
    private var frameTimer: Scheduled<Void>?
    /// Responses encoded since the last write to the channel, and their stats: recorded in
    /// the shared stats when the responses are handed to the channel (one clock read and one
    /// lock per batch of pipelined requests; a request's latency ends at that hand-over).
    private var output = ResponseBatch()
    /// The storage of the last buffer written, reused for the next batch: once the socket has
    /// taken it (usually at once, at the flush) it is ours alone again and refilling it
    /// allocates nothing. Still queued, it is copied on write instead.
    private var spareOutput: ByteBuffer?

    init(server: ServerContext, connectionID: UInt64) {
        self.server = server
        self.handlers = MethodHandlers(context: server)
        self.workClient = server.workQueue.newClient()
        var logger = server.logger
        logger[metadataKey: "connection"] = "\(connectionID)"
        self.logger = logger
    }

    // MARK: - Channel events

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        let configuration = server.configuration
        guard server.stats.connectionOpened(limit: configuration.maxConnections) else {
            logger.warning(
                "connection refused: at the connection limit",
                metadata: ["limit": "\(configuration.maxConnections)"])
            fail(
                context,
                RequestFailure(
                    .overloaded,
                    "the server has \(configuration.maxConnections) connections open, its "
                        + "limit; retry later"), id: 0, recordAs: nil)
            return
        }
        countedAsOpen = true
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
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writable = context.channel.isWritable
        if writable {
            writeTimer?.cancel()
            writeTimer = nil
            resume(context)
        } else {
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
            if decoder.bufferedByteCount > 0 {
                logger.debug(
                    "client closed mid-frame",
                    metadata: ["bytes": "\(decoder.bufferedByteCount)"])
            }
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

    // MARK: - Frames

    /// Decodes and answers the whole frames buffered. `receivedAt` starts each request's
    /// latency and deadline: the time of the read that brought the frames, or now for frames
    /// that were held back and are picked up later.
    private func processFrames(
        _ context: ChannelHandlerContext, receivedAt: NIODeadline = .now()
    ) {
        var completed = false
        // Each frame's request is decoded into this one value, and only a small outcome
        // crosses the decoder's closure: an enum carrying the `Request` was copied and
        // destroyed several times per request.
        var request = Request()
        // Bytes of the frames read, counted here and added to the stats once per batch (and
        // before a Stats answer): counting into `output` inside the decoder's closure was a
        // nested run-time exclusivity check per frame.
        var received = ReceivedBytes()
        // Why a frame could not be read, beside the outcome: an `Inbound` that carried it was
        // destroyed through a generic value witness per request.
        var failure: ProtocolError?
        while state != .closed, writable {
            let inbound: Inbound?
            do {
                // The request is decoded in place from the buffered bytes, not copied out
                // first; it is handled after the decoder's buffer is released, since
                // handling may re-enter `processFrames` (writability changes on a write).
                inbound = try decoder.withNextFrame { flags, payload in
                    decodeRequest(
                        flags: flags, payload: payload, into: &request, counting: &received,
                        failure: &failure)
                }
            } catch {
                output.stats.received(wire: received.wire, raw: received.raw)
                server.stats.recordError(code: Int(error.code.rawValue))
                logger.info("bad frame; closing", metadata: ["error": "\(error)"])
                fail(context, RequestFailure(error.code, error.message), id: 0, recordAs: nil)
                return
            }
            guard let inbound else { break }
            completed = true
            handle(
                inbound, request: &request, failure: &failure, received: receivedAt, &received,
                context)
        }
        output.stats.received(wire: received.wire, raw: received.raw)
        // An error that closes the connection may have closed it already, its last stats
        // recorded before these bytes were added: record them now, or they are lost.
        if state == .closed { recordStats() }
        watchPartialFrame(context, completedFrames: completed)
        flushIfNeeded(context)
    }

    /// Starts the frame timer when a new frame has begun but not ended (its first byte came
    /// in the read just processed), stops it when no partial frame is left. While the
    /// channel is not writable, buffered bytes may be whole frames held back on purpose:
    /// the write timeout governs that case, so the timer is left as it is. After the end of
    /// input a partial frame can never complete: the close path deals with it once the
    /// requests in flight are answered, so no timer cuts those answers off.
    private func watchPartialFrame(_ context: ChannelHandlerContext, completedFrames: Bool) {
        guard state == .open, writable else { return }
        if decoder.bufferedByteCount == 0 || inputClosed {
            frameTimer?.cancel()
            frameTimer = nil
        } else if completedFrames || frameTimer == nil {
            frameTimer?.cancel()
            frameTimer = context.eventLoop.assumeIsolated().scheduleTask(
                in: .init(server.configuration.frameTimeout)
            ) {
                self.frameTimedOut(context)
            }
        }
    }

    /// What one frame brought: a request (decoded into the caller's `Request`), or that it
    /// could not be read (why is in the caller's `ProtocolError`).
    private enum Inbound {
        case request
        /// The payload could not be decompressed (or is over a limit): the stream is lost.
        case undecodablePayload
        /// The payload is not a valid Request; `id` is as much of it as could be read.
        case malformedRequest(id: UInt64)
    }

    /// Bytes received in frames, as framed and after decompression, not yet in the stats.
    private struct ReceivedBytes {
        var wire = 0
        var raw = 0
    }

    /// Decodes one frame's request from the bytes the decoder lends (decompressed first when
    /// flagged), and counts its bytes; sets `failure` when it cannot. Touches neither the
    /// decoder (it lends its buffer meanwhile) nor anything that could re-enter it.
    private func decodeRequest(
        flags: FrameFlags, payload: UnsafeRawBufferPointer, into request: inout Request,
        counting received: inout ReceivedBytes, failure: inout ProtocolError?
    ) -> Inbound {
        received.wire += payload.count + Frame.headerSize
        // A plain payload is decoded where it lies: the decoder has held it to the
        // decompressed-size limit already, so the codec has nothing to add.
        guard flags.isEmpty else {
            do throws(ProtocolError) {
                return try codec.withPayload(flags: flags, bytes: payload) {
                    plain throws(ProtocolError) in
                    received.raw += plain.count
                    return Self.decode(plain, into: &request, failure: &failure)
                }
            } catch {
                failure = error
                return .undecodablePayload
            }
        }
        received.raw += payload.count
        return Self.decode(payload, into: &request, failure: &failure)
    }

    private static func decode(
        _ plain: UnsafeRawBufferPointer, into request: inout Request,
        failure: inout ProtocolError?
    ) -> Inbound {
        do throws(ProtocolError) {
            try request.replace(decoding: plain)
            return .request
        } catch {
            failure = error
            return .malformedRequest(id: Request.peekID(in: plain))
        }
    }

    /// Answers one decoded frame. `pending` are the bytes of frames read in this batch and
    /// not yet in the stats (a Stats answer takes them in first). The request is passed
    /// `inout`, where it lies: passed by value, the decoder's variable was copied.
    private func handle(
        _ inbound: Inbound, request: inout Request, failure: inout ProtocolError?,
        received: NIODeadline, _ pending: inout ReceivedBytes, _ context: ChannelHandlerContext
    ) {
        switch inbound {
        case .request:
            break
        case .undecodablePayload:
            let error = Self.reason(&failure)
            server.stats.recordError(code: Int(error.code.rawValue))
            logger.info("undecodable frame payload; closing", metadata: ["error": "\(error)"])
            fail(context, RequestFailure(error.code, error.message), id: 0, recordAs: nil)
            return
        case .malformedRequest(let id):
            let error = Self.reason(&failure)
            server.stats.recordError(code: Int(error.code.rawValue))
            let failure = RequestFailure(error.code, error.message, field: error.field)
            if state == .awaitingHello || error.closesConnection {
                fail(context, failure, id: id, recordAs: nil)
            } else {
                send(.failure(failure), id: id, method: nil, started: received, context)
            }
            return
        }

        guard state == .open else {
            guard case .hello(let hello)? = request.body else {
                let got = request.body.map { MethodHandlers.displayName($0.method) } ?? "no method"
                fail(
                    context,
                    RequestFailure(
                        .handshakeRequired,
                        "the first request on a connection must be a Hello; got \(got)"),
                    id: request.id, recordAs: request.body?.method)
                return
            }
            handshake(hello, id: request.id, started: received, context)
            return
        }
        dispatch(&request, started: received, &pending, context)
    }

    /// Why a frame could not be read, as `decodeRequest` recorded it with the outcome.
    private static func reason(_ failure: inout ProtocolError?) -> ProtocolError {
        failure.take()
            ?? ProtocolError(
                code: .internal, message: "a frame could not be read, for no recorded reason",
                closesConnection: true)
    }

    // MARK: - Handshake

    private func handshake(
        _ hello: HelloRequest, id: UInt64, started: NIODeadline, _ context: ChannelHandlerContext
    ) {
        handshakeTimer?.cancel()
        handshakeTimer = nil
        let agreement: Handshake.Agreement
        do {
            agreement = try Handshake.agree(to: hello, offer: server.handshakeOffer)
        } catch {
            fail(
                context, RequestFailure(error.code, error.message, field: error.field), id: id,
                recordAs: .hello)
            return
        }
        // The Hello reply is never compressed; compression starts with the next frame.
        send(
            .success(.hello(agreement.response)), id: id, method: .hello, started: started,
            context)
        if agreement.response.compression {
            codec.enableCompression(dictionary: agreement.dictionary)
        }
        decoder.limits = server.protocolLimits
        codec.limits = server.protocolLimits
        codec.peerMaxFrameBytes = server.configuration.maxFrameBytes
        state = .open
        logger.debug(
            "handshake done",
            metadata: [
                "client": "\(hello.clientName)",
                "compression": "\(agreement.response.compression)",
                "dictionary": "\(agreement.response.dictionaryID)",
            ])
    }

    // MARK: - Dispatch

    /// When a request with `deadline_ms` (0: none) received at `started` must be answered.
    @inline(__always)
    private static func deadline(_ deadlineMs: UInt32, from started: NIODeadline) -> NIODeadline? {
        deadlineMs == 0 ? nil : started + .milliseconds(Int64(deadlineMs))
    }

    private func dispatch(
        _ request: inout Request, started: NIODeadline, _ pending: inout ReceivedBytes,
        _ context: ChannelHandlerContext
    ) {
        let id = request.id
        // A Ping (never administrative, always inline) is answered from the request where it
        // lies: the copy of its body enum below cost more than the rest of its dispatch.
        if !draining, case .ping(let ping)? = request.body,
            ping.payload.count <= MethodHandlers.maxPingPayload
        {
            sendPing(
                PingAnswer(id: id, payload: ping.payload), started: started,
                deadline: Self.deadline(request.deadlineMs, from: started), context)
            return
        }
        guard let body = request.body else {
            send(
                .failure(RequestFailure(.unknownMethod, "the request carries no method body")),
                id: id, method: nil, started: started, context)
            return
        }
        let method = body.method
        if draining {
            send(
                .failure(
                    RequestFailure(.unavailable, "the server is shutting down; reconnect later")),
                id: id, method: method, started: started, context)
            return
        }
        if handlers.isAdministrative(method), !isAdministrator() {
            let who = peer.map { "uid \($0.uid)" } ?? "a peer whose credentials are unknown"
            send(
                .failure(
                    RequestFailure(
                        .permissionDenied,
                        "\(MethodHandlers.displayName(method)) is administrative and \(who) is "
                            + "not allowed it: allowed are root, the daemon's user and the "
                            + "users and groups in admin-uids / admin-groups")),
                id: id, method: method, started: started, context)
            return
        }
        let deadline = Self.deadline(request.deadlineMs, from: started)
        let execution = MethodHandlers.execution(of: method)
        if execution != .inline, inFlight >= server.configuration.maxInFlight {
            send(
                .failure(
                    RequestFailure(
                        .overloaded,
                        "\(inFlight) requests are in flight on this connection, the limit "
                            + "(max_in_flight); wait for answers before sending more")),
                id: id, method: method, started: started, context)
            return
        }
        switch execution {
        case .inline:
            // The answer is built once, in the response, and encoded from there: no copies of
            // the (large) body enum on the way.
            var response = Response(id: id)
            var errorCode: ErrorCode?
            do {
                response.body = try answerInline(body, method: method, &pending)
            } catch {
                response.error = error.responseError
                errorCode = error.code
            }
            send(
                &response, errorCode: errorCode, method: method, started: started,
                deadline: deadline, context)
        case .worker:
            runOnWorker(
                body, generation: server.store.current, id: id, started: started,
                deadline: deadline, context)
        case .reload:
            guard case .reload(let reload) = body else { return }
            runReload(wait: reload.wait, id: id, started: started, deadline: deadline, context)
        }
    }

    /// The answer to a method that runs on the event loop.
    private func answerInline(
        _ body: Request.Body, method: Method, _ pending: inout ReceivedBytes
    ) throws(RequestFailure) -> Response.Body {
        if case .ping(let ping) = body {
            // Ping touches no corpus: no generation (and its lock) to take.
            return try handlers.ping(ping)
        }
        // The batch so far counts in a Stats answer, as if already written.
        if method == .stats {
            output.stats.received(wire: pending.wire, raw: pending.raw)
            pending = ReceivedBytes()
            recordStats()
        }
        return try handlers.answer(body, generation: server.store.current)
    }

    /// One request handed to a worker thread or the reloader, answered exactly once: by its
    /// result, or by the deadline timer if that fires first.
    private final class Pending {
        let id: UInt64
        let method: Method
        let started: NIODeadline
        var key: UInt64 = 0
        var answered = false
        var deadlineTimer: Scheduled<Void>?
        /// Stops a search on a worker once its answer is no longer wanted.
        var cancellation: WorkCancellation?

        init(id: UInt64, method: Method, started: NIODeadline) {
            self.id = id
            self.method = method
            self.started = started
        }
    }

    private func runOnWorker(
        _ body: Request.Body, generation: Generation<ServingCorpus>, id: UInt64,
        started: NIODeadline, deadline: NIODeadline?, _ context: ChannelHandlerContext
    ) {
        let pending = begin(
            id: id, method: body.method, started: started, deadline: deadline, context)
        let cancellation = WorkCancellation(deadline: deadline.map(Self.continuousInstant))
        pending.cancellation = cancellation
        let handlers = self.handlers
        let workQueue = server.workQueue
        let client = workClient
        let eventLoop = context.eventLoop
        let work: @Sendable () -> EventLoopFuture<Response.Body> = {
            workQueue.run(for: client, on: eventLoop) { () throws -> Response.Body in
                if let deadline, NIODeadline.now() >= deadline {
                    throw RequestFailure(.deadlineExceeded, "the deadline passed while queued")
                }
                return try handlers.answer(
                    body, generation: generation, cancellation: cancellation)
            }
        }
        // A request during the build of what it reads (see DeferredBuild) waits here, not on
        // a worker.
        let built: EventLoopFuture<Void>? =
            switch body {
            case .entities: generation.content.entityBuild.ready(on: eventLoop)
            case .suggest, .terms: generation.content.lookupsBuild.ready(on: eventLoop)
            default: nil
            }
        let future = built.map { $0.flatMap { work() } } ?? work()
        future.assumeIsolated().whenComplete { result in
            self.finish(
                pending, result: result.mapError(Self.failure), id: id, method: body.method,
                started: started, deadline: deadline, context)
        }
    }

    private func runReload(
        wait: Bool, id: UInt64, started: NIODeadline, deadline: NIODeadline?,
        _ context: ChannelHandlerContext
    ) {
        let pending = begin(id: id, method: .reload, started: started, deadline: deadline, context)
        let reloader = server.reloader
        let promise = context.eventLoop.makePromise(of: ReloadResponse.self)
        promise.completeWithTask {
            if wait {
                let (attempt, joined) = await reloader.reload()
                return ReloadResponse(
                    outcome: MethodHandlers.outcome(attempt), alreadyRunning: joined)
            }
            let joined = await reloader.startReload()
            return ReloadResponse(outcome: nil, alreadyRunning: joined)
        }
        promise.futureResult.assumeIsolated().whenComplete { result in
            self.finish(
                pending, result: result.map { .reload($0) }.mapError(Self.failure), id: id,
                method: .reload, started: started, deadline: deadline, context)
        }
    }

    private func begin(
        id: UInt64, method: Method, started: NIODeadline, deadline: NIODeadline?,
        _ context: ChannelHandlerContext
    ) -> Pending {
        let pending = Pending(id: id, method: method, started: started)
        let key = nextPendingKey
        nextPendingKey += 1
        self.pending[key] = pending
        pending.key = key
        if let deadline {
            pending.deadlineTimer = context.eventLoop.assumeIsolated().scheduleTask(
                deadline: deadline
            ) {
                guard !pending.answered else { return }
                pending.answered = true
                pending.cancellation?.cancel()
                self.send(
                    .failure(self.deadlineFailure(started: started, deadline: deadline)), id: id,
                    method: method, started: started, context)
                self.flushIfNeeded(context)
            }
        }
        return pending
    }

    private func finish(
        _ pending: Pending, result: Result<Response.Body, RequestFailure>, id: UInt64,
        method: Method, started: NIODeadline, deadline: NIODeadline?,
        _ context: ChannelHandlerContext
    ) {
        self.pending[pending.key] = nil
        pending.deadlineTimer?.cancel()
        if !pending.answered {
            pending.answered = true
            send(result, id: id, method: method, started: started, deadline: deadline, context)
            flushIfNeeded(context)
        }
        resume(context)
    }

    /// The same instant on the clock `WorkCancellation` reads (NatoAzCorpus has no NIO).
    private static func continuousInstant(_ deadline: NIODeadline) -> ContinuousClock.Instant {
        ContinuousClock.now + .nanoseconds((deadline - NIODeadline.now()).nanoseconds)
    }

    private static func failure(_ error: any Error) -> RequestFailure {
        if let failure = error as? RequestFailure { return failure }
        if error is WorkAbandoned {
            return RequestFailure(.unavailable, "the connection closed before the work started")
        }
        if error is NIOThreadPoolError.ThreadPoolInactive {
            return RequestFailure(.unavailable, "the server is shutting down; reconnect later")
        }
        return RequestFailure(.internal, "unexpected error: \(error)")
    }

    private func deadlineFailure(started: NIODeadline, deadline: NIODeadline) -> RequestFailure {
        let allowed = (deadline - started).nanoseconds / 1_000_000
        return RequestFailure(
            .deadlineExceeded, "no answer within the request's deadline of \(allowed) ms")
    }

    // MARK: - Access

    private func readPeerCredentials(_ context: ChannelHandlerContext) {
        guard let provider = context.channel as? any SocketOptionProvider else { return }
        provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SO_PEERCRED)
            .assumeIsolated().whenSuccess { (credentials: RawPeerCredentials) in
                self.peer = PeerCredentials(
                    pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
                self.logger[metadataKey: "peer_uid"] = "\(credentials.uid)"
            }
    }

    private func isAdministrator() -> Bool {
        if let peerIsAdministrator { return peerIsAdministrator }
        let allowed = peer.map(server.accessPolicy.isAdministrator) ?? false
        peerIsAdministrator = allowed
        return allowed
    }

    // MARK: - Output

    /// Encodes one result as the response to request `id` (flushed by the caller).
    private func send(
        _ result: Result<Response.Body, RequestFailure>, id: UInt64, method: Method?,
        started: NIODeadline, deadline: NIODeadline? = nil, _ context: ChannelHandlerContext
    ) {
        var response = Response(id: id)
        var errorCode: ErrorCode?
        switch result {
        case .success(let body):
            response.body = body
        case .failure(let failure):
            response.error = failure.responseError
            errorCode = failure.code
        }
        send(
            &response, errorCode: errorCode, method: method, started: started,
            deadline: deadline, context)
    }

    /// Encodes one response (flushed by the caller) and counts it in the stats. Past its
    /// request's deadline it is replaced by DEADLINE_EXCEEDED.
    private func send(
        _ response: inout Response, errorCode: ErrorCode?, method: Method?,
        started: NIODeadline, deadline: NIODeadline?, _ context: ChannelHandlerContext
    ) {
        guard state != .closed else { return }
        var errorCode = errorCode
        if let deadline, NIODeadline.now() > deadline {
            let failure = deadlineFailure(started: started, deadline: deadline)
            response.body = nil
            response.error = failure.responseError
            errorCode = failure.code
        }
        let unrecorded = output.append(
            response, errorCode: errorCode, method: method,
            startedNanoseconds: started.uptimeNanoseconds, codec: codec)
        appended(unrecorded: unrecorded, context)
    }

    /// Encodes the answer to a Ping (flushed by the caller), as `send` does for the same
    /// `Response`, without building one: the busiest answer skips the copies and destroys of
    /// the `Response.Body` enum.
    private func sendPing(
        _ answer: PingAnswer, started: NIODeadline, deadline: NIODeadline?,
        _ context: ChannelHandlerContext
    ) {
        guard state != .closed else { return }
        if let deadline, NIODeadline.now() > deadline {
            send(
                .failure(deadlineFailure(started: started, deadline: deadline)), id: answer.id,
                method: .ping, started: started, context)
            return
        }
        let unrecorded = output.append(
            answer, startedNanoseconds: started.uptimeNanoseconds, codec: codec)
        appended(unrecorded: unrecorded, context)
    }

    /// After a response was appended: counts an error no method records, and hands a long
    /// run of responses to the channel before the flush.
    private func appended(unrecorded: ErrorCode?, _ context: ChannelHandlerContext) {
        if let unrecorded {
            server.stats.recordError(code: Int(unrecorded.rawValue))
        }
        if output.bytes.count >= Self.coalescedWriteBytes {
            writePendingOutput(context)
        }
    }

    /// Hands the responses encoded so far to the channel, flushing them with everything
    /// written before when `flush` is set (one trip down the pipeline instead of a write and a
    /// flush), then applies the per-connection output bound to what the channel now holds.
    private func writePendingOutput(_ context: ChannelHandlerContext, flush: Bool = false) {
        recordStats()
        guard !output.bytes.isEmpty else { return }
        var buffer = spareOutput ?? context.channel.allocator.buffer(capacity: output.bytes.count)
        spareOutput = nil  // not shared with `buffer` if it is still unique now
        buffer.clear()
        buffer.writeBytes(output.bytes)
        output.removeAll(retainedCapacity: Self.retainedOutputCapacity)
        if flush {
            wroteSinceFlush = false
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        } else {
            wroteSinceFlush = true
            context.write(wrapOutboundOut(buffer), promise: nil)
        }
        spareOutput = buffer.capacity <= Self.retainedOutputCapacity ? buffer : nil
        enforceBufferLimit(context)
    }

    /// Records the answers and bytes of the batch in the shared stats (one access to
    /// `output`, not a read and then a modification).
    private func recordStats() {
        output.recordStats(in: server.stats)
    }

    /// Sends one error frame, then closes: the stream cannot continue (bad framing, no Hello,
    /// over a limit).
    private func fail(
        _ context: ChannelHandlerContext, _ failure: RequestFailure, id: UInt64,
        recordAs method: Method?
    ) {
        guard state != .closed else { return }
        send(.failure(failure), id: id, method: method, started: .now(), context)
        writePendingOutput(context)
        state = .closed
        holdBackReads(context)
        wroteSinceFlush = false
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)))
            .assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
    }

    private func flushIfNeeded(_ context: ChannelHandlerContext) {
        if !output.bytes.isEmpty {
            writePendingOutput(context, flush: true)
        } else if wroteSinceFlush {
            recordStats()
            wroteSinceFlush = false
            context.flush()
        }
    }

    /// Output storage kept between responses, per connection; bigger is freed after use.
    private static let retainedOutputCapacity = 64 << 10
    /// Responses pending past this many bytes are handed to the channel before the flush, so
    /// that a long run of frames still sees the channel's writability (back-pressure) change.
    private static let coalescedWriteBytes = 16 << 10

    // MARK: - Flow control and timers

    /// Stops reading from the socket (while the client does not read its responses, and
    /// once the connection is closing). Through the channel's `autoRead`, not by holding
    /// back the pipeline's `read` in this handler: a handler on the outbound path costs every
    /// read (every request at one connection) a trip through it.
    private func holdBackReads(_ context: ChannelHandlerContext) {
        guard !readHeldBack else { return }
        readHeldBack = true
        setAutoRead(false, context)
    }

    /// Fails only on a closed channel, which reads nothing more anyway.
    private func setAutoRead(_ on: Bool, _ context: ChannelHandlerContext) {
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: on)
    }

    /// Picks up buffered frames and reading again once in-flight work or output drained.
    private func resume(_ context: ChannelHandlerContext) {
        guard state != .closed else { return }
        processFrames(context)
        if readHeldBack, state != .closed, writable {
            readHeldBack = false
            setAutoRead(true, context)
        }
        closeIfFinished(context)
    }

    private func enforceBufferLimit(_ context: ChannelHandlerContext) {
        guard !writable,
            let buffered = try? context.channel.syncOptions?.getOption(
                ChannelOptions.bufferedWritableBytes),
            buffered > server.configuration.maxBufferedBytes
        else { return }
        logger.warning(
            "client is not reading its responses; disconnecting",
            metadata: ["buffered_bytes": "\(buffered)"])
        state = .closed
        context.close(promise: nil)
    }

    /// Closes once drained or the client's input ended, when nothing is left in flight.
    /// After end of input, frames still buffered (held back while the client was not
    /// reading) are answered first: processing only stops early while not writable.
    private func closeIfFinished(_ context: ChannelHandlerContext) {
        guard state != .closed, inFlight == 0,
            draining || (inputClosed && writable)
        else { return }
        writePendingOutput(context)
        state = .closed
        holdBackReads(context)
        wroteSinceFlush = false
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)))
            .assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
    }

    /// Past the shutdown bound: what is still in flight is answered UNAVAILABLE (the work
    /// itself cannot be stopped, its result is dropped), then the connection closes.
    private func abandonInFlight(_ context: ChannelHandlerContext) {
        guard state != .closed else { return }
        for entry in pending.values where !entry.answered {
            entry.answered = true
            entry.deadlineTimer?.cancel()
            send(
                .failure(
                    RequestFailure(
                        .unavailable,
                        "the server shut down before this request finished; retry when it is back")
                ), id: entry.id, method: entry.method, started: entry.started, context)
        }
        pending.removeAll()
        closeIfFinished(context)
    }

    private func handshakeTimedOut(_ context: ChannelHandlerContext) {
        guard state == .awaitingHello else { return }
        logger.info("no Hello within the handshake timeout; closing")
        let timeout = ServerContext.milliseconds(server.configuration.handshakeTimeout)
        fail(
            context,
            RequestFailure(
                .handshakeRequired,
                "no complete Hello frame within \(timeout) ms of connecting; natoazd speaks the "
                    + "binary protocol of Protocol/PROTOCOL.md"), id: 0, recordAs: nil)
    }

    private func frameTimedOut(_ context: ChannelHandlerContext) {
        frameTimer = nil
        guard state == .open, !inputClosed, decoder.bufferedByteCount > 0 else { return }
        guard writable else { return }  // held back by us, not slow input
        let timeout = ServerContext.milliseconds(server.configuration.frameTimeout)
        let received = decoder.bufferedByteCount
        logger.info(
            "frame not complete within the frame timeout; closing",
            metadata: ["bytes": "\(received)", "timeout_ms": "\(timeout)"])
        fail(
            context,
            RequestFailure(
                .malformedFrame,
                "frame incomplete: \(received) bytes of it arrived, and the rest did not within "
                    + "\(timeout) ms of its first byte (frame_timeout_ms); send each frame whole"),
            id: 0, recordAs: nil)
    }

    /// Closes the connection when nothing came from the client for the idle timeout and
    /// nothing is in flight (a sweep of the registry asks, several times per timeout).
    private func idleCheck(_ context: ChannelHandlerContext) {
        guard state != .closed, inFlight == 0 else { return }
        let due = lastActivity + TimeAmount(server.configuration.idleTimeout)
        guard NIODeadline.now() >= due else { return }
        logger.debug("idle timeout; closing")
        state = .closed
        context.close(promise: nil)
    }

    private func writeTimedOut(_ context: ChannelHandlerContext) {
        writeTimer = nil
        guard state != .closed, !writable else { return }
        logger.warning("client has not read its responses within the write timeout; disconnecting")
        state = .closed
        context.close(promise: nil)
    }
}

@available(*, unavailable, message: "a connection's handler lives on its event loop")
extension ConnectionHandler: Sendable {}

/// `struct ucred` as the kernel fills it for SO_PEERCRED (Glibc hides the C declaration
/// without _GNU_SOURCE): pid, uid, gid.
struct RawPeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
