import NIOCore
import NatoAzCorpus
import NatoAzProtocol

/// Routing a decoded request: Pings answered where they lie, the checks every request
/// passes (draining, access, in-flight limit), then inline, worker or reloader.
extension ConnectionHandler {
    /// When a request with `deadline_ms` (0: none) received at `started` must be answered.
    @inline(__always)
    static func deadline(_ deadlineMs: UInt32, from started: NIODeadline) -> NIODeadline? {
        deadlineMs == 0 ? nil : started + .milliseconds(Int64(deadlineMs))
    }

    func dispatch(
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
        var execution = MethodHandlers.execution(of: method)
        // A Get reads its document where it is asked for (one lookup), unless the document is
        // large: then a worker builds the answer. A Suggest before its generation's lookups
        // are built waits for them as a worker's request does, on a future: answered here, it
        // blocked the event loop until the build ended (1.1 s at 10k articles for every
        // connection of that loop; session 15's QA). So does a Suggest the precomputed lists
        // do not answer (one letter with a limit over 50 walked every key under the letter on
        // the event loop: 12-25 ms at 100k articles).
        var generation: Generation<ServingCorpus>?
        var found: MethodHandlers.FoundDocument?
        switch body {
        case .get(let get):
            let current = server.store.current
            let document = MethodHandlers.FoundDocument(get, in: current)
            if document.isLarge { execution = .worker }
            found = document
            generation = current
        case .suggest(let suggest):
            let current = server.store.current
            let limit =
                suggest.limit == 0 ? MethodHandlers.suggestionsByDefault : Int(suggest.limit)
            if !current.content.lookupsBuild.isBuilt
                || !SuggestIndex.answersFromTable(suggest.prefix, limit: limit)
            {
                execution = .worker
            }
            generation = current
        default:
            break
        }
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
                response.body = try answerInline(
                    body, method: method, &pending, generation: generation, found: found)
            } catch {
                response.error = error.responseError
                errorCode = error.code
            }
            send(
                &response, errorCode: errorCode, method: method, started: started,
                deadline: deadline, context)
        case .worker:
            do {
                try MethodHandlers.checkTextSizes(body)
            } catch {
                send(.failure(error), id: id, method: method, started: started, context)
                return
            }
            runOnWorker(
                body, generation: generation ?? server.store.current, found: found, id: id,
                started: started, deadline: deadline, context)
        case .reload:
            guard case .reload(let reload) = body else { return }
            runReload(wait: reload.wait, id: id, started: started, deadline: deadline, context)
        }
    }

    /// The answer to a method that runs on the event loop (a Get's from the document
    /// dispatch `found`).
    func answerInline(
        _ body: Request.Body, method: Method, _ pending: inout ReceivedBytes,
        generation: Generation<ServingCorpus>?, found: MethodHandlers.FoundDocument?
    ) throws(RequestFailure) -> Response.Body {
        if case .ping(let ping) = body {
            // Ping touches no corpus: no generation (and its lock) to take.
            return try handlers.ping(ping)
        }
        if case .get(let get) = body, let found, let generation {
            return .get(try handlers.get(get, found: found, generation))
        }
        // The batch so far counts in a Stats answer, as if already written.
        if method == .stats {
            output.stats.received(wire: pending.wire, raw: pending.raw)
            pending = ReceivedBytes()
            recordStats()
        }
        return try handlers.answer(body, generation: generation ?? server.store.current)
    }
}
