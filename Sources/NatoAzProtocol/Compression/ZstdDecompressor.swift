import CZstd

/// Decompresses untrusted zstd payloads, reusing one `ZSTD_DCtx`.
///
/// A frame is never trusted: before a byte of output is allocated, the payload must be exactly
/// one zstd frame that declares its content size, and that size must be within the limit
/// (a decompression bomb announcing gigabytes is refused without allocating). The window is
/// capped with `ZSTD_d_windowLogMax`, and a frame whose data does not match its declared size
/// (a lying content size) is rejected.
///
/// Not Sendable: the context is mutable state. Use one per connection (or per thread).
public final class ZstdDecompressor {
    private let context: OpaquePointer

    /// - Parameter maxWindowLog: the largest window (2^n bytes) a frame may ask for; the default
    ///   of 24 (16 MiB) matches `ProtocolLimits.standard.maxDecompressedBytes`.
    public init(maxWindowLog: Int32 = 24) throws(ProtocolError) {
        guard let context = ZSTD_createDCtx() else {
            throw ProtocolError(
                code: .internal, message: "zstd could not allocate a decompression context",
                closesConnection: false)
        }
        self.context = context
        _ = try ZstdCall.check(
            ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, maxWindowLog), "cap window",
            code: .internal)
    }

    deinit {
        ZSTD_freeDCtx(context)
    }

    /// The content of the single zstd frame `input`, at most `maxOutput` bytes.
    ///
    /// - Parameter dictionary: required when the frame was compressed with one (its id is
    ///   checked against the frame's); nil when it was not.
    public func decompress(
        _ input: [UInt8], maxOutput: Int, dictionary: ZstdDictionary? = nil
    ) throws(ProtocolError) -> [UInt8] {
        try input.withUnsafeBytes { raw in
            Result { () throws(ProtocolError) in
                try decompress(raw, maxOutput: maxOutput, dictionary: dictionary)
            }
        }.get()
    }

    /// The content of the single zstd frame `input`, read in place (e.g. from a read buffer).
    public func decompress(
        _ input: UnsafeRawBufferPointer, maxOutput: Int, dictionary: ZstdDictionary? = nil
    ) throws(ProtocolError) -> [UInt8] {
        let size = try checkedContentSize(input, maxOutput: maxOutput, dictionary: dictionary)
        _ = try ZstdCall.check(ZSTD_DCtx_reset(context, ZSTD_reset_session_only), "reset")
        _ = try ZstdCall.check(
            ZSTD_DCtx_refDDict(context, dictionary?.decompressionDictionary), "use dictionary")
        var result = 0
        var consumedAll = false
        // Uninitialised capacity: zstd writes the bytes, nothing is zero-filled first; only
        // what zstd produced counts as initialised.
        let output = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
            var outBuffer = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
            result = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
            consumedAll = inBuffer.pos == inBuffer.size
            count = outBuffer.pos
        }
        let remaining = try ZstdCall.check(result, "decompress")
        // 0 means the frame is complete; anything else means the data goes on past the size
        // the frame declared, or stops short of it.
        guard remaining == 0, consumedAll, output.count == size else {
            throw .malformedFrame(
                "zstd frame content does not match its declared size of \(size) bytes")
        }
        return output
    }

    /// Validates the frame's header and returns its declared content size.
    private func checkedContentSize(
        _ input: UnsafeRawBufferPointer, maxOutput: Int, dictionary: ZstdDictionary?
    ) throws(ProtocolError) -> Int {
        let declared = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        let frameSize = ZSTD_findFrameCompressedSize(input.baseAddress, input.count)
        let frameDictionary = ZSTD_getDictID_fromFrame(input.baseAddress, input.count)
        if declared == ZSTD_CONTENTSIZE_ERROR {
            throw .malformedFrame("compressed payload is not a zstd frame")
        }
        if declared == ZSTD_CONTENTSIZE_UNKNOWN {
            throw .malformedFrame(
                "zstd frame does not declare its content size (natoaz requires it)")
        }
        guard declared <= UInt64(maxOutput) else {
            throw .tooLarge(
                "zstd frame declares \(declared) bytes, over the limit of \(maxOutput) bytes",
                limit: .decompressedBytes)
        }
        guard try ZstdCall.check(frameSize, "read frame") == input.count else {
            throw .malformedFrame(
                "compressed payload holds \(input.count - frameSize) byte(s) after its zstd frame")
        }
        let expected = dictionary?.id ?? 0
        if frameDictionary != 0 && frameDictionary != expected {
            throw .malformedFrame(
                "zstd frame needs dictionary \(frameDictionary), but "
                    + (expected == 0 ? "no dictionary is in use" : "\(expected) is in use"))
        }
        return Int(declared)
    }
}

@available(*, unavailable, message: "a ZSTD_DCtx must not be used by two threads at once")
extension ZstdDecompressor: Sendable {}
