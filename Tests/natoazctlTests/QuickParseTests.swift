import ArgumentParser
import Foundation
import NatoAzBenchKit
import Testing

@testable import natoazctl

/// natoazctl's fast path must agree with swift-argument-parser, the reference: for every
/// command line it takes, the command it builds is the one argument-parser builds, field by
/// field; everything else it leaves to argument-parser.
@Suite struct QuickParseTests {
    /// Well-formed command lines: every subcommand, every option, both `--name value` and
    /// `--name=value`, options between positional values.
    static let wellFormed: [[String]] = [
        ["ping"],
        ["ping", "--socket", "/tmp/n.sock", "--timeout", "2.5", "--json"],
        ["info", "--timeout=0.25"],
        ["describe", "--json"],
        ["stats", "--socket=/run/natoaz/natoaz.sock"],
        ["reload"],
        ["reload", "--no-wait"],
        ["reload", "--wait", "--json"],
        ["get", "000_b63174de97e40d1a"],
        ["get", "--json", "000_b63174de97e40d1a", "--socket", "/s"],
        ["get", "a file name with spaces"],
        ["search", "nato"],
        [
            "search", "nato", "--limit", "5", "azerbaijan", "--offset=10", "--no-fuzzy",
            "--format", "tsv",
        ],
        ["search", "партнерство", "--json", "--format", "json"],
        ["kwic", "nato"],
        [
            "kwic", "peace", "--width", "10", "keeping", "--sort", "right", "--limit", "3",
            "--offset", "1",
        ],
        ["terms"],
        [
            "terms", "--lang", "en", "--prefix", "az", "--stems", "--limit", "2", "--offset", "3",
            "--format", "table",
        ],
        ["collocations", "nato"],
        [
            "collocations", "--window", "3", "nato", "--include-stopwords", "--min-frequency",
            "1", "--lang", "ru", "--limit", "4",
        ],
        ["suggest", "az"],
        ["suggest", "az", "--limit", "3"],
        ["entities"],
        ["entities", "NATO"],
        ["entities", "--type", "person", "--doc", "000_x", "--limit", "1", "--offset", "2"],
        ["timeline"],
        [
            "timeline", "--from", "2021", "--to", "2022-06", "--lang", "az", "--limit", "7",
            "--offset", "1", "--format", "tsv",
        ],
        ["similar", "000_x"],
        ["similar", "000_x", "--limit", "2"],
    ]

    /// Command lines that are wrong, ask for help, or are unusual enough that argument-parser
    /// must decide (and word any error).
    static let forArgumentParser: [[String]] = [
        [], ["--version"], ["--help"], ["-h"], ["help", "get"], ["frobnicate"], ["batch"],
        ["--generate-completion-script", "bash"], ["get", "--experimental-dump-help"],
        ["get"], ["get", "a", "b"], ["get", ""], ["get", "-h"], ["get", "x", "--help"],
        ["get", "x", "--version"], ["get", "x", "--", "y"], ["get", "-"],
        ["get", "x", "--unknown"],
        ["get", "x", "--socket"], ["get", "x", "--socket", "--json"], ["get", "x", "--socket="],
        ["get", "x", "--socket", ""], ["get", "--json=true", "x"],
        ["get", "x", "--json", "--json"],
        ["get", "x", "--generate-completion-script", "bash"],
        ["search"], ["search", "   "], ["search", "--", "-nato"], ["search", "nato", "-n", "1"],
        ["search", "nato", "--limit", "many"], ["search", "nato", "--limit", "-1"],
        ["search", "nato", "--limit", "4294967296"],
        ["search", "nato", "--limit", "1", "--limit=2"],
        ["ping", "--timeout", "0"], ["ping", "--timeout", "nan"], ["ping", "--timeout", "1e9"],
        ["terms", "--json", "--format", "tsv"], ["terms", "--format", "xml"],
        ["reload", "--wait", "--no-wait"], ["kwic", "nato", "--sort", "sideways"],
        ["kwic", "nato", "--width", "0"], ["entities", "a", "b"], ["info", "extra"],
    ]

    @Test(arguments: wellFormed)
    func takesWellFormedLinesAndAgreesWithArgumentParser(_ line: [String]) throws {
        let quick = try #require(QuickParse.command(line), "QuickParse left \(line) alone")
        let reference = try NatoAzCtl.parseAsRoot(line)
        let quickFields = fields(of: quick)
        #expect(quickFields == fields(of: reference))
        // Every property has a value: none was left in argument-parser's definition state,
        // where reading it would trap.
        #expect(!quickFields.contains("definition"), "\(quickFields)")
    }

