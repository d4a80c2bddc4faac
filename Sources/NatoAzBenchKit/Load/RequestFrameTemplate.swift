import NatoAzProtocol

/// The frame of a request whose body is the same for every request of a run (ping), encoded
/// once: only the id changes, so a frame is the header, the id field and the stored rest.
/// Building a `Request` and encoding it per request was a tenth of natoaz-bench's own time at
/// 16 in flight; redis-benchmark likewise formats its command once and resends the bytes.
///
/// ```
/// ┌──────────────┬───────┬──────┬────────────┬──────────────────────────────┐
/// │ u32 BE length│ flags │ 0x08 │ varint id  │ rest: Request(id: 0) encoded │
/// │ (flags+payld)│  0    │ id's │ 1-10 bytes │ (deadline, body; id omitted) │
/// └──────────────┴───────┴─tag──┴────────────┴──────────────────────────────┘
/// ```
/// Only for plain frames: with compression on, the codec decides per frame, so the connection
/// encodes each request through it instead. The bytes equal `FrameCodec.encodeFrame` of the
/// same request (tested for ids of every varint length).
struct RequestFrameTemplate {
    /// `Request(id: 0, body: body)` encoded: every field but the id.
    private let rest: [UInt8]
    /// The largest frame: header, tag, a 10-byte id, the rest.
    let maxFrameBytes: Int

    init(body: Request.Body) {
        rest = Request(id: 0, body: body).encode()
        maxFrameBytes = Frame.headerSize + 1 + 10 + rest.count
    }

    /// Writes the frame of the request with `id` (non-zero) at `output`, which has room for
    /// `maxFrameBytes`; returns its size. Stores through a pointer, not array appends: this
    /// runs once per request.
    func write(id: UInt64, to output: UnsafeMutableRawPointer) -> Int {
        var at = Frame.headerSize + 1
        var value = id
        while value >= 0x80 {
            output.storeBytes(
                of: UInt8(truncatingIfNeeded: value) | 0x80, toByteOffset: at, as: UInt8.self)
            value >>= 7
            at += 1
        }
        output.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: at, as: UInt8.self)
        at += 1
        rest.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                (output + at).copyMemory(from: base, byteCount: bytes.count)
            }
        }
        at += rest.count
        // The length counts the flags byte and the payload.
        output.storeBytes(of: UInt32(at - 4).bigEndian, as: UInt32.self)
        output.storeBytes(of: FrameFlags().rawValue, toByteOffset: 4, as: UInt8.self)
        output.storeBytes(of: 0x08, toByteOffset: 5, as: UInt8.self)  // field 1 (id), varint
        return at
    }

    /// Appends the frame of the request with `id` (non-zero) to `output`.
    func append(id: UInt64, to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: maxFrameBytes))
        let count = output.withUnsafeMutableBytes { write(id: id, to: $0.baseAddress! + start) }
        output.removeSubrange((start + count)...)
    }
}
