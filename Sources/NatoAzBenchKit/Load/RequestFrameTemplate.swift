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

    init(body: Request.Body) {
        rest = Request(id: 0, body: body).encode()
    }

    /// Appends the frame of the request with `id` (non-zero) to `output`.
    func append(id: UInt64, to output: inout [UInt8]) {
        var idLength = 1
        var value = id >> 7
        while value != 0 {
            idLength += 1
            value >>= 7
        }
        let length = UInt32(1 + 1 + idLength + rest.count)
        output.append(UInt8(truncatingIfNeeded: length >> 24))
        output.append(UInt8(truncatingIfNeeded: length >> 16))
        output.append(UInt8(truncatingIfNeeded: length >> 8))
        output.append(UInt8(truncatingIfNeeded: length))
        output.append(FrameFlags().rawValue)
        output.append(0x08)  // field 1 (id), wire type 0 (varint)
        Varint.append(id, to: &output)
        output.append(contentsOf: rest)
    }
}