    @Test func wordsStartingWithOneDashAreQueryWordsNotOptions() throws {
        let search = try #require(
            try NatoAzCtl.parseAsRoot([
                "search", "nato", "-afghanistan", "--limit", "1", "-lang:ru",
            ])
                as? Search)
        #expect(search.query == ["nato", "-afghanistan", "-lang:ru"])
        #expect(search.limit == 1)
        let kwic = try #require(try NatoAzCtl.parseAsRoot(["kwic", "-baku", "nato"]) as? Kwic)
        #expect(kwic.query == ["-baku", "nato"])
        // Help is still help, and a word with two dashes is still an unknown option.
        #expect(!(try NatoAzCtl.parseAsRoot(["search", "nato", "-h"]) is Search))
        #expect(throws: (any Error).self) {
            try NatoAzCtl.parseAsRoot(["search", "nato", "--bogus"])
        }
    }

    @Test(arguments: forArgumentParser)
    func leavesEverythingElseToArgumentParser(_ line: [String]) {
        #expect(QuickParse.command(line) == nil)
    }

    /// A new subcommand or option that QuickParse does not know would silently take the slow
    /// path (or, for a property it never sets, trap): the two declarations must match.
    @Test func knowsEveryLookupSubcommandAndEachOfItsOptions() throws {
        for subcommand in NatoAzCtl.configuration.subcommands
        where ObjectIdentifier(subcommand) != ObjectIdentifier(Batch.self) {
            let name = try #require(subcommand.configuration.commandName)
            let quick = try #require(
                subcommand as? any QuickParsable.Type, "\(name) has no quickSyntax")
            let declared = try argumentParserNames(of: subcommand)
            #expect(Set(quick.quickNames) == declared, "\(name)")
            #expect(Self.wellFormed.contains { $0.first == name }, "no test line for \(name)")
        }
    }

    /// Random command lines from each subcommand's own vocabulary plus argument-parser's
    /// (help, `--`, short options, bad values): whenever QuickParse takes one,
    /// argument-parser must accept it and build the same command.
    @Test func randomLinesItTakesAreOnesArgumentParserParsesTheSameWay() throws {
        var random = SplitMix64(seed: 0x6e61_746f_617a)
        let values = [
            "5", "0", "-1", "2.5", "nan", "x", "", "nato", "tsv", "json", "table", "left", "en",
            "2021", "a b", "--", "-", "-h", "--help", "--version", "--nope",
        ]
        var taken = 0
        for _ in 0..<300 {
            let subcommand = try #require(
                NatoAzCtl.configuration.subcommands.randomElement(using: &random))
            guard let quick = subcommand as? any QuickParsable.Type else { continue }
            var line = [try #require(subcommand.configuration.commandName)]
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                let value = try #require(values.randomElement(using: &random))
                let name = quick.quickNames.randomElement(using: &random) ?? value
                switch Int.random(in: 0..<4, using: &random) {
                case 0: line.append(value)
                case 1: line.append(name)
                case 2: line += [name, value]
                default: line.append(name + "=" + value)
                }
            }
            guard let command = QuickParse.command(line) else { continue }
            taken += 1
            let reference = try NatoAzCtl.parseAsRoot(line)
            #expect(fields(of: command) == fields(of: reference), "\(line)")
        }
        // The vocabulary must produce lines the fast path takes, or this checks nothing.
        #expect(taken > 20)
    }

    @Test func batchLinesTakeTheFastPathToo() throws {
        let line = ["search", "nato", "--limit", "3"]
        let quick = try #require(QuickParse.command(line))
        #expect(fields(of: quick) == fields(of: try NatoAzCtl.parseAsRoot(line)))
    }

    /// The command's stored properties (argument-parser's wrappers and their values), as text.
    private func fields(of command: any ParsableCommand) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }

    /// The long options and flags argument-parser declares for `command`, without the
    /// built-in --help and --version.
    private func argumentParserNames(of command: any ParsableCommand.Type) throws -> Set<String> {
        let json = try JSONSerialization.jsonObject(with: Data(command._dumpHelp().utf8))
        let tool = try #require(json as? [String: Any])
        let definition = try #require(tool["command"] as? [String: Any])
        let arguments = definition["arguments"] as? [[String: Any]] ?? []
        var names = Set<String>()
        for argument in arguments where argument["kind"] as? String != "positional" {
            for name in argument["names"] as? [[String: Any]] ?? [] {
                if name["kind"] as? String == "long", let text = name["name"] as? String {
                    names.insert("--" + text)
                }
            }
        }
        return names.subtracting(["--help", "--version"])
    }
}

extension QuickParsable {
    /// Every spelling the quick syntax accepts, e.g. `--limit`.
    fileprivate static var quickNames: [String] {
        quickSyntax.slots.flatMap(\.names)
    }
}
