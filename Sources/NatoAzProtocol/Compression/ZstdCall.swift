import CZstd

/// Wraps libzstd's size-or-error return convention once, so no raw code escapes this module.
enum ZstdCall {
    /// `result` when it is a size; a `ProtocolError` naming zstd's error otherwise.
    static func check(
        _ result: Int, _ what: String, code: ErrorCode = .malformedFrame
    ) throws(ProtocolError) -> Int {
        guard ZSTD_isError(result) != 0 else { return result }
        let name = String(cString: ZSTD_getErrorName(result))
        throw ProtocolError(code: code, message: "zstd \(what): \(name)", closesConnection: true)
    }
}
