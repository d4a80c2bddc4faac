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

    public init() {
        self.id = 0
        self.payload = []
    }

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
