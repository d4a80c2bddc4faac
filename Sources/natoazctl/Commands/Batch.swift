import ArgumentParser
import Glibc
import NatoAzClient
import NatoAzProtocol

/// `natoazctl batch`: many lookups over one connection, for scripts.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "batch",
        abstract: "Run many lookups from stdin over one connection, pipelined.",
        discussion: """
            Reads one command per line, in the same syntax as the subcommands (e.g. \
            search nato --limit 3, or get 000_b63174de97e40d1a); quote words with ' or " \
            as in a shell. Blank lines and lines starting with # are skipped. The requests \
            are pipelined over one connection and the results printed in input order.

            --json here applies to every line: each object also carries line (the input \
            line number) and command (its text). A line that fails gets one object with \
            line, command and error ({code, message, field}; code is NOT_FOUND, USAGE, or \
            natoazd's error code name); a line with no results gets one object with line, \
            command and results: 0. The batch's own --socket and --timeout apply to all \
            lines (one connection, one deadline); a line that gives either fails with a \
            USAGE error saying so. Without --json, each line's output is preceded by a \
            "==> line N: command <==" header and errors go to stderr.

            When natoazd stops answering part-way (the deadline passes, the connection \
            closes), the lines answered are printed, each other line gets an error with code \
            NO_ANSWER (with --json), and stderr says which lines got no answer.

            Exit status: 3 when natoazd cannot be reached or stops answering; else 2 when any \
            line failed (usage or natoazd error); else 0 when any line had results; else 1.
            """
    )

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        var lines: [BatchLine] = []
        var number = 0
        while let text = readLine(strippingNewline: true) {
            number += 1
            let trimmed = text.drop(while: \.isWhitespace)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            lines.append(BatchLine(number: number, text: String(trimmed)))
        }
        let deadline = global.makeDeadline()
        let runnable = lines.indices.filter { lines[$0].command != nil }
        var responses = [Response?](repeating: nil, count: lines.count)
        // Why the lines still without a response got none (the deadline passed, natoazd
        // closed the connection): the answers that did arrive are printed all the same.
        var interruption: ClientFailure?
        if !runnable.isEmpty {
            let connection = try DaemonSession.open(global: global, deadline: deadline)
            let requests = runnable.map { lines[$0].request! }
            do throws(ClientFailure) {
                try DaemonSession.pipeline(connection, requests, deadline: deadline) {
                    index, response in
                    responses[runnable[index]] = response
                }
            } catch {
                interruption = error
            }
        }
        var unanswered: [Int] = []

        var anyResults = false
        var anyFailed = false
        let style = TerminalStyle.forStandardOutput()
        for (index, line) in lines.enumerated() {
            let mode: OutputMode = global.json ? .json : (line.command?.outputMode ?? .human)
            var output = Output(
                mode: mode, style: style, batchTag: (line.number, line.echoed))
            output.socketPath = global.socketPath
            if let interruption, line.command != nil, responses[index] == nil {
                unanswered.append(line.number)
                if mode == .json {
                    output.emit(Self.noAnswerObject(interruption, output.object()))
                    output.flush()
                }
                continue
            }
            if mode != .json { output.line("==> line \(line.number): \(line.echoed) <==") }
            do throws(ClientFailure) {
                let count = try line.answer(responses[index], to: &output)
                if count > 0 {
                    anyResults = true
                } else if mode == .json {
                    var object = output.object()
                    object.add("results", 0)
                    output.emit(object)
                }
            } catch {
                if error.status != ExitStatus.noResults { anyFailed = true }
                if mode == .json {
                    output.emit(Self.errorObject(error, output.object()))
                } else {
                    output.flush()
                    reportError("line \(line.number): \(error.message)")
                }
            }
            output.flush()
        }
        if let interruption {
            let shown = unanswered.prefix(5).map(String.init).joined(separator: ", ")
            let more = unanswered.count > 5 ? ", ..." : ""
            reportError(
                "\(unanswered.count) of \(runnable.count) lines got no answer (line \(shown)\(more)): "
                    + interruption.message)
            throw ExitCode(interruption.status)
        }
        if anyFailed { throw ExitCode(ExitStatus.failure) }
        if !anyResults { throw ExitCode(ExitStatus.noResults) }
    }

    /// The object for a line natoazd never answered: `NO_ANSWER`, with the reason.
    private static func noAnswerObject(_ reason: ClientFailure, _ start: JSONObject)
        -> JSONObject
    {
        var error = JSONObject()
        error.add("code", "NO_ANSWER")
        error.add("message", reason.message)
        error.add("field", String?.none)
        var object = start
        object.add("error", error)
        return object
    }

    private static func errorObject(_ failure: ClientFailure, _ start: JSONObject) -> JSONObject {
        var error = JSONObject()
        let code =
            failure.code?.name ?? (failure.status == ExitStatus.noResults ? "NOT_FOUND" : "USAGE")
        error.add("code", code)
        error.add("message", failure.serverMessage ?? failure.message)
        error.add("field", failure.field)
        var object = start
        object.add("error", error)
        return object
    }
}

