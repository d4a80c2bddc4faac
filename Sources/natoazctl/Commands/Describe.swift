import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl describe`: the methods and error codes natoazd knows (introspection).
struct Describe: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "describe",
        abstract: "List the methods and error codes natoazd knows.",
        discussion: """
            JSON: one object per method {kind: "method", number, name, doc, admin} and per \
            error code {kind: "error", number, name, doc}.
            """
    )

    @OptionGroup var global: GlobalOptions

    func makeRequest() -> Request.Body {
        .describe(DescribeRequest())
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .describe(let description) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            for method in description.methods {
                var object = output.object()
                object.add("kind", "method")
                object.add("number", method.number)
                object.add("name", method.name)
                object.add("doc", Formatting.present(method.doc))
                object.add("admin", method.admin)
                output.emit(object)
            }
            for error in description.errors {
                var object = output.object()
                object.add("kind", "error")
                object.add("number", error.code)
                object.add("name", error.name)
                object.add("doc", Formatting.present(error.doc))
                output.emit(object)
            }
        case .human, .tsv:
            output.line("protocol version \(description.protocolVersion)")
            output.line()
            var methods = TextTable(
                headers: ["#", "METHOD", "DESCRIPTION"], alignments: [.right, .left, .left])
            for method in description.methods {
                let name = method.admin ? method.name + " (admin)" : method.name
                methods.append([.init(String(method.number)), .init(name), .init(method.doc)])
            }
            output.write(methods.render(style: output.style))
            output.line()
            var errors = TextTable(
                headers: ["#", "ERROR", "MEANING"], alignments: [.right, .left, .left])
            for error in description.errors {
                errors.append([.init(String(error.code)), .init(error.name), .init(error.doc)])
            }
            output.write(errors.render(style: output.style))
        }
        return description.methods.count + description.errors.count
    }
}

extension Describe {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Describe> {
        QuickSyntax()
    }
}
