import NIOCore
import NIOPosix
import NatoAzCorpus
import NatoAzProtocol

/// Requests answered off the event loop (a worker thread or the reloader): each answered
/// exactly once, by its result or by its deadline timer.
extension ConnectionHandler {
    /// One request handed to a worker thread or the reloader, answered exactly once: by its
    /// result, or by the deadline timer if that fires first.
    final class Pending {
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

    /// Runs a request on a worker, which also encodes (and compresses) its answer's frame
    /// with a codec of its own set as this connection's: the event loop only copies the
    /// frame out. Encoding on the event loop held the loop's other connections: 24
    /// pipelined Entities of 1,000 entries (about 1 MB each) at 100k articles delayed their
    /// Pings by up to 314 ms with compression, a Get of 8 MB 10-25 ms (session 15-16 QA).
    /// An answer over the client's limits is replaced by TOO_LARGE there too.
    func runOnWorker(
        _ body: Request.Body, generation: Generation<ServingCorpus>,
        found: MethodHandlers.FoundDocument? = nil, id: UInt64, started: NIODeadline,
        deadline: NIODeadline?, _ context: ChannelHandlerContext
    ) {
        let method = body.method
        let pending = begin(id: id, method: method, started: started, deadline: deadline, context)
        let cancellation = makeCancellation(for: method, deadline: deadline)
        pending.cancellation = cancellation
        let handlers = self.handlers
        let workQueue = server.workQueue
        let client = workClient
        let eventLoop = context.eventLoop
        let sending = codec.configuration
        let work: @Sendable () -> EventLoopFuture<[UInt8]> = {
            workQueue.run(for: client, on: eventLoop) { () throws -> [UInt8] in
                if let deadline, NIODeadline.now() >= deadline {
                    throw RequestFailure(.deadlineExceeded, "the deadline passed while queued")
                }
                cancellation.startWork()
                let answer: Response.Body
                if case .get(let get) = body, let found {
                    // The document dispatch found (a large one): not looked up again.
                    answer = .get(try handlers.get(get, found: found, generation))
                } else {
                    answer = try handlers.answer(
                        body, generation: generation, cancellation: cancellation)
                }
                return try Self.encodeFrame(
                    Response(id: id, body: answer), method: method, sendingAs: sending)
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
                pending, encoded: result.mapError(Self.failure), id: id, method: method,
                started: started, deadline: deadline, context)
        }
    }

    /// The frame of `response`, encoded off the event loop as `codec` would (a worker's own
    /// codec from `sendingAs`); over the client's limits, the TOO_LARGE failure to send
    /// instead, with what to do about it.
    static func encodeFrame(
        _ response: Response, method: Method, sendingAs sending: FrameCodec.Configuration
    ) throws(RequestFailure) -> [UInt8] {
        let codec = FrameCodec(sendingAs: sending, compressor: workerCompressor())
        var frame: [UInt8] = []
        do throws(ProtocolError) {
            try codec.encodeFrame(response, appendingTo: &frame)
        } catch {
            throw RequestFailure(
                error.code,
                error.message + "; " + ResponseBatch.tooLargeAdvice(for: method, error))
        }
        return frame
    }

    /// Each worker thread's zstd compressor, kept from answer to answer (a context made per
    /// answer cost about 12 µs more for each compressed answer, as much as compressing 4 KB).
    /// Unsafe only in name: each thread reads and writes its own value.
    nonisolated(unsafe) private static let workerCompressors =
        ThreadSpecificVariable<ZstdCompressor>()

    /// This thread's compressor (``workerCompressors``); nil if zstd could not make one (the
    /// codec then tries for itself, and fails the answer with INTERNAL as it would).
    private static func workerCompressor() -> ZstdCompressor? {
        if let compressor = workerCompressors.currentValue { return compressor }
        let compressor = try? ZstdCompressor()
        workerCompressors.currentValue = compressor
        return compressor
    }

