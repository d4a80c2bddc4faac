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

    /// A compressor at `level` (zstd's scale); throws `INTERNAL` when zstd cannot allocate
    /// its context or refuses the level.
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
        // withUnsafeBytes does not forward typed throws: carry the outcome out in a Result.
        try input.withUnsafeBytes { bytes in
            Result { () throws(ProtocolError) in try compress(bytes, dictionary: dictionary) }
        }.get()
    }

    /// One zstd frame holding `input` (e.g. a payload already in an output buffer).
    public func compress(
        _ input: UnsafeRawBufferPointer, dictionary: ZstdDictionary? = nil
    ) throws(ProtocolError) -> [UInt8] {
        _ = try ZstdCall.check(
            ZSTD_CCtx_reset(context, ZSTD_reset_session_only), "reset", code: .internal)
        _ = try ZstdCall.check(
            ZSTD_CCtx_refCDict(context, try dictionary?.compressionDictionary()),
            "use dictionary", code: .internal)
        let bound = ZSTD_compressBound(input.count)
        var result = 0
        // Uninitialised capacity: zstd writes the bytes, nothing is zero-filled first.
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            result = ZSTD_compress2(
                context, buffer.baseAddress, buffer.count, input.baseAddress, input.count)
            count = ZSTD_isError(result) != 0 ? 0 : result
        }
        _ = try ZstdCall.check(result, "compress", code: .internal)
        return output
    }
}

@available(*, unavailable, message: "a ZSTD_CCtx must not be used by two threads at once")
extension ZstdCompressor: Sendable {}
