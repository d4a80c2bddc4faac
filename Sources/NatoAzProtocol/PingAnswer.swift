/// The Response to a Ping, encoded without a `Response`: the same bytes as
/// `Response(id: id, body: .ping(PingResponse(payload: payload)))`.
///
/// ```
/// Response { 1: id (varint) │ 12: PingResponse { 1: payload (bytes) } }
/// ```
/// A server answers Pings at the highest rate of any method; building a `Response` for each
/// cost a store into its `Response.Body` enum and a destroy of it, through out-of-line value
/// witnesses (BENCHMARKS.md, "Session 8"). Decoding gives back the id and payload of such a
/// Response (a Response with another body or an error decodes with that part skipped).
public struct PingAnswer: WireMessage {
    /// The id of the Ping this answers.
    public var id: UInt64
    /// The Ping's payload, echoed.
    public var payload: [UInt8]

    /// An answer with id 0 and no payload (to decode into).
    public init() {
        self.id = 0
        self.payload = []
    }

    /// The answer to Ping `id` echoing `payload`.
    public init(id: UInt64, payload: [UInt8]) {
        self.id = id
        self.payload = payload
    }

    public static var protoName: String { Response.protoName }

    public static func fieldName(_ number: UInt32) -> String? {
        Response.fieldName(number)
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeUInt64(1, id)
        writer.writeMessage(12, PingResponse(payload: payload))
    }

    public mutating func decodeField(
        _ tag: FieldTag, from reader: inout ProtobufReader
    ) throws(ProtocolError) -> Bool {
        switch tag.number {
        case 1: id = try reader.readUInt64(tag)
        case 12: payload = try reader.readMessage(tag, as: PingResponse.self).payload
        default: return false
        }
        return true
    }
}

extension PingAnswer {
    /// The size of the encoded `Response` (a frame's payload), as `encode(to:)` writes it.
    public var encodedSize: Int {
        let inner = pingResponseSize
        let idSize = id == 0 ? 0 : 1 + Varint.size(of: id)
        return idSize + 1 + Varint.size(of: UInt64(inner)) + inner
    }

    /// The size of the embedded `PingResponse` (field 12).
    private var pingResponseSize: Int {
        payload.isEmpty ? 0 : 1 + Varint.size(of: UInt64(payload.count)) + payload.count
    }

    /// Writes this answer as one uncompressed frame at the start of `destination` (at least
    /// `Frame.headerSize + payloadCount` bytes, `payloadCount` being `encodedSize`), the
    /// bytes `FrameCodec` frames it as when it does not compress; returns their count.
    ///
    /// ```
    /// [ length: 4 B BE │ flags 0x00 │ 0x08 id │ 0x62 len │ 0x0a len │ payload ... ]
    ///                                 (id ≠ 0)  field 12    (payload not empty)
    /// ```
    /// A server answers a Ping per request at its highest rates: written straight into the
    /// channel's buffer, its answer skips the generic path (a `ProtobufWriter` over an array,
    /// a placeholder header, the embedded message's length patched afterwards, then a copy
    /// of the array into the channel's buffer).
    public func writePlainFrame(
        payloadCount: Int, to destination: UnsafeMutableRawBufferPointer
    ) -> Int {
        precondition(destination.count >= Frame.headerSize + payloadCount, "no room for the frame")
        let head = destination.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let length = UInt32(payloadCount + 1)
        head[0] = UInt8(truncatingIfNeeded: length >> 24)
        head[1] = UInt8(truncatingIfNeeded: length >> 16)
        head[2] = UInt8(truncatingIfNeeded: length >> 8)
        head[3] = UInt8(truncatingIfNeeded: length)
        head[4] = 0
        var at = Frame.headerSize
        if id != 0 {
            head[at] = 0x08  // field 1, varint
            at = Self.writeVarint(id, to: head, at: at + 1)
        }
        head[at] = 0x62  // field 12, length-delimited
        at = Self.writeVarint(UInt64(pingResponseSize), to: head, at: at + 1)
        if !payload.isEmpty {
            head[at] = 0x0A  // PingResponse field 1, length-delimited
            at = Self.writeVarint(UInt64(payload.count), to: head, at: at + 1)
            payload.withUnsafeBytes { bytes in
                (head + at).update(
                    from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    count: bytes.count)
            }
            at += payload.count
        }
        assert(at == Frame.headerSize + payloadCount, "encodedSize disagrees with the bytes")
        return at
    }

    /// Writes `value` as a varint at `at`; returns the index after it.
    @inline(__always)
    private static func writeVarint(
        _ value: UInt64, to bytes: UnsafeMutablePointer<UInt8>, at start: Int
    ) -> Int {
        var value = value
        var at = start
        while value >= 0x80 {
            bytes[at] = UInt8(truncatingIfNeeded: value) | 0x80
            value >>= 7
            at += 1
        }
        bytes[at] = UInt8(truncatingIfNeeded: value)
        return at + 1
    }
}
