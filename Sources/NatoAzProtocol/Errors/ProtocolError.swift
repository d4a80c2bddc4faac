/// The one error type of `NatoAzProtocol`: bad frames, bad payloads, exceeded limits, zstd
/// failures. Each carries the wire `ErrorCode` a server answers with, so a handler never has
/// to translate.
///
/// Frame-level errors (`closesConnection == true`) mean the byte stream can no longer be
/// trusted to be in sync: answer once with `responseError` (id 0) and close. Payload-level
/// errors leave the framing intact: answer the request and keep the connection.
public struct ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The code to put on the wire.
    public var code: ErrorCode
    /// What is wrong, where, and (when it helps) what to do.
    public var message: String
    /// Where in the payload: a dotted path of proto field names, e.g. `Request.search.limit`;
    /// empty when the error is not about one field.
    public var field: String
    /// The stream is out of sync or the peer is hostile: close after answering.
    public var closesConnection: Bool
    /// For a TOO_LARGE error, the limit exceeded (what to raise, or whether compression
    /// helps); nil for other errors.
    public var limit: Limit?

    /// The limits a TOO_LARGE error can be about.
    public enum Limit: Sendable, Hashable {
        /// `max_frame_bytes`: a frame, as sent (compression can bring a payload under it).
        case frameBytes
        /// `max_decompressed_bytes`: a payload once decompressed (compression cannot help).
        case decompressedBytes
    }

    /// An error to answer with; `closesConnection` says whether the stream can go on.
    public init(
        code: ErrorCode, message: String, field: String = "", closesConnection: Bool,
        limit: Limit? = nil
    ) {
        self.code = code
        self.message = message
        self.field = field
        self.closesConnection = closesConnection
        self.limit = limit
    }

    public var description: String {
        let name = code.name
        return field.isEmpty ? "\(name): \(message)" : "\(name): \(field): \(message)"
    }

    /// The error as the `error` of a `Response`.
    public var responseError: ResponseError {
        ResponseError(code: code, message: message, field: field)
    }

    /// A frame that breaks the framing rules (length, flags, compression).
    public static func malformedFrame(_ message: String) -> ProtocolError {
        ProtocolError(code: .malformedFrame, message: message, closesConnection: true)
    }

    /// A frame or payload received over `limit`; the connection cannot continue either way.
    public static func tooLarge(_ message: String, limit: Limit) -> ProtocolError {
        ProtocolError(code: .tooLarge, message: message, closesConnection: true, limit: limit)
    }

    /// A frame whose payload is not a valid protobuf message of the expected type.
    public static func malformedPayload(_ message: String, field: String = "") -> ProtocolError {
        ProtocolError(
            code: .malformedFrame, message: message, field: field, closesConnection: false)
    }

    /// The same error located one level further out, e.g. `limit` becomes `search.limit`.
    @usableFromInline
    func nested(in component: String) -> ProtocolError {
        var copy = self
        copy.field = field.isEmpty ? component : component + "." + field
        return copy
    }
}
