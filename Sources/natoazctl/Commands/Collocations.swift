import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl collocations`: words that keep company with a word.
struct Collocations: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "collocations",
        abstract: "List the words that co-occur with a word, ranked by logDice.",
        discussion: """
            logDice = 14 + log2(2 f(xy) / (f(x) + f(y))), Sketch Engine's measure: 14 at \
            most, higher is stronger. Stopwords are left out unless --include-stopwords. \
            Exit status 1 when the word has no collocates.

            JSON: one object per collocate with node (the word as analysed), \
            nodeFrequency, term, logDice, cooccurrences (within the window) and frequency \
            (the collocate's corpus frequency).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The node word.")
    var word: String

    @Option(help: "Words on each side that count as co-occurring.")
    var window: UInt32 = 5

    @Flag(help: "Keep each language's stopwords.")
    var includeStopwords = false

    @Option(help: "Leave out collocates seen fewer times than this.")
    var minFrequency: UInt32 = 2

    @Option(help: "Only documents in this language (ISO 639-1).")
    var lang: String?

    @Option(help: "The most collocates to show.")
    var limit: UInt32 = 20

    func validate() throws {
        try LimitOption.validate(limit)
        if word.allSatisfy(\.isWhitespace) { throw ValidationError("The word is empty.") }
        if window == 0 { throw ValidationError("--window must be at least 1.") }
    }

    func makeRequest() -> Request.Body {
        .collocations(
            CollocationsRequest(
                word: word, window: window, includeStopwords: includeStopwords, limit: limit,
                minFrequency: minFrequency, lang: lang ?? ""))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .collocations(let result) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            for collocate in result.collocates {
                var object = output.object()
                object.add("node", result.node)
                object.add("nodeFrequency", result.nodeFrequency)
                object.add("term", collocate.term)
                object.add("logDice", collocate.logDice)
                object.add("cooccurrences", collocate.cooccurrences)
                object.add("frequency", collocate.frequency)
                output.emit(object)
            }
        case .human, .tsv:
            output.line(
                "collocates of \(output.style.bold(result.node)) "
                    + "(\(result.nodeFrequency) occurrences, window ±\(window))")
            guard !result.collocates.isEmpty else {
                output.line("none")
                return 0
            }
            var table = TextTable(
                headers: ["TERM", "LOGDICE", "TOGETHER", "FREQUENCY"],
                alignments: [.left, .right, .right, .right])
            for collocate in result.collocates {
                table.append([
                    .init(collocate.term), .init(Formatting.fixed(collocate.logDice, decimals: 2)),
                    .init(String(collocate.cooccurrences)), .init(String(collocate.frequency)),
                ])
            }
            output.write(table.render(style: output.style))
        }
        return result.collocates.count
    }
}

extension Collocations {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Collocations> {
        QuickSyntax(
            [
                .option("--window", default: 5) { $0.window = $1 },
                .flag("--include-stopwords") { $0.includeStopwords = $1 },
                .option("--min-frequency", default: 2) { $0.minFrequency = $1 },
                .option("--lang") { $0.lang = $1 },
                .option("--limit", default: 20) { $0.limit = $1 },
            ], positionals: .one { $0.word = $1 })
    }
}
