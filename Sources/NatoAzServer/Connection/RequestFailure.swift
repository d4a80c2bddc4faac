import NatoAzCorpus
public import NatoAzProtocol

/// A request that cannot be answered with a body: the error code, what is wrong and what to
/// do, and for INVALID_ARGUMENT the request field at fault (proto name, e.g. `query`).
public struct RequestFailure: Error, Sendable, Hashable {
    /// The wire error code the client receives.
    public var code: ErrorCode
    /// What is wrong and what to do, for a person reading the client's output.
    public var message: String
    /// The request field at fault (its proto name) for INVALID_ARGUMENT, else empty.
    public var field: String

    /// A failure answered with `code` and `message`, naming `field` when one field is at fault.
    public init(_ code: ErrorCode, _ message: String, field: String = "") {
        self.code = code
        self.message = message
        self.field = field
    }

    var responseError: ResponseError {
        ResponseError(code: code, message: message, field: field)
    }

    static func invalidArgument(_ field: String, _ message: String) -> RequestFailure {
        RequestFailure(.invalidArgument, message, field: field)
    }

    /// `value` in quotes for an error message, cut after ``quotedScalars`` scalars with its
    /// size said: a client's 4 MiB id came back whole in its NOT_FOUND, a response larger
    /// than the frame limit (then refused with a misleading "ask for fewer results").
    static func quoted(_ value: some StringProtocol) -> String {
        let scalars = value.unicodeScalars
        guard scalars.count > quotedScalars else { return "'\(value)'" }
        let start = String(String.UnicodeScalarView(scalars.prefix(quotedScalars)))
        return "'\(start)…' (\(value.utf8.count) bytes)"
    }

    /// The most scalars of a client's value an error message repeats.
    static let quotedScalars = 64

    /// A computation stopped by its ``WorkCancellation``: the deadline passed (the client has
    /// had its DEADLINE_EXCEEDED answer from the timer already, so this one is not sent), the
    /// client went away, or a request without a deadline reached the server's bound on work
    /// (`lookup-time-limit`; this answer is the one the client gets).
    static func stopped(_ work: String, by cancellation: WorkCancellation?) -> RequestFailure {
        guard let limit = cancellation?.workLimit else {
            return RequestFailure(
                .deadlineExceeded,
                "the \(work) was stopped at the request's deadline; narrow the query or raise "
                    + "the deadline")
        }
        return RequestFailure(
            .deadlineExceeded,
            "the \(work) needed more than the \(ServerContext.milliseconds(limit)) ms this "
                + "server allows a request without a deadline (lookup-time-limit); narrow the "
                + "query, or set a deadline (deadline_ms) to give it longer")
    }
}
