import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl get`: one document with its metadata and text.
struct Get: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "get",
        abstract: "Print one document with its metadata and text.",
        discussion: """
            Exit status 1 when no document has that id.

            JSON: one object with id, title, date (ISO 8601, possibly partial), dateText \
            (the date as written in the article), dateInferred, dateEvidence, lang, source, \
            author, place, text (the paragraphs joined by a blank line), paragraphs (array) \
            and trailer (boilerplate kept out of the text). Absent values are null.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The document id, e.g. 000_b63174de97e40d1a.")
    var id: String

    func validate() throws {
        if id.isEmpty { throw ValidationError("The document id is empty.") }
    }

    func makeRequest() -> Request.Body {
        .get(GetRequest(id: id))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .get(let reply) = body else { throw unexpected(body) }
        guard let article = reply.article else {
            throw ClientFailure.invalidResponse("a Get reply without an article")
        }
        let text = article.paragraphs.joined(separator: "\n\n")
        switch output.mode {
        case .json:
            var object = output.object()
            object.add("id", article.id)
            object.add("title", Formatting.present(article.title))
            object.add("date", Formatting.present(article.date))
            object.add("dateText", Formatting.present(article.dateText))
            object.add("dateInferred", article.dateInferred)
            object.add("dateEvidence", Formatting.present(article.dateEvidence))
            object.add("lang", Formatting.present(article.lang))
            object.add("source", Formatting.present(article.source))
            object.add("author", Formatting.present(article.author))
            object.add("place", Formatting.present(article.place))
            object.add("text", text)
            object.add("paragraphs", article.paragraphs)
            object.add("trailer", Formatting.present(article.trailer))
            output.emit(object)
        case .human, .tsv:
            let style = output.style
            output.line(style.bold(article.title.isEmpty ? "(untitled)" : article.title))
            var facts = TextTable(columns: 2)
            facts.append(["id", .init(article.id)])
            var date = article.date.isEmpty ? "unknown" : article.date
            if !article.dateText.isEmpty { date += " (\"\(article.dateText)\")" }
            if article.dateInferred {
                date += ", year inferred"
                if !article.dateEvidence.isEmpty { date += " from \"\(article.dateEvidence)\"" }
            }
            facts.append(["date", .init(date)])
            for (name, value) in [
                ("lang", article.lang), ("source", article.source), ("author", article.author),
                ("place", article.place),
            ] where !value.isEmpty {
                facts.append([.init(name), .init(value)])
            }
            output.write(facts.render(style: TerminalStyle(usesEscapes: false)))
            output.line()
            output.line(text)
            if !article.trailer.isEmpty {
                output.line()
                output.line(style.dim(article.trailer))
            }
        }
        return 1
    }
}

extension Get {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Get> {
        QuickSyntax(positionals: .one { $0.id = $1 })
    }
}
