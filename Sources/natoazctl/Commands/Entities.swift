import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl entities`: the people, places and organisations the corpus mentions.
struct Entities: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "entities",
        abstract: "List the people, places and organisations the corpus mentions.",
        discussion: """
            With a name (canonical or any alias, in any script), shows that entity with its \
            aliases and the lines that mention it. With --doc, the entities of one \
            document. Exit status 1 when none match or the name is unknown.

            JSON: one object per entity with name, type, aliases, mentions (count), \
            documents (count), docIds (the first 1000 for a name, 100 per listed entity), \
            titles (e.g. "Defence Minister"), fromTable (false: detected as a capitalised \
            name), mentionLines (array of {docId, line, surface}; filled for a lookup by \
            name), and total.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "One entity, by canonical name or alias.")
    var name: String?

    @Option(help: "Only this type: person, place, organisation, ...")
    var type: String?

    @Option(name: .customLong("doc"), help: "Only the entities of this document.")
    var documentID: String?

    @Option(help: "The most entities to show.")
    var limit: UInt32 = 50

    @Option(help: "Entities to skip, for paging.")
    var offset: UInt32 = 0

    func validate() throws {
        try LimitOption.validate(limit)
    }

    func makeRequest() -> Request.Body {
        .entities(
            EntitiesRequest(
                type: type ?? "", name: name ?? "", docID: documentID ?? "", limit: limit,
                offset: offset))
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .entities(let result) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            for entity in result.entities {
                var object = output.object()
                object.add("name", entity.name)
                object.add("type", Formatting.present(entity.type))
                object.add("aliases", entity.aliases)
                object.add("mentions", entity.mentions)
                object.add("documents", documentCount(entity))
                object.add("docIds", entity.docIDs)
                object.add("titles", entity.titles)
                object.add("fromTable", entity.fromTable)
                object.add(
                    "mentionLines",
                    entity.mentionLines.map { mention in
                        var line = JSONObject()
                        line.add("docId", mention.docID)
                        line.add("line", mention.line)
                        line.add("surface", mention.surface)
                        return line
                    })
                object.add("total", result.total)
                output.emit(object)
            }
        case .human, .tsv:
            if name != nil, let entity = result.entities.first {
                detail(entity, &output)
            } else {
                list(result, &output)
            }
        }
        return result.entities.count
    }

    private func list(_ result: EntitiesResponse, _ output: inout Output) {
        guard !result.entities.isEmpty else {
            output.line("no entities match")
            return
        }
        output.line("\(result.total) entities")
        var table = TextTable(
            headers: ["NAME", "TYPE", "MENTIONS", "DOCUMENTS", "ALIASES"],
            alignments: [.left, .left, .right, .right, .left])
        for entity in result.entities {
            let name = entity.fromTable ? entity.name : entity.name + " *"
            table.append([
                .init(name), .init(entity.type), .init(String(entity.mentions)),
                .init(String(documentCount(entity))),
                .init(entity.aliases.joined(separator: ", ")),
            ])
        }
        output.write(table.render(style: output.style))
        if result.entities.contains(where: { !$0.fromTable }) {
            output.line("* detected as a capitalised name, not in the alias table")
        }
    }

    private func detail(_ entity: Entity, _ output: inout Output) {
        let style = output.style
        output.line(style.bold(entity.name) + (entity.type.isEmpty ? "" : " (\(entity.type))"))
        var facts = TextTable(columns: 2)
        facts.append(["aliases", .init(entity.aliases.joined(separator: ", "))])
        if !entity.titles.isEmpty {
            facts.append(["titles", .init(entity.titles.joined(separator: "; "))])
        }
        facts.append([
            "mentions", .init("\(entity.mentions) in \(documentCount(entity)) documents"),
        ])
        facts.append(["documents", .init(entity.docIDs.joined(separator: " "))])
        output.write(facts.render(style: TerminalStyle(usesEscapes: false)))
        guard !entity.mentionLines.isEmpty else { return }
        output.line()
        var lines = TextTable(headers: ["DOCUMENT", "LINE"])
        for mention in entity.mentionLines {
            lines.append([
                .init(mention.docID),
                .init(
                    mention.line,
                    decorated: Self.emphasise(mention.surface, in: mention.line, style)),
            ])
        }
        output.write(lines.render(style: style))
    }

    /// The first occurrence of `surface` in `line` in bold.
    private static func emphasise(_ surface: String, in line: String, _ style: TerminalStyle)
        -> String
    {
        guard !surface.isEmpty, let range = line.firstRange(of: surface) else { return line }
        return String(line[..<range.lowerBound]) + style.bold(surface)
            + String(line[range.upperBound...])
    }
}

extension Entities {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Entities> {
        QuickSyntax(
            [
                .option("--type") { $0.type = $1 },
                .option("--doc") { $0.documentID = $1 },
                .option("--limit", default: 50) { $0.limit = $1 },
                .option("--offset", default: 0) { $0.offset = $1 },
            ], positionals: .optional { $0.name = $1 })
    }
}

/// Documents mentioning `entity`: servers before protocol field 9 sent only the ids, all of them.
private func documentCount(_ entity: Entity) -> UInt64 {
    entity.documents != 0 ? entity.documents : UInt64(entity.docIDs.count)
}
