import CZstd

/// A trained zstd dictionary, digested once for compression and decompression.
///
/// Sendable: libzstd documents `ZSTD_CDict` and `ZSTD_DDict` as read-only after creation and
/// safe to share between threads, so every connection of a server can use one instance.
public final class ZstdDictionary: @unchecked Sendable {
    /// The id zstd stored in the dictionary (and writes into each frame compressed with it);
    /// the handshake negotiates dictionaries by this id.
    public let id: UInt32
    /// The dictionary file's bytes.
    public let bytes: [UInt8]

    let compressionDictionary: OpaquePointer
    let decompressionDictionary: OpaquePointer

    /// Digests `bytes` (the content of e.g. `Protocol/natoaz.dict`).
    public init(bytes: [UInt8], compressionLevel: Int32 = ZstdCompressor.defaultLevel)
        throws(ProtocolError)
    {
        let id = bytes.withUnsafeBytes { ZDICT_getDictID($0.baseAddress, $0.count) }
        guard id != 0 else {
            throw ProtocolError(
                code: .internal, message: "not a zstd dictionary (no dictionary id in its header)",
                closesConnection: false)
        }
        let cdict = bytes.withUnsafeBytes {
            ZSTD_createCDict($0.baseAddress, $0.count, compressionLevel)
        }
        let ddict = bytes.withUnsafeBytes { ZSTD_createDDict($0.baseAddress, $0.count) }
        guard let cdict, let ddict else {
            ZSTD_freeCDict(cdict)
            ZSTD_freeDDict(ddict)
            throw ProtocolError(
                code: .internal, message: "zstd could not load the dictionary (out of memory?)",
                closesConnection: false)
        }
        self.id = id
        self.bytes = bytes
        self.compressionDictionary = cdict
        self.decompressionDictionary = ddict
    }

    deinit {
        ZSTD_freeCDict(compressionDictionary)
        ZSTD_freeDDict(decompressionDictionary)
    }
}
