import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl terms`: a frequency list.
struct Terms: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "terms",
        abstract: "List the corpus's terms by frequency.",
        discussion: """
            Terms are folded like the index (case and diacritics); with --stems, stems. \
            Exit status 1 when no term matches.

            JSON: one object per term with term, frequency (occurrences), \
            documentFrequency (documents containing it), rank, and total (matching terms \
            on all pages).

            TSV columns: term, frequency, documentFrequency.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only documents in this language (ISO 639-1: en, ru, az, tr, uk, kk; und).")
    var lang: String?

    @Option(help: "Only terms starting with this.")
    var prefix: String?

    @Flag(help: "Count stems instead of surface forms.")
    var stems = false

    @Option(help: "The most terms to show.")
    var limit: UInt32 = 25

    @Option(help: "Terms to skip, for paging.")
    var offset: UInt32 = 0

    @Option(help: "table, tsv or json (same as --json).")
    var format: OutputFormat?

    var outputMode: OutputMode { OutputFormat.mode(format, json: global.json) }

    func validate() throws {
        try LimitOption.validate(limit)
        try OutputFormat.validate(format, json: global.json)
    }

    func makeRequest() -> Request.Body {
        .terms(
            TermsRequest(
                lang: lang ?? "", prefix: prefix ?? "", mode: stems ? .stem : .surface,
                limit: limit, offset: offset))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .terms(let list) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            for (index, term) in list.terms.enumerated() {
                var object = output.object()
                object.add("term", term.term)
                object.add("frequency", term.frequency)
                object.add("documentFrequency", term.documentFrequency)
                object.add("rank", UInt64(offset) + UInt64(index) + 1)
                object.add("total", list.total)
                output.emit(object)
            }
        case .tsv:
            for term in list.terms {
                output.row([term.term, String(term.frequency), String(term.documentFrequency)])
            }
        case .human:
            guard !list.terms.isEmpty else {
                output.line("no terms match (\(list.total) in all)")
                return 0
            }
            output.line("\(list.total) terms")
            var table = TextTable(
                headers: ["#", stems ? "STEM" : "TERM", "FREQUENCY", "DOCUMENTS"],
                alignments: [.right, .left, .right, .right])
            for (index, term) in list.terms.enumerated() {
                table.append([
                    .init(String(UInt64(offset) + UInt64(index) + 1)), .init(term.term),
                    .init(String(term.frequency)), .init(String(term.documentFrequency)),
                ])
            }
            output.write(table.render(style: output.style))
        }
        return list.terms.count
    }
}

extension Terms {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Terms> {
        QuickSyntax(
            [
                .option("--lang") { $0.lang = $1 },
                .option("--prefix") { $0.prefix = $1 },
                .flag("--stems") { $0.stems = $1 },
                .option("--limit", default: 25) { $0.limit = $1 },
                .option("--offset", default: 0) { $0.offset = $1 },
                .option("--format") { $0.format = $1 },
            ])
    }
}
