import Glibc

/// Why talking to the daemon's socket failed, in terms a person can act on.
///
/// Each case keeps the socket path so a message can say where the client looked.
/// `natoazctl` turns these into messages with remedies and exit status 3.
public enum ConnectionError: Error, Equatable, Sendable {
    /// The path does not fit in `sockaddr_un.sun_path` (107 bytes on Linux).
    case pathTooLong(path: String, limit: Int)
    /// The directory that should hold the socket does not exist.
    case directoryMissing(path: String, directory: String)
    /// The directory exists but the socket file does not: the daemon is not running.
    case socketMissing(path: String)
    /// Something other than a socket sits at the path.
    case notASocket(path: String)
    /// A socket file exists but nothing accepts on it (a stale socket, the daemon stopped).
    case refused(path: String)
    /// The socket or its directory is not accessible to this user.
    case permissionDenied(path: String)
    /// The daemon's listen queue stayed full until the deadline.
    case backlogFull(path: String)
    /// The daemon did not answer in time; `phase` says what the client was waiting for.
    case timedOut(path: String, phase: Phase)
    /// The daemon closed the connection before answering.
    case closedByPeer(path: String)
    /// Any other system call failure, with its errno.
    case system(path: String, operation: String, errno: Int32)

    /// What the client was doing when time ran out.
    public enum Phase: String, Sendable {
        case connect = "connecting"
        case handshake = "the handshake"
        case response = "a response"
        case send = "sending a request"
    }

    /// The socket path this error is about.
    public var path: String {
        switch self {
        case .pathTooLong(let path, _), .directoryMissing(let path, _), .socketMissing(let path),
            .notASocket(let path), .refused(let path), .permissionDenied(let path),
            .backlogFull(let path), .timedOut(let path, _), .closedByPeer(let path),
            .system(let path, _, _):
            return path
        }
    }
}

/// The text of `strerror(code)`, e.g. "Connection refused".
public func systemErrorDescription(_ code: Int32) -> String {
    String(cString: strerror(code))
}
