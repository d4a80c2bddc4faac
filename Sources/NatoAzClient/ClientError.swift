public import NatoAzProtocol

/// Why an exchange with natoazd failed below the level of a method's own answer.
public enum ClientError: Error, Sendable {
    /// The socket could not be used (not running, wrong path, permission, timeout, ...).
    case connection(ConnectionError)
    /// The peer sent bytes that are not valid natoaz frames or messages. During the
    /// handshake this usually means the socket belongs to some other program.
    case protocolViolation(path: String, error: ProtocolError, duringHandshake: Bool)
    /// natoazd refused the connection as a whole (e.g. no common protocol version, too many
    /// connections), or reported a frame-level error and closed it.
    case refusedByServer(path: String, error: ResponseError)
    /// A request could not be sent, e.g. it exceeds the frame limit the server announced.
    case requestRejected(path: String, error: ProtocolError)
}
