import Logging
import NIOCore
import NatoAzProtocol

/// Back-pressure, closing, and the timeouts: reads held back while the client does not
/// read, the output bound, drain and shutdown, the handshake, frame, idle and write timers.
extension ConnectionHandler {
    /// Stops reading from the socket (while the client does not read its responses, and
    /// once the connection is closing). Through the channel's `autoRead`, not by holding
    /// back the pipeline's `read` in this handler: a handler on the outbound path costs every
    /// read (every request at one connection) a trip through it.
    func holdBackReads(_ context: ChannelHandlerContext) {
        guard !readHeldBack else { return }
        readHeldBack = true
        setAutoRead(false, context)
    }

    /// Fails only on a closed channel, which reads nothing more anyway.
    func setAutoRead(_ on: Bool, _ context: ChannelHandlerContext) {
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: on)
    }

    /// Picks up buffered frames and reading again once in-flight work or output drained.
    func resume(_ context: ChannelHandlerContext) {
        guard state != .closed else { return }
        processFrames(context)
        if readHeldBack, state != .closed, writable, !framesDeferred {
            readHeldBack = false
            setAutoRead(true, context)
        }
        closeIfFinished(context)
    }

    func enforceBufferLimit(_ context: ChannelHandlerContext) {
        guard !writable,
            let buffered = try? context.channel.syncOptions?.getOption(
                ChannelOptions.bufferedWritableBytes),
            buffered > server.configuration.maxBufferedBytes
        else { return }
        logPeerEvent(
            .notReading, .warning, "client is not reading its responses; disconnecting",
            ["buffered_bytes": "\(buffered)"])
        state = .closed
        context.close(promise: nil)
    }

    /// Closes once drained or the client's input ended, when nothing is left in flight.
    /// After end of input, frames still buffered (held back while the client was not
    /// reading) are answered first: processing only stops early while not writable.
    func closeIfFinished(_ context: ChannelHandlerContext) {
        guard state != .closed, inFlight == 0, !framesDeferred,
            draining || (inputClosed && writable)
        else { return }
        // Every whole frame is answered by now: bytes left are a frame the client began and
        // then shut its sending side on. It can still read: it is told, as of any other frame
        // error, by the last frame (it got none and could not tell why; session 16's QA).
        if inputClosed, !draining, decoder.bufferedByteCount > 0 {
            let received = decoder.bufferedByteCount
            logPeerEvent(
                .badFrame, .info, "client closed mid-frame; closing", ["bytes": "\(received)"])
            fail(
                context,
                RequestFailure(
                    .malformedFrame,
                    "the stream ended inside a frame: \(received) bytes of it arrived before "
                        + "the client shut down its sending side; send each frame whole"),
                id: 0, recordAs: nil)
            return
        }
        closeAfterWritingOutput(context)
    }

    /// Writes what is buffered, reads nothing more, and closes once the flush completes (so
    /// the last answers or the error frame reach the client before the close).
    func closeAfterWritingOutput(_ context: ChannelHandlerContext) {
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
    func abandonInFlight(_ context: ChannelHandlerContext) {
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

    /// Logs an event a peer can cause at will through the server's ``PeerEventThrottle``: at
    /// most a burst of lines of each kind per window, the rest counted on the next line.
    func logPeerEvent(
        _ event: PeerEventThrottle.Event, _ level: Logger.Level, _ message: Logger.Message,
        _ metadata: Logger.Metadata = [:]
    ) {
        guard logger.logLevel <= level, let admission = server.peerEvents.admit(event) else {
            return
        }
        var metadata = metadata
        for (key, value) in admission.metadata { metadata[key] = "\(value)" }
        logger.log(level: level, message, metadata: metadata)
    }

    func handshakeTimedOut(_ context: ChannelHandlerContext) {
        guard state == .awaitingHello else { return }
        logPeerEvent(.handshakeTimeout, .info, "no Hello within the handshake timeout; closing")
        let timeout = ServerContext.milliseconds(server.configuration.handshakeTimeout)
        fail(
            context,
            RequestFailure(
                .handshakeRequired,
                "no complete Hello frame within \(timeout) ms of connecting; natoazd speaks the "
                    + "binary protocol of Protocol/PROTOCOL.md"), id: 0, recordAs: nil)
    }

    func frameTimedOut(_ context: ChannelHandlerContext) {
        frameTimer = nil
        guard state == .open, !inputClosed, decoder.bufferedByteCount > 0 else { return }
        guard writable else { return }  // held back by us, not slow input
        let timeout = ServerContext.milliseconds(server.configuration.frameTimeout)
        let received = decoder.bufferedByteCount
        logPeerEvent(
            .frameTimeout, .info, "frame not complete within the frame timeout; closing",
            ["bytes": "\(received)", "timeout_ms": "\(timeout)"])
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
    func idleCheck(_ context: ChannelHandlerContext) {
        guard state != .closed, inFlight == 0 else { return }
        let due = lastActivity + TimeAmount(server.configuration.idleTimeout)
        guard NIODeadline.now() >= due else { return }
        logger.debug("idle timeout; closing")
        state = .closed
        context.close(promise: nil)
    }

    func writeTimedOut(_ context: ChannelHandlerContext) {
        writeTimer = nil
        guard state != .closed, !writable else { return }
        logPeerEvent(
            .notReading, .warning,
            "client has not read its responses within the write timeout; disconnecting")
        state = .closed
        context.close(promise: nil)
    }
}
