import CZstd
import Synchronization

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

    let decompressionDictionary: OpaquePointer
    private let compressionLevel: Int32
    /// The `ZSTD_CDict`, as a bit pattern (pointers are not Sendable), made on first use.
    private let digestedForCompression = Mutex<Int>(0)

    /// Digests `bytes` (the content of e.g. `Protocol/natoaz.dict`) for decompression now, and
    /// for compression on first use: `ZSTD_createCDict` builds match tables sized for the
    /// level, which a client that sends only small requests never needs (about 4% of a
    /// `natoazctl get`'s start-up).
    public init(bytes: [UInt8], compressionLevel: Int32 = ZstdCompressor.defaultLevel)
        throws(ProtocolError)
    {
        let id = bytes.withUnsafeBytes { ZDICT_getDictID($0.baseAddress, $0.count) }
        guard id != 0 else {
            throw ProtocolError(
                code: .internal, message: "not a zstd dictionary (no dictionary id in its header)",
                closesConnection: false)
        }
        guard let ddict = bytes.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) })
        else { throw Self.outOfMemory }
        self.id = id
        self.bytes = bytes
        self.compressionLevel = compressionLevel
        self.decompressionDictionary = ddict
    }

    /// The dictionary digested for compression at the level given to `init`.
    func compressionDictionary() throws(ProtocolError) -> OpaquePointer {
        let bits = digestedForCompression.withLock { bits -> Int in
            if bits == 0 {
                let cdict = bytes.withUnsafeBytes {
                    ZSTD_createCDict($0.baseAddress, $0.count, compressionLevel)
                }
                bits = Int(bitPattern: cdict)
            }
            return bits
        }
        guard let cdict = OpaquePointer(bitPattern: bits) else { throw Self.outOfMemory }
        return cdict
    }

    private static let outOfMemory = ProtocolError(
        code: .internal, message: "zstd could not load the dictionary (out of memory?)",
        closesConnection: false)

    deinit {
        ZSTD_freeCDict(digestedForCompression.withLock { OpaquePointer(bitPattern: $0) })
        ZSTD_freeDDict(decompressionDictionary)
    }
}
