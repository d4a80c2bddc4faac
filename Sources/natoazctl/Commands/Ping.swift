import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl ping`: is natoazd there, and how fast does it answer?
struct Ping: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "ping",
        abstract: "Check that natoazd answers.",
        discussion: """
            Sends a Ping and checks the echo. Exit status 0 when natoazd answers, 3 when it \
            cannot be reached.

            JSON keys: ok (true), socket, roundTripMicros (the whole exchange after the \
            handshake, as this client saw it).
            """
    )

    @OptionGroup var global: GlobalOptions

    private static let payload = Array("natoazctl ping".utf8)

    func makeRequest() -> Request.Body {
        .ping(PingRequest(payload: Self.payload))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .ping(let pong) = body else { throw unexpected(body) }
        guard pong.payload == Self.payload else {
            throw ClientFailure.invalidResponse("a Ping reply that does not echo the payload")
        }
        let micros = output.roundTripMicros
        switch output.mode {
        case .json:
            var object = output.object()
            object.add("ok", true)
            object.add("socket", output.socketPath)
            object.add("roundTripMicros", micros)
            output.emit(object)
        case .human, .tsv:
            let time = micros.map { " in " + Formatting.duration(microseconds: $0) } ?? ""
            output.line("natoazd answered at \(output.socketPath)\(time)")
        }
        return 1
    }
}

extension Ping {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Ping> {
        QuickSyntax()
    }
}
