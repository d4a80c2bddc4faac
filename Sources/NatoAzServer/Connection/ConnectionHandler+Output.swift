import NIOCore
import NatoAzProtocol

/// Encoding answers into the connection's batch and handing the batch to the channel.
extension ConnectionHandler {
    /// Encodes one result as the response to request `id` (flushed by the caller).
    func send(
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
    func send(
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
    func sendPing(
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
    func appended(unrecorded: ErrorCode?, _ context: ChannelHandlerContext) {
        if let unrecorded {
            server.stats.recordError(code: Int(unrecorded.rawValue))
        }
        if output.byteCount >= Self.coalescedWriteBytes {
            writePendingOutput(context)
        }
    }

    /// Hands the responses encoded so far to the channel, flushing them with everything
    /// written before when `flush` is set (one trip down the pipeline instead of a write and a
    /// flush), then applies the per-connection output bound to what the channel now holds.
    func writePendingOutput(_ context: ChannelHandlerContext, flush: Bool = false) {
        recordStats()
        guard output.byteCount > 0 else { return }
        // Taken out before the write: writing can re-enter (a writability change resumes
        // reading), and answers appended meanwhile go to the other buffer.
        let frames = output.take()
        if flush {
            wroteSinceFlush = false
            context.writeAndFlush(wrapOutboundOut(frames), promise: nil)
        } else {
            wroteSinceFlush = true
            context.write(wrapOutboundOut(frames), promise: nil)
        }
        // Usually written already (at the flush) and ours alone again; if still queued, the
        // next turn's `clear()` copies it on write instead.
        output.reclaim(frames, retainedCapacity: Self.retainedOutputCapacity)
        enforceBufferLimit(context)
    }

    /// Records the answers and bytes of the batch in the shared stats (one access to
    /// `output`, not a read and then a modification).
    func recordStats() {
        output.recordStats(in: server.stats)
    }

    /// Sends one error frame, then closes: the stream cannot continue (bad framing, no Hello,
    /// over a limit).
    func fail(
        _ context: ChannelHandlerContext, _ failure: RequestFailure, id: UInt64,
        recordAs method: Method?
    ) {
        guard state != .closed else { return }
        send(.failure(failure), id: id, method: method, started: .now(), context)
        closeAfterWritingOutput(context)
    }

    func flushIfNeeded(_ context: ChannelHandlerContext) {
        if output.byteCount > 0 {
            writePendingOutput(context, flush: true)
        } else if wroteSinceFlush {
            recordStats()
            wroteSinceFlush = false
            context.flush()
        }
    }

    /// Output storage kept between responses, per connection; bigger is freed after use.
    static let retainedOutputCapacity = 64 << 10
    /// Responses pending past this many bytes are handed to the channel before the flush, so
    /// that a long run of frames still sees the channel's writability (back-pressure) change.
    static let coalescedWriteBytes = 16 << 10
}
