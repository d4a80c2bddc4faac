import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl similar`: more like this.
struct Similar: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "similar",
        abstract: "List the documents most like a given document.",
        discussion: """
            Exit status 1 when the id is unknown or nothing is similar.

            JSON: one object per document with id, score, title, lang, date and \
            sharedTerms (the terms that weighed most). Absent values are null.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The document id.")
    var id: String

    @Option(help: "The most documents to show.")
    var limit: UInt32 = 5

    func validate() throws {
        try LimitOption.validate(limit)
        if id.isEmpty { throw ValidationError("The document id is empty.") }
    }

    func makeRequest() -> Request.Body {
        .similar(SimilarRequest(id: id, limit: limit))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .similar(let result) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            for document in result.documents {
                var object = output.object()
                object.add("id", document.id)
                object.add("score", document.score)
                object.add("title", Formatting.present(document.title))
                object.add("lang", Formatting.present(document.lang))
                object.add("date", Formatting.present(document.date))
                object.add("sharedTerms", document.sharedTerms)
                output.emit(object)
            }
        case .human, .tsv:
            guard !result.documents.isEmpty else {
                output.line("no similar documents")
                return 0
            }
            var table = TextTable(
                headers: ["SCORE", "DATE", "LANG", "ID", "TITLE"],
                alignments: [.right, .left, .left, .left, .left])
            for document in result.documents {
                let shared = document.sharedTerms.prefix(8).joined(separator: ", ")
                table.append(
                    [
                        .init(Formatting.fixed(document.score, decimals: 3)),
                        .init(document.date.isEmpty ? "-" : document.date),
                        .init(document.lang), .init(document.id),
                        .init(document.title.isEmpty ? "(untitled)" : document.title),
                    ],
                    detail: shared.isEmpty ? nil : .init("shared: " + shared))
            }
            output.write(table.render(style: output.style))
        }
        return result.documents.count
    }
}

extension Similar {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Similar> {
        QuickSyntax(
            [.option("--limit", default: 5) { $0.limit = $1 }], positionals: .one { $0.id = $1 })
    }
}
