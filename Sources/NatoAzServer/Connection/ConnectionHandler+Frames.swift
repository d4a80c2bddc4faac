import NIOCore
import NatoAzProtocol

/// Reading frames: decoding each buffered frame's request in place and routing it to the
/// handshake or to dispatch; the frame timer for a frame that has begun but not ended.
extension ConnectionHandler {
    /// Decodes and answers the whole frames buffered. `receivedAt` starts each request's
    /// latency and deadline: the time of the read that brought the frames, or now for frames
    /// that were held back and are picked up later.
    func processFrames(
        _ context: ChannelHandlerContext, receivedAt: NIODeadline = .now()
    ) {
        // The requests are decoded into the handler's `decodedRequest`, reused from read to
        // read: a fresh `Request` per read cost about 250 instructions (copies and destroys
        // of its body enum through value witnesses), one read per request at one connection.
        // A call that re-enters (handling a request wrote, and the write changed the
        // channel's writability) decodes into a value of its own.
        guard !decodingFrames else {
            var request = Request()
            processFrames(context, receivedAt: receivedAt, into: &request)
            return
        }
        decodingFrames = true
        processFrames(context, receivedAt: receivedAt, into: &decodedRequest)
        decodingFrames = false
    }

    /// `processFrames`, decoding each frame's request into `request`. Only a small outcome
    /// crosses the decoder's closure: an enum carrying the `Request` was copied and
    /// destroyed several times per request.
    private func processFrames(
        _ context: ChannelHandlerContext, receivedAt: NIODeadline,
        into request: inout Request
    ) {
        var completed = false
        // Bytes of the frames read, counted here and added to the stats once per batch (and
        // before a Stats answer): counting into `output` inside the decoder's closure was a
        // nested run-time exclusivity check per frame.
        var received = ReceivedBytes()
        // Why a frame could not be read, beside the outcome: an `Inbound` that carried it was
        // destroyed through a generic value witness per request.
        var failure: ProtocolError?
        // Fewer bytes than a length prefix cannot be a frame nor show a bad one: no call to
        // the decoder only to learn there is none (at one connection, one such call per
        // read). Four bytes can: a length of 0 is a whole (bad) frame.
        while state != .closed, writable, !framesDeferred, decoder.bufferedByteCount >= 4 {
            if received.inflated > Self.decompressionBudget {
                deferFrames(context, busy: .now() - receivedAt)
                break
            }
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
                logPeerEvent(.badFrame, .info, "bad frame; closing", ["error": "\(error)"])
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
        // What a large request holds (a long query, say) is not kept until the next read.
        if received.raw > Self.retainedRequestBytes { request = Request() }
        // An error that closes the connection may have closed it already, its last stats
        // recorded before these bytes were added: record them now, or they are lost.
        if state == .closed { recordStats() }
        watchPartialFrame(context, completedFrames: completed)
        flushIfNeeded(context)
    }

    /// Payload bytes of one read past which its last request is not kept for the next read:
    /// a request holds about as much memory as its encoded size.
    static let retainedRequestBytes = 4_096

    /// Bytes one turn of the event loop decompresses for a connection before the rest of its
    /// buffered frames wait for the next turn. zstd inflates about 400 MB/s here: a
    /// 547-byte frame declaring 16 MiB took 20-70 ms on the event loop, and 40 of them,
    /// pipelined in one 22 KB write, kept every other connection of that loop waiting
    /// 1.1 s (session 15's QA). Per turn the work is now this budget plus one frame (at most
    /// `max-decompressed-bytes`, which must stay above the largest document: clients hold
    /// the server's responses to it too).
    static let decompressionBudget = 1 << 20

    /// Leaves the buffered frames for a later turn of the event loop, so that the other
    /// connections of this loop are served in between; reads stay held back meanwhile (the
    /// buffer does not grow), and `closeIfFinished` waits for them. `busy` is how long this
    /// batch has worked: the frames wait as long (at least 1 ms, at most 100 ms), so this
    /// connection gets at most about half of the loop's time, and the wait outlasts the work
    /// left in this turn (flushing, freeing the inflated buffers: about 1 ms for 16 MiB). The
    /// event loop runs every task that is due before it polls its sockets again: a task
    /// submitted with `execute`, or one due by the end of the turn, would run in the same
    /// turn, and the other connections would wait as before.
    func deferFrames(_ context: ChannelHandlerContext, busy: TimeAmount) {
        guard !framesDeferred else { return }
        framesDeferred = true
        holdBackReads(context)
        let wait = min(max(busy, .milliseconds(1)), .milliseconds(100))
        context.eventLoop.assumeIsolated().scheduleTask(in: wait) {
            self.framesDeferred = false
            self.resume(context)
        }
    }

    /// Starts the frame timer when a new frame has begun but not ended (its first byte came
    /// in the read just processed), stops it when no partial frame is left. While the
    /// channel is not writable, buffered bytes may be whole frames held back on purpose:
    /// the write timeout governs that case, so the timer is left as it is. After the end of
    /// input a partial frame can never complete: the close path deals with it once the
    /// requests in flight are answered, so no timer cuts those answers off.
    func watchPartialFrame(_ context: ChannelHandlerContext, completedFrames: Bool) {
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
    enum Inbound {
        case request
        /// The payload could not be decompressed (or is over a limit, or is compressed before
        /// the handshake): the stream is lost.
        case undecodablePayload
        /// The payload is not a valid Request; `id` is as much of it as could be read.
        case malformedRequest(id: UInt64)
    }

    /// Bytes received in frames, as framed and after decompression, not yet in the stats.
    struct ReceivedBytes {
        var wire = 0
        var raw = 0
        /// Of `raw`, the bytes that came out of decompression.
        var inflated = 0
    }

    /// Decodes one frame's request from the bytes the decoder lends (decompressed first when
    /// flagged), and counts its bytes; sets `failure` when it cannot. Touches neither the
    /// decoder (it lends its buffer meanwhile) nor anything that could re-enter it.
    func decodeRequest(
        flags: FrameFlags, payload: UnsafeRawBufferPointer, into request: inout Request,
        counting received: inout ReceivedBytes, failure: inout ProtocolError?
    ) -> Inbound {
        received.wire += payload.count + Frame.headerSize
        // A plain payload is decoded where it lies: the decoder has held it to the
        // decompressed-size limit already, so the codec has nothing to add.
        guard flags.isEmpty else {
            // The Hello MUST come uncompressed (PROTOCOL.md, "Connection start"): nothing is
            // negotiated yet, and a peer that has not introduced itself gets no zstd work.
            guard state != .awaitingHello else {
                failure = Self.compressedHello(flags)
                return .undecodablePayload
            }
            do throws(ProtocolError) {
                return try codec.withPayload(flags: flags, bytes: payload) {
                    plain throws(ProtocolError) in
                    received.raw += plain.count
                    received.inflated += plain.count
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

    /// Why a compressed first frame is refused, even one carrying a valid Hello.
    static func compressedHello(_ flags: FrameFlags) -> ProtocolError {
        ProtocolError(
            code: .handshakeRequired,
            message: "the first frame is flagged compressed (flags 0x"
                + String(flags.rawValue, radix: 16, uppercase: false)
                + "), but the Hello must be sent uncompressed (flags 0x00): compression is "
                + "negotiated by the Hello and may be used only after its answer",
            closesConnection: true)
    }

    static func decode(
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
    func handle(
        _ inbound: Inbound, request: inout Request, failure: inout ProtocolError?,
        received: NIODeadline, _ pending: inout ReceivedBytes, _ context: ChannelHandlerContext
    ) {
        switch inbound {
        case .request:
            break
        case .undecodablePayload:
            let error = Self.reason(&failure)
            server.stats.recordError(code: Int(error.code.rawValue))
            logPeerEvent(
                .unreadablePayload, .info, "unreadable frame payload; closing",
                ["error": "\(error)"])
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
    static func reason(_ failure: inout ProtocolError?) -> ProtocolError {
        failure.take()
            ?? ProtocolError(
                code: .internal, message: "a frame could not be read, for no recorded reason",
                closesConnection: true)
    }
}
