import NatoAzClient
import NatoAzProtocol

/// A failure to report on stderr, with the exit status it maps to.
///
/// Messages say what failed and what to do. They never include a stack trace or a raw
/// Swift error description.
struct ClientFailure: Error {
    /// The process exit status (see `ExitStatus`).
    var status: Int32
    /// One or more lines for stderr, without the "natoazctl: " prefix.
    var message: String
    /// The wire error code, when natoazd reported the failure.
    var code: ErrorCode?
    /// The request field natoazd blamed, when it named one.
    var field: String?
    /// natoazd's own message, without the hints added for people (for JSON output).
    var serverMessage: String?

    init(
        status: Int32, message: String, code: ErrorCode? = nil, field: String? = nil,
        serverMessage: String? = nil
    ) {
        self.status = status
        self.message = message
        self.code = code
        self.field = field
        self.serverMessage = serverMessage
    }

    /// The daemon could not be reached: say why and how to fix it.
    static func unreachable(_ error: ConnectionError) -> ClientFailure {
        let start = "Start it with `systemctl start natoazd.socket` or `make run`."
        let message: String
        switch error {
        case .pathTooLong(let path, let limit):
            message = """
                the socket path \(path) is too long (\(path.utf8.count) bytes; Unix sockets \
                allow \(limit)). Use a shorter --socket path.
                """
        case .directoryMissing(let path, let directory):
            message = """
                natoazd is not running at \(path): the directory \(directory) does not exist. \
                \(start) If natoazd listens elsewhere, pass --socket or set NATOAZ_SOCKET.
                """
        case .socketMissing(let path):
            message = """
                natoazd is not running at \(path): no such socket. \(start) \
                If natoazd listens elsewhere, pass --socket or set NATOAZ_SOCKET.
                """
        case .notASocket(let path):
            message = """
                \(path) is not a socket, so natoazd cannot be listening there. \
                Check --socket or NATOAZ_SOCKET.
                """
        case .refused(let path):
            message = """
                natoazd is not running at \(path): connection refused (a stale socket file?). \
                \(start)
                """
        case .permissionDenied(let path):
            message = """
                permission denied connecting to natoazd at \(path). Run as a member of the \
                natoaz group (`sudo usermod -aG natoaz $USER`, then log in again) or as root.
                """
        case .backlogFull(let path):
            message = """
                natoazd at \(path) is not accepting connections (its queue is full). \
                It may be overloaded; try again or raise --timeout.
                """
        case .timedOut(let path, let phase):
            message = """
                natoazd at \(path) did not answer in time (timed out waiting for \
                \(phase.rawValue)). It may be overloaded or stuck: check \
                `systemctl status natoazd`, or raise --timeout.
                """
        case .closedByPeer(let path):
            message = """
                natoazd at \(path) closed the connection before answering. \
                Check its log: `journalctl -u natoazd`.
                """
        case .system(let path, let operation, let code):
            message = """
                cannot talk to natoazd at \(path): \(operation) failed: \
                \(systemErrorDescription(code)).
                """
        }
        return ClientFailure(status: ExitStatus.unreachable, message: message)
    }
}

extension ClientFailure {
    /// An error natoazd reported: not found is exit status 1, anything else 2.
    static func server(_ error: ResponseError) -> ClientFailure {
        let field = error.field.isEmpty ? nil : error.field
        let text = error.message.isEmpty ? error.code.name : error.message
        if error.code == .notFound {
            return ClientFailure(
                status: ExitStatus.noResults, message: text, code: error.code, field: field,
                serverMessage: error.message)
        }
        var message = "natoazd reported \(error.code.name)"
        if let field { message += " (field \(field))" }
        message += ": \(text)"
        if let last = text.last, !".!?".contains(last) { message += "." }
        switch error.code {
        case .deadlineExceeded:
            message += " Raise --timeout to give it longer."
        case .overloaded, .unavailable:
            message += " Try again shortly."
        case .permissionDenied:
            message += """
                 This needs root, natoazd's own user, or a user or group natoazd's \
                configuration allows.
                """
        case .internal:
            message += " This is a bug in natoazd; please report it with its log."
        default:
            break
        }
        return ClientFailure(
            status: ExitStatus.failure, message: message, code: error.code, field: field,
            serverMessage: error.message)
    }

    /// natoazd answered with something this client cannot use.
    static func invalidResponse(_ what: String) -> ClientFailure {
        ClientFailure(
            status: ExitStatus.failure,
            message: "natoazd sent \(what). Are natoazctl and natoazd the same version?")
    }
}
