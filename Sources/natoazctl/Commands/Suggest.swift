import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl suggest`: completions for a prefix.
struct Suggest: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "suggest",
        abstract: "Complete a prefix from the corpus's vocabulary.",
        discussion: """
            Case and diacritics are ignored, in any script: "turk" also completes to the \
            spellings with u-umlaut and dotted letters. Most frequent first. Exit status 1 \
            when nothing completes it.

            JSON: one object per suggestion with term (as written) and frequency.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The prefix to complete.")
    var prefix: String

    @Option(help: "The most suggestions to show.")
    var limit: UInt32 = 10

    func validate() throws {
        try LimitOption.validate(limit)
        if prefix.allSatisfy(\.isWhitespace) { throw ValidationError("The prefix is empty.") }
    }

    func makeRequest() -> Request.Body {
        .suggest(SuggestRequest(prefix: prefix, limit: limit))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .suggest(let result) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            for suggestion in result.suggestions {
                var object = output.object()
                object.add("term", suggestion.term)
                object.add("frequency", suggestion.frequency)
                output.emit(object)
            }
        case .human, .tsv:
            guard !result.suggestions.isEmpty else {
                output.line("no completions for \(prefix)")
                return 0
            }
            var table = TextTable(columns: 2, alignments: [.left, .right])
            for suggestion in result.suggestions {
                table.append([.init(suggestion.term), .init(String(suggestion.frequency))])
            }
            output.write(table.render(style: output.style))
        }
        return result.suggestions.count
    }
}

extension Suggest {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Suggest> {
        QuickSyntax(
            [.option("--limit", default: 10) { $0.limit = $1 }],
            positionals: .one { $0.prefix = $1 })
    }
}
