import CZstd
import NIOCore
import NatoAzProtocol

/// The responses of one connection not yet handed to the channel, encoded frame after frame
/// into the `ByteBuffer` that goes to the channel, with what the stats will record about them.
///
/// ```
/// read ─▶ Ping  ─▶ append(answer)   ─▶ written straight ──┐
///         other ─▶ append(response) ─▶ encoded in scratch ─┴▶ [ frame │ frame ... ] ─▶ channel
///                                                             (at the flush, or past 16 KiB)
/// ```
/// Every response of one read (a batch of pipelined requests) goes out in one `write(2)`.
/// A Ping's answer is written straight into the buffer; any other response is encoded by
/// the codec (which knows arrays, not NIO) into a reused array and copied in, as many bytes
/// copied as when every frame went through an array. Two buffers take turns: while the
/// channel writes one, answers fill the other, so a steady connection allocates nothing.
/// One mutating call per response keeps the connection handler's exclusive accesses to one
/// per answer.
struct ResponseBatch {
    /// The encoded frames, in answer order (from index 0: nothing reads from this buffer).
    private(set) var buffer: ByteBuffer
    /// The other buffer, back from the channel, emptied when it is next filled.
    private var spare: ByteBuffer?
    /// Where a response other than a Ping is encoded before it is copied into `buffer`.
    private var scratch: [UInt8] = []
    /// Answers and bytes to record in the shared stats once the frames are handed over.
    var stats = ServerStats.Batch()

    private static let allocator = ByteBufferAllocator()

    init() {
        buffer = Self.allocator.buffer(capacity: 1_024)
    }

    /// Bytes of the frames not yet handed to the channel.
    var byteCount: Int { buffer.readableBytes }

    /// Encodes `response` as the next frame and counts it as an answer to `method` (nil: an
    /// answer to no known method, counted as an error only). A response too large for the
    /// peer's frame limit is replaced by a TOO_LARGE error (an error always fits). Returns
    /// the error code of what was sent, when it records one that is not a method's (the
    /// caller counts it).
    mutating func append(
        _ response: borrowing Response, errorCode: ErrorCode?, method: Method?,
        startedNanoseconds: UInt64, codec: FrameCodec
    ) -> ErrorCode? {
        var errorCode = errorCode
        scratch.removeAll(keepingCapacity: true)
        do {
            try codec.encodeFrame(response, appendingTo: &scratch)
        } catch {
            errorCode = error.code
            encodeReplacement(
                id: response.id, error: error, advice: Self.tooLargeAdvice(for: method, error),
                codec: codec)
        }
        return copyScratch(
            errorCode: errorCode, method: method, startedNanoseconds: startedNanoseconds)
    }

    /// Encodes the answer to a Ping as the next frame, as `append` does for the same
    /// `Response` (the same bytes, stats and error handling), without building one: written
    /// straight into the buffer when it goes out plain (`FrameCodec.plainFrameSize`).
    mutating func append(
        _ answer: PingAnswer, startedNanoseconds: UInt64, codec: FrameCodec
    ) -> ErrorCode? {
        if let frameSize = codec.plainFrameSize(of: answer) {
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: frameSize) { raw in
                answer.writePlainFrame(payloadCount: frameSize - Frame.headerSize, to: raw)
            }
            stats.sent(wire: frameSize, raw: frameSize - Frame.headerSize)
            stats.answered(
                method: Int(Method.ping.rawValue), startedNanoseconds: startedNanoseconds,
                errorCode: nil)
            return nil
        }
        var errorCode: ErrorCode?
        scratch.removeAll(keepingCapacity: true)
        do {
            try codec.encodeFrame(answer, appendingTo: &scratch)
        } catch {
            // Only with a peer frame limit below a Ping's echo of at most 1 KiB.
            errorCode = error.code
            encodeReplacement(
                id: answer.id, error: error, advice: "send a smaller payload", codec: codec)
        }
        return copyScratch(
            errorCode: errorCode, method: .ping, startedNanoseconds: startedNanoseconds)
    }

    /// Appends a frame a worker encoded (``ConnectionHandler/runOnWorker``) and counts it as
    /// an answer to `method`.
    mutating func append(encoded frame: [UInt8], method: Method, startedNanoseconds: UInt64) {
        buffer.writeBytes(frame)
        stats.sent(wire: frame.count, raw: rawPayloadSize(ofFrame: frame))
        stats.answered(
            method: Int(method.rawValue), startedNanoseconds: startedNanoseconds, errorCode: nil)
    }

    /// Hands over the frames for the channel to write: the batch goes on in the spare
    /// buffer (emptied; allocated only if the channel still holds it, or at the first turn).
    /// Give the buffer back with `reclaim` once written.
    mutating func take() -> ByteBuffer {
        let frames = buffer
        if var next = spare {
            spare = nil
            next.clear()
            buffer = next
        } else {
            buffer = Self.allocator.buffer(capacity: 1_024)
        }
        return frames
    }

    /// Keeps `written`'s storage for the next turn unless one big answer grew it past
    /// `retainedCapacity` (it must not pin its size on an idle connection); the scratch
    /// array too.
    mutating func reclaim(_ written: ByteBuffer, retainedCapacity: Int) {
        if written.capacity <= retainedCapacity { spare = written }
        if scratch.capacity > retainedCapacity { scratch = [] }
    }

    /// What a client can do about an answer too large for its frame limit: a list asks for
    /// a smaller page; a document or Info cannot be paged, so it is sent compressed, or the
    /// limit raised.
    static func tooLargeAdvice(for method: Method?, _ error: ProtocolError) -> String {
        // Over max_decompressed_bytes: compression cannot help.
        if error.limit == .decompressedBytes {
            return "raise natoazd's max-decompressed-bytes to send it"
        }
        switch method {
        case .get, .info, .describe, .stats, .reload:
            return "it cannot be paged: ask with compression on (natoazctl does), or raise "
                + "natoazd's max-frame-bytes"
        default:
            return "ask for fewer results"
        }
    }

    /// Replaces what was encoded in `scratch` (a frame over the peer's limit, or part of
    /// one) with an error response for `id`, which always fits.
    private mutating func encodeReplacement(
        id: UInt64, error: ProtocolError, advice: String, codec: FrameCodec
    ) {
        scratch.removeAll(keepingCapacity: true)
        let replacement = Response(
            id: id,
            error: ResponseError(code: error.code, message: error.message + "; " + advice))
        try? codec.encodeFrame(replacement, appendingTo: &scratch)
    }

    /// Copies the frame encoded in `scratch` into the buffer and counts it in the batch's
    /// stats.
    private mutating func copyScratch(
        errorCode: ErrorCode?, method: Method?, startedNanoseconds: UInt64
    ) -> ErrorCode? {
        buffer.writeBytes(scratch)
        stats.sent(wire: scratch.count, raw: rawPayloadSize(ofFrame: scratch))
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

    /// The payload size before compression of `frame`, read from its zstd frame header
    /// when it is compressed.
    private func rawPayloadSize(ofFrame frame: [UInt8]) -> Int {
        guard frame.count > Frame.headerSize else { return 0 }
        let payloadCount = frame.count - Frame.headerSize
        guard FrameFlags(rawValue: frame[4]).contains(.compressed) else {
            return payloadCount
        }
        let size = frame.withUnsafeBytes { raw in
            ZSTD_getFrameContentSize(raw.baseAddress! + Frame.headerSize, payloadCount)
        }
        return size > UInt64(Int.max) ? payloadCount : Int(size)
    }
}
