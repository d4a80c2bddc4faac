import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl reload`: re-read the corpus.
struct Reload: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "reload",
        abstract: "Make natoazd re-read its corpus and swap it in.",
        discussion: """
            Needs administrative rights. Requests in flight finish on the old corpus. \
            A reload that fails keeps the old corpus serving; then the exit status is 2. \
            The deadline applies: raise --timeout for a large corpus.

            JSON: one object with alreadyRunning (this request joined a reload in progress) \
            and outcome (null with --no-wait, else generation, ok, message, \
            finishedAtUnixMs, durationMicros, documentCount, rejectedCount).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(
        inversion: .prefixedNo,
        help: "Wait until the reload has finished (--no-wait: until it has started).")
    var wait = true

    func makeRequest() -> Request.Body {
        .reload(ReloadRequest(wait: wait))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .reload(let result) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            var object = output.object()
            object.add("alreadyRunning", result.alreadyRunning)
            object.add("outcome", result.outcome.map(Info.json(reload:)))
            output.emit(object)
        case .human, .tsv:
            let joined = result.alreadyRunning ? " (joined a reload already running)" : ""
            if let outcome = result.outcome {
                let verdict = outcome.ok ? "reloaded" : "reload FAILED; still serving"
                output.line(
                    "\(verdict): generation \(outcome.generation), \(outcome.documentCount) "
                        + "documents, \(outcome.rejectedCount) rejected, in "
                        + Formatting.duration(microseconds: outcome.durationUs) + joined)
                if !outcome.message.isEmpty { output.line(outcome.message) }
            } else {
                output.line("reload started" + joined)
            }
        }
        if let outcome = result.outcome, !outcome.ok {
            output.flush()
            throw ClientFailure(
                status: ExitStatus.failure,
                message: "the reload failed; natoazd keeps serving the previous corpus. "
                    + (outcome.message.isEmpty ? "See its log." : outcome.message))
        }
        return 1
    }
}

extension Reload {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Reload> {
        QuickSyntax(
            [.flag("--wait", inversion: "--no-wait", default: true) { $0.wait = $1 }])
    }
}
