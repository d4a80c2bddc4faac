import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// A subcommand that is one request to natoazd and prints its answer.
///
/// The same type serves a command line and a line of `natoazctl batch`: `makeRequest()` says
/// what to ask, `render(_:to:)` prints the answer, and the runner does the rest (connect,
/// handshake, deadline, errors, exit status).
protocol LookupCommand: ParsableCommand {
    /// The shared options (socket, timeout, --json).
    var global: GlobalOptions { get }

    /// How this invocation prints results; `--json` unless the command offers more.
    var outputMode: OutputMode { get }

    /// The request body to send.
    func makeRequest() throws(ClientFailure) -> Request.Body

    /// Prints the answer; returns how many results were printed (0 means exit status 1).
    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int
}

extension LookupCommand {
    var outputMode: OutputMode { global.json ? .json : .human }

    mutating func run() throws {
        let deadline = global.makeDeadline()
        let request = try makeRequest()
        let connection = try DaemonSession.open(global: global, deadline: deadline)
        let (response, micros) = try DaemonSession.call(connection, request, deadline: deadline)
        var output = Output(mode: outputMode, style: .forStandardOutput())
        output.socketPath = connection.path
        output.roundTripMicros = micros
        let count = try Self.answer(response, with: self, to: &output)
        output.flush()
        if count == 0 { throw ExitCode(ExitStatus.noResults) }
    }

    /// Renders `response`: its body through the command, its error as a `ClientFailure`.
    static func answer(_ response: Response, with command: Self, to output: inout Output)
        throws(ClientFailure) -> Int
    {
        if let error = response.error { throw ClientFailure.server(error) }
        guard let body = response.body else {
            throw ClientFailure.invalidResponse("a response with neither a body nor an error")
        }
        return try command.render(body, to: &output)
    }

    /// The failure for a response body of the wrong method.
    func unexpected(_ body: Response.Body) -> ClientFailure {
        ClientFailure.invalidResponse("a \(body.method.name) response to a different request")
    }
}
