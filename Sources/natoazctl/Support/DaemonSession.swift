import NatoAzClient
import NatoAzProtocol

/// natoazctl's use of `DaemonConnection`: opens it from the global options and turns every
/// low-level failure into a `ClientFailure` with a message and an exit status.
enum DaemonSession {
    /// Connects and completes the handshake.
    static func open(global: GlobalOptions, deadline: Deadline) throws(ClientFailure)
        -> DaemonConnection
    {
        do {
            return try DaemonConnection(
                path: global.socketPath, clientName: "natoazctl \(NatoAzCtl.version)",
                deadline: deadline)
        } catch {
            throw failure(error)
        }
    }

    /// Sends one request and returns its response, timing the exchange.
    static func call(
        _ connection: DaemonConnection, _ body: Request.Body, deadline: Deadline
    ) throws(ClientFailure) -> (response: Response, micros: UInt64) {
        let started = MonotonicClock.microseconds()
        do {
            let response = try connection.call(body, deadline: deadline)
            return (response, MonotonicClock.microseconds() - started)
        } catch {
            throw failure(error)
        }
    }

    /// Pipelines `bodies` over `connection`, handing each response to `receive` by index.
    static func pipeline(
        _ connection: DaemonConnection, _ bodies: [Request.Body], deadline: Deadline,
        receive: (Int, Response) -> Void
    ) throws(ClientFailure) {
        do {
            try connection.pipeline(bodies, deadline: deadline) { index, response in
                receive(index, response)
            }
        } catch {
            throw failure(error)
        }
    }

    /// The message and exit status for a failed exchange.
    static func failure(_ error: ClientError) -> ClientFailure {
        switch error {
        case .connection(let connection):
            return .unreachable(connection)
        case .protocolViolation(let path, let error, duringHandshake: true):
            return ClientFailure(
                status: ExitStatus.unreachable,
                message: """
                    \(path) does not speak the natoaz protocol (\(error.message)). \
                    Is --socket (or NATOAZ_SOCKET) pointing at natoazd?
                    """)
        case .protocolViolation(_, let error, duringHandshake: false):
            return .invalidResponse("an invalid frame (\(error.message))")
        case .requestRejected(_, let error):
            return ClientFailure(
                status: ExitStatus.failure,
                message: "cannot send the request: \(error.message)", code: error.code)
        case .refusedByServer(let path, let error):
            var failure = ClientFailure.server(error)
            if error.code == .unsupportedVersion {
                failure.message += " (natoazd at \(path) speaks another protocol version.)"
            }
            if error.code == .notFound { failure.status = ExitStatus.failure }
            return failure
        }
    }
}
