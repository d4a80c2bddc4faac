import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl timeline`: documents in date order.
struct Timeline: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "timeline",
        abstract: "List documents by date, oldest first.",
        discussion: """
            Dates are ISO 8601 and may be partial ("2021", "2021-06", "--12-14" when the \
            year is unknown); a "?" after a date in the table means the year was inferred. \
            Exit status 1 when no document is in the range.

            JSON: one object per document with id, date, dateText, dateInferred, title, \
            place, lang, and total. Absent values are null.

            TSV columns: id, date, dateInferred (true/false), lang, place, title.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "From this date, inclusive (e.g. 2021 or 2021-06).")
    var from: String?

    @Option(help: "Up to this date, inclusive.")
    var to: String?

    @Option(help: "Only documents in this language (ISO 639-1).")
    var lang: String?

    @Option(help: "The most documents to show.")
    var limit: UInt32 = 100

    @Option(help: "Documents to skip, for paging.")
    var offset: UInt32 = 0

    @Option(help: "table, tsv or json (same as --json).")
    var format: OutputFormat?

    var outputMode: OutputMode { OutputFormat.mode(format, json: global.json) }

    func validate() throws {
        try LimitOption.validate(limit)
        try OutputFormat.validate(format, json: global.json)
    }

    func makeRequest() -> Request.Body {
        .timeline(
            TimelineRequest(
                dateFrom: from ?? "", dateTo: to ?? "", lang: lang ?? "", limit: limit,
                offset: offset))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .timeline(let result) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            for entry in result.entries {
                var object = output.object()
                object.add("id", entry.id)
                object.add("date", Formatting.present(entry.date))
                object.add("dateText", Formatting.present(entry.dateText))
                object.add("dateInferred", entry.dateInferred)
                object.add("title", Formatting.present(entry.title))
                object.add("place", Formatting.present(entry.place))
                object.add("lang", Formatting.present(entry.lang))
                object.add("total", result.total)
                output.emit(object)
            }
        case .tsv:
            for entry in result.entries {
                output.row([
                    entry.id, entry.date, String(entry.dateInferred), entry.lang, entry.place,
                    entry.title,
                ])
            }
        case .human:
            guard !result.entries.isEmpty else {
                output.line("no documents in that range")
                return 0
            }
            var table = TextTable(headers: ["DATE", "LANG", "ID", "PLACE", "TITLE"])
            for entry in result.entries {
                table.append([
                    .init(Formatting.date(entry.date, inferred: entry.dateInferred)),
                    .init(entry.lang), .init(entry.id), .init(entry.place),
                    .init(entry.title.isEmpty ? "(untitled)" : entry.title),
                ])
            }
            output.write(table.render(style: output.style))
            if result.entries.contains(where: \.dateInferred) {
                output.line("? the year of the date was inferred from the text")
            }
        }
        return result.entries.count
    }
}

extension Timeline {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Timeline> {
        QuickSyntax(
            [
                .option("--from") { $0.from = $1 },
                .option("--to") { $0.to = $1 },
                .option("--lang") { $0.lang = $1 },
                .option("--limit", default: 100) { $0.limit = $1 },
                .option("--offset", default: 0) { $0.offset = $1 },
                .option("--format") { $0.format = $1 },
            ])
    }
}