/// One input line of `natoazctl batch`: its text, and the command it parsed to or why not.
private struct BatchLine {
    let number: Int
    let text: String
    let command: (any LookupCommand)?
    let request: Request.Body?
    let problem: ClientFailure?

    /// Bytes of a line's text its results echo (`command`, `==> line N: ... <==`).
    static let echoedBytes = 256

    /// The line's text as its results echo it: at most ``echoedBytes`` (cut at a character),
    /// then how many bytes were left out. A line of 5 MB was printed again whole in every
    /// result object of the line (session 16's QA).
    var echoed: String { Elision.keepingBytes(text, Self.echoedBytes) }

    /// Bytes of a usage error's message a line's result keeps: argument-parser quotes the
    /// offending argument whole (an option of 2 MB made an error line of 2 MB).
    static let messageBytes = 1_024

    init(number: Int, text: String) {
        self.number = number
        self.text = text
        var parsed: (command: any LookupCommand, request: Request.Body)?
        var problem: ClientFailure?
        do {
            let command = try Self.parse(text)
            parsed = (command, try command.makeRequest())
        } catch {
            problem = error
        }
        self.command = parsed?.command
        self.request = parsed?.request
        self.problem = problem
    }

    /// The lookup a line asks for, or a usage failure saying what is wrong with it.
    private static func parse(_ text: String) throws(ClientFailure) -> any LookupCommand {
        let words: [String]
        do {
            words = NegativeNumberValues.attached(try CommandLineWords.split(text))
        } catch {
            throw ClientFailure(status: ExitStatus.failure, message: error.description)
        }
        if let option = batchWideOption(in: words) {
            throw ClientFailure(
                status: ExitStatus.failure,
                message: "\(option) applies to the whole batch (one connection, one deadline), "
                    + "not to one line: give it to natoazctl batch itself.")
        }
        if let quick = QuickParse.command(words) { return quick }
        if let unknown = UnknownSubcommand.message(for: words) {
            throw ClientFailure(status: ExitStatus.failure, message: unknown)
        }
        let parsed: any ParsableCommand
        do {
            parsed = try NatoAzCtl.parseAsRoot(words)
        } catch {
            // A clean exit (`--version`) is no lookup: its message was the bare version.
            if NatoAzCtl.exitCode(for: error) == .success { throw notALookup(words) }
            let message = NatoAzCtl.message(for: error)
            throw ClientFailure(
                status: ExitStatus.failure,
                message: message.isEmpty
                    ? "not a command natoazctl knows" : Elision.keepingBytes(message, messageBytes))
        }
        guard let lookup = parsed as? any LookupCommand else { throw notALookup(words) }
        return lookup
    }

    /// `--socket` or `--timeout` among a line's options (before any `--`). They parse, but
    /// every line shares the batch's connection and deadline: obeying the line's would need a
    /// connection per line, and ignoring them silently sent the line to another daemon or
    /// with another deadline than it asked for.
    private static func batchWideOption(in words: [String]) -> String? {
        for word in words {
            if word == "--" { return nil }
            for option in ["--socket", "--timeout"]
            where word == option || word.hasPrefix(option + "=") {
                return option
            }
        }
        return nil
    }

    private static func notALookup(_ words: [String]) -> ClientFailure {
        ClientFailure(
            status: ExitStatus.failure,
            message: "'\(words.first ?? "")' cannot run inside batch; use a lookup such "
                + "as search or get.")
    }

    /// Prints the line's answer; returns the number of results.
    func answer(_ response: Response?, to output: inout Output) throws(ClientFailure) -> Int {
        if let problem { throw problem }
        guard let command, let response else {
            throw ClientFailure.invalidResponse("no answer to this line")
        }
        return try Self.answer(response, command, &output)
    }

    private static func answer<Command: LookupCommand>(
        _ response: Response, _ command: Command, _ output: inout Output
    ) throws(ClientFailure) -> Int {
        try Command.answer(response, with: command, to: &output)
    }
}
