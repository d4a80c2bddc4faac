import CZstd
import NIOCore
import NatoAzProtocol

/// The responses of one connection not yet handed to the channel, encoded frame after frame
/// into one byte array, with what the stats will record about them.
///
/// ```
/// read ─▶ request ─▶ append(response) ─▶ [ frame │ frame │ frame ... ] ─▶ one ByteBuffer
///         request ─▶ append(response) ──┘            (at the flush, or past 16 KiB)
/// ```
/// Every response of one read (a batch of pipelined requests) is encoded straight into
/// `bytes` and goes out in one `write(2)`: one copy into the channel's buffer per batch, not
/// one buffer and one channel write per response. One mutating call per response keeps the
/// connection handler's exclusive accesses to one per answer.
struct ResponseBatch {
    /// The encoded frames, in answer order.
    private(set) var bytes: [UInt8] = []
    /// Answers and bytes to record in the shared stats once the frames are handed over.
    var stats = ServerStats.Batch()

    /// Encodes `response` as the next frame and counts it as an answer to `method` (nil: an
    /// answer to no known method, counted as an error only). A response too large for the
    /// peer's frame limit is replaced by a TOO_LARGE error (an error always fits). Returns
    /// the error code of what was sent, when it records one that is not a method's (the
    /// caller counts it).
    mutating func append(
        _ response: borrowing Response, errorCode: ErrorCode?, method: Method?,
        startedNanoseconds: UInt64, codec: FrameCodec
    ) -> ErrorCode? {
        let start = bytes.count
        var errorCode = errorCode
        do {
            try codec.encodeFrame(response, appendingTo: &bytes)
        } catch {
            errorCode = error.code
            replaceFrame(
                at: start, id: response.id, error: error,
                advice: Self.tooLargeAdvice(for: method), codec: codec)
        }
        return counted(
            frameAt: start, errorCode: errorCode, method: method,
            startedNanoseconds: startedNanoseconds)
    }

    /// Encodes the answer to a Ping as the next frame, as `append` does for the same
    /// `Response` (the same bytes, stats and error handling), without building one.
    mutating func append(
        _ answer: PingAnswer, startedNanoseconds: UInt64, codec: FrameCodec
    ) -> ErrorCode? {
        let start = bytes.count
        var errorCode: ErrorCode?
        do {
            try codec.encodeFrame(answer, appendingTo: &bytes)
        } catch {
            // Only with a peer frame limit below a Ping's echo of at most 1 KiB.
            errorCode = error.code
            replaceFrame(
                at: start, id: answer.id, error: error, advice: "send a smaller payload",
                codec: codec)
        }
        return counted(
            frameAt: start, errorCode: errorCode, method: .ping,
            startedNanoseconds: startedNanoseconds)
    }

    /// What a client can do about an answer too large for its frame limit: a list asks for
    /// a smaller page; a document or Info cannot be paged, so it is sent compressed, or the
    /// limit raised.
    static func tooLargeAdvice(for method: Method?) -> String {
        switch method {
        case .get, .info, .describe, .stats, .reload:
            return "it cannot be paged: ask with compression on (natoazctl does), or raise "
                + "natoazd's max-frame-bytes"
        default:
            return "ask for fewer results"
        }
    }

    /// Replaces what was encoded from `start` (a frame over the peer's limit, or part of one)
    /// with an error response for `id`, which always fits.
    private mutating func replaceFrame(
        at start: Int, id: UInt64, error: ProtocolError, advice: String, codec: FrameCodec
    ) {
        bytes.removeSubrange(start...)
        let replacement = Response(
            id: id,
            error: ResponseError(code: error.code, message: error.message + "; " + advice))
        try? codec.encodeFrame(replacement, appendingTo: &bytes)
    }

    /// Counts the frame just appended at `start` in the batch's stats.
    @inline(__always)
    private mutating func counted(
        frameAt start: Int, errorCode: ErrorCode?, method: Method?, startedNanoseconds: UInt64
    ) -> ErrorCode? {
        stats.sent(wire: bytes.count - start, raw: rawPayloadSize(ofFrameAt: start))
        guard let method else { return errorCode }
        stats.answered(
            method: Int(method.rawValue), startedNanoseconds: startedNanoseconds,
            errorCode: errorCode.map { Int($0.rawValue) })
        return nil
    }

    /// Records the answers and bytes counted so far in `shared` (latencies end now) and
    /// empties them; nothing to record costs no clock read.
    mutating func recordStats(in shared: ServerStats) {
        guard !stats.isEmpty else { return }
        shared.record(&stats, nowNanoseconds: NIODeadline.now().uptimeNanoseconds)
    }

    /// Empties the frames, keeping their storage unless one big answer grew it past
    /// `retainedCapacity` (it must not pin its size on an idle connection).
    mutating func removeAll(retainedCapacity: Int) {
        if bytes.capacity > retainedCapacity {
            bytes = []
        } else {
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// The payload size before compression of the frame at `start`, read from its zstd
    /// frame header when it is compressed.
    private func rawPayloadSize(ofFrameAt start: Int) -> Int {
        guard bytes.count - start > Frame.headerSize else { return 0 }
        let payloadCount = bytes.count - start - Frame.headerSize
        guard FrameFlags(rawValue: bytes[start + 4]).contains(.compressed) else {
            return payloadCount
        }
        let size = bytes.withUnsafeBytes { raw in
            ZSTD_getFrameContentSize(raw.baseAddress! + start + Frame.headerSize, payloadCount)
        }
        return size > UInt64(Int.max) ? payloadCount : Int(size)
    }
}
