import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl kwic`: a concordance (key word in context).
struct Kwic: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "kwic",
        abstract: "Show every occurrence of a word, phrase or query in its context.",
        discussion: """
            Matching uses the same text analysis as search: kwic peacekeeper also shows \
            "peacekeepers". Exit status 1 when nothing matches.

            JSON: one object per occurrence with docId, position (token index of the \
            match in the document), offset (UTF-8 byte offset of the match in the \
            document text), left, match, right, and total (occurrences on all pages).
            """
    )

    /// The orders a concordance can be read in.
    enum Order: String, ExpressibleByArgument, CaseIterable {
        case document, left, right

        var wire: KwicSort {
            switch self {
            case .document: .document
            case .left: .left
            case .right: .right
            }
        }
    }

    @OptionGroup var global: GlobalOptions

    // Words starting with one "-" are the query's exclusions (-afghanistan, -lang:ru), not
    // options: without this, argument-parser read -afghanistan as -a -f -g -h... and showed help.
    @Argument(parsing: .allUnrecognized, help: "A word, a phrase or any search query.")
    var query: [String]

    @Option(help: "Characters of context on each side.")
    var width: UInt32 = 40

    @Option(help: "document (id, position), left (left context) or right (right context).")
    var sort: Order = .document

    @Option(help: "The most lines to show.")
    var limit: UInt32 = 25

    @Option(help: "Lines to skip, for paging.")
    var offset: UInt32 = 0

    func validate() throws {
        try LimitOption.validate(limit)
        if let option = query.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
            throw ValidationError(
                "Unknown option '\(option)'. (A query word may start with one '-', to exclude it.)"
            )
        }
        if query.joined().allSatisfy(\.isWhitespace) {
            throw ValidationError("The query is empty; say what to look for.")
        }
        if width == 0 { throw ValidationError("--width must be at least 1.") }
    }

    func makeRequest() -> Request.Body {
        .kwic(
            KwicRequest(
                query: query.joined(separator: " "), width: width, sort: sort.wire,
                limit: limit, offset: offset))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .kwic(let concordance) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            for line in concordance.lines {
                var object = output.object()
                object.add("docId", line.docID)
                object.add("position", line.position)
                object.add("offset", line.offset)
                object.add("left", line.left)
                object.add("match", line.match)
                object.add("right", line.right)
                object.add("total", concordance.total)
                output.emit(object)
            }
        case .human, .tsv:
            guard !concordance.lines.isEmpty else {
                output.line("no occurrences (\(concordance.total) in all)")
                return 0
            }
            output.line("\(concordance.total) occurrences")
            var table = TextTable(
                headers: ["DOCUMENT", "LEFT", "MATCH", "RIGHT"],
                alignments: [.left, .right, .left, .left])
            for line in concordance.lines {
                table.append([
                    .init(line.docID), .init(line.left),
                    .init(line.match, decorated: output.style.bold(line.match)),
                    .init(line.right),
                ])
            }
            output.write(table.render(style: output.style))
        }
        return concordance.lines.count
    }
}

extension Kwic {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Kwic> {
        QuickSyntax(
            [
                .option("--width", default: 40) { $0.width = $1 },
                .option("--sort", default: .document) { $0.sort = $1 },
                .option("--limit", default: 25) { $0.limit = $1 },
                .option("--offset", default: 0) { $0.offset = $1 },
            ], positionals: .some { $0.query = $1 })
    }
}