    func runReload(
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

    func begin(
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

    /// Sends the answer to `pending` (or its failure), unless its deadline already did.
    func finish(
        _ pending: Pending, result: Result<Response.Body, RequestFailure>, id: UInt64,
        method: Method, started: NIODeadline, deadline: NIODeadline?,
        _ context: ChannelHandlerContext
    ) {
        if settle(pending) {
            send(result, id: id, method: method, started: started, deadline: deadline, context)
            flushIfNeeded(context)
        }
        resume(context)
    }

    /// Sends the frame a worker encoded for `pending` (``runOnWorker``), or its failure;
    /// past the request's deadline DEADLINE_EXCEEDED instead, as `send` does for a response.
    func finish(
        _ pending: Pending, encoded result: Result<[UInt8], RequestFailure>, id: UInt64,
        method: Method, started: NIODeadline, deadline: NIODeadline?,
        _ context: ChannelHandlerContext
    ) {
        if settle(pending) {
            switch result {
            case .success(let frame):
                if let deadline, NIODeadline.now() > deadline {
                    send(
                        .failure(deadlineFailure(started: started, deadline: deadline)),
                        id: id, method: method, started: started, context)
                } else if state != .closed {
                    output.append(
                        encoded: frame, method: method,
                        startedNanoseconds: started.uptimeNanoseconds)
                    appended(unrecorded: nil, context)
                }
            case .failure(let failure):
                send(
                    .failure(failure), id: id, method: method, started: started,
                    deadline: deadline, context)
            }
            flushIfNeeded(context)
        }
        resume(context)
    }

    /// Forgets `pending` and stops its deadline timer. True when it still needs its answer:
    /// it is then marked answered, so that nothing else (the timer) sends one.
    private func settle(_ pending: Pending) -> Bool {
        self.pending[pending.key] = nil
        pending.deadlineTimer?.cancel()
        guard !pending.answered else { return false }
        pending.answered = true
        return true
    }

    /// What stops a request's work: its deadline, or without one the server's bound on work
    /// (`lookup-time-limit`). That ends a Kwic or Collocations request with a truncated
    /// answer, and a Search, Similar or Entities request with DEADLINE_EXCEEDED: a ranking or
    /// a page of entities cut short would be wrong without saying so.
    func makeCancellation(for method: Method, deadline: NIODeadline?) -> WorkCancellation {
        if let deadline { return WorkCancellation(deadline: Self.continuousInstant(deadline)) }
        let bound = server.configuration.lookupTimeLimit
        guard bound > .zero else { return WorkCancellation() }
        switch method {
        case .kwic, .collocations: return WorkCancellation(keepsPartialWork: true, workLimit: bound)
        case .search, .similar, .entities: return WorkCancellation(workLimit: bound)
        default:
            return WorkCancellation()
        }
    }

    /// The same instant on the clock `WorkCancellation` reads (NatoAzCorpus has no NIO).
    static func continuousInstant(_ deadline: NIODeadline) -> ContinuousClock.Instant {
        ContinuousClock.now + .nanoseconds((deadline - NIODeadline.now()).nanoseconds)
    }

    static func failure(_ error: any Error) -> RequestFailure {
        if let failure = error as? RequestFailure { return failure }
        if error is WorkAbandoned {
            return RequestFailure(.unavailable, "the connection closed before the work started")
        }
        if error is NIOThreadPoolError.ThreadPoolInactive {
            return RequestFailure(.unavailable, "the server is shutting down; reconnect later")
        }
        return RequestFailure(.internal, "unexpected error: \(error)")
    }

    func deadlineFailure(started: NIODeadline, deadline: NIODeadline) -> RequestFailure {
        let allowed = (deadline - started).nanoseconds / 1_000_000
        return RequestFailure(
            .deadlineExceeded, "no answer within the request's deadline of \(allowed) ms")
    }
}
