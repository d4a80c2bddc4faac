import CZstd

/// Compresses payloads into single zstd frames that declare their content size, reusing one
/// `ZSTD_CCtx` (a context per call measured 2x slower).
///
/// Not Sendable: the context is mutable state. Use one per connection (or per thread).
public final class ZstdCompressor {
    /// zstd's default level: on natoaz messages higher levels gained little (BENCHMARKS.md).
    public static let defaultLevel: Int32 = 3

    private let context: OpaquePointer
    private let level: Int32

    public init(level: Int32 = ZstdCompressor.defaultLevel) throws(ProtocolError) {
        guard let context = ZSTD_createCCtx() else {
            throw ProtocolError(
                code: .internal, message: "zstd could not allocate a compression context",
                closesConnection: false)
        }
        self.context = context
        self.level = level
        _ = try ZstdCall.check(
            ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level), "set level",
            code: .internal)
        // The receiver rejects frames without a content size, so always write it; a checksum
        // is left out: the Unix socket is reliable and protobuf decoding validates anyway.
        _ = try ZstdCall.check(
            ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1), "set content size flag",
            code: .internal)
    }

    deinit {
        ZSTD_freeCCtx(context)
    }

    /// One zstd frame holding `input`, compressed with `dictionary` when given.
    public func compress(
        _ input: [UInt8], dictionary: ZstdDictionary? = nil
    ) throws(ProtocolError) -> [UInt8] {
        var output: [UInt8] = []
        try compress(input, dictionary: dictionary, appendingTo: &output)
        return output
    }

    /// Appends one zstd frame holding `input` to `output` (e.g. after a frame header).
    public func compress(
        _ input: [UInt8], dictionary: ZstdDictionary?, appendingTo output: inout [UInt8]
    ) throws(ProtocolError) {
        _ = try ZstdCall.check(
            ZSTD_CCtx_reset(context, ZSTD_reset_session_only), "reset", code: .internal)
        _ = try ZstdCall.check(
            ZSTD_CCtx_refCDict(context, dictionary?.compressionDictionary), "use dictionary",
            code: .internal)
        let bound = ZSTD_compressBound(input.count)
        let start = output.count
        var written = 0
        var failure: ProtocolError?
        output.append(contentsOf: repeatElement(0, count: bound))
        output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { src in
                let result = ZSTD_compress2(
                    context, out.baseAddress! + start, bound, src.baseAddress, src.count)
                do throws(ProtocolError) {
                    written = try ZstdCall.check(result, "compress", code: .internal)
                } catch {
                    failure = error
                }
            }
        }
        output.removeLast(bound - written)
        if let failure { throw failure }
    }
}

@available(*, unavailable, message: "a ZSTD_CCtx must not be used by two threads at once")
extension ZstdCompressor: Sendable {}
