import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl search`: ranked full-text search.
struct Search: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "search",
        abstract: "Search the corpus, best matches first.",
        discussion: """
            The query language: words (all must match; AND may be written), \
            "an exact phrase", -excluded (or NOT excluded), a OR b, prefix*, and the filters lang:ru, date:2021-06..2021-12, \
            source:AZERTAC, id:002*. Quote the query for the shell, e.g. \
            natoazctl search '"resolute support" lang:en'. Several arguments are joined \
            with spaces.

            Exit status 1 when nothing matches.

            JSON: one object per hit with id, score, title, date (ISO 8601, possibly \
            partial, e.g. "2021-12", "--12-14"), dateInferred, lang, snippet (plain text) \
            and highlights (the matches in the snippet as [start, end) UTF-8 byte offsets, \
            e.g. [[4,8]]), plus rank (1-based, counting the offset) and total (matching \
            documents on all pages). Absent values are null.

            TSV columns: id, score, date, lang, title, snippet.
            """
    )

    @OptionGroup var global: GlobalOptions

    // Words starting with one "-" are the query's exclusions (-afghanistan, -lang:ru), not
    // options: without this, argument-parser read -afghanistan as -a -f -g -h... and showed help.
    @Argument(parsing: .allUnrecognized, help: "The query.")
    var query: [String]

    @Option(help: "The most hits to show.")
    var limit: UInt32 = 10

    @Option(help: "Hits to skip, for paging.")
    var offset: UInt32 = 0

    @Flag(help: "Match words exactly (no typo tolerance).")
    var noFuzzy = false

    @Option(help: "table, tsv or json (same as --json).")
    var format: OutputFormat?

    var outputMode: OutputMode { OutputFormat.mode(format, json: global.json) }

    func validate() throws {
        try LimitOption.validate(limit)
        try OutputFormat.validate(format, json: global.json)
        if let option = query.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
            throw ValidationError(
                "Unknown option '\(option)'. (A query word may start with one '-', to exclude it.)"
            )
        }
        if query.joined().allSatisfy(\.isWhitespace) {
            throw ValidationError("The query is empty; say what to search for.")
        }
    }

    func makeRequest() -> Request.Body {
        .search(
            SearchRequest(
                query: query.joined(separator: " "), limit: limit, offset: offset,
                noFuzzy: noFuzzy))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .search(let results) = body else { throw unexpected(body) }
        let hits = results.hits
        switch output.mode {
        case .json:
            for (index, hit) in hits.enumerated() {
                var object = output.object()
                object.add("id", hit.id)
                object.add("score", hit.score)
                object.add("title", Formatting.present(hit.title))
                object.add("date", Formatting.present(hit.date))
                object.add("dateInferred", hit.dateInferred)
                object.add("lang", Formatting.present(hit.lang))
                object.add("snippet", hit.snippet)
                object.add("highlights", pairs: hit.highlights.map { ($0.start, $0.end) })
                object.add("rank", UInt64(offset) + UInt64(index) + 1)
                object.add("total", results.total)
                output.emit(object)
            }
        case .tsv:
            for hit in hits {
                output.row([
                    hit.id, Formatting.fixed(hit.score, decimals: 3), hit.date, hit.lang,
                    hit.title, hit.snippet,
                ])
            }
        case .human:
            guard !hits.isEmpty else {
                output.line("no documents match (\(results.total) in all)")
                return 0
            }
            let first = UInt64(offset) + 1
            let last = UInt64(offset) + UInt64(hits.count)
            output.line("\(results.total) documents match; showing \(first)–\(last)")
            var table = TextTable(
                headers: ["#", "SCORE", "DATE", "LANG", "ID", "TITLE"],
                alignments: [.right, .right, .left, .left, .left, .left])
            for (index, hit) in hits.enumerated() {
                let snippet = output.style.highlight(
                    hit.snippet,
                    byteRanges: hit.highlights.map { (Int($0.start), Int($0.end)) })
                table.append(
                    [
                        .init(String(first + UInt64(index))),
                        .init(Formatting.fixed(hit.score, decimals: 2)),
                        .init(Formatting.date(hit.date, inferred: hit.dateInferred)),
                        .init(hit.lang), .init(hit.id),
                        .init(hit.title.isEmpty ? "(untitled)" : hit.title),
                    ],
                    detail: hit.snippet.isEmpty ? nil : .init(hit.snippet, decorated: snippet))
            }
            output.write(table.render(style: output.style))
            if hits.contains(where: \.dateInferred) {
                output.line("? the year of the date was inferred from the text")
            }
        }
        return hits.count
    }
}

extension Search {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Search> {
        QuickSyntax(
            [
                .option("--limit", default: 10) { $0.limit = $1 },
                .option("--offset", default: 0) { $0.offset = $1 },
                .flag("--no-fuzzy") { $0.noFuzzy = $1 },
                .option("--format") { $0.format = $1 },
            ], positionals: .some { $0.query = $1 })
    }
}
