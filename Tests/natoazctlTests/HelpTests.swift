import Foundation
import NatoAzTestSupport
import Testing

/// The root command's help is the first thing a user reads: compare it exactly, so any
/// change to it is deliberate.
@Suite struct HelpTests {
    static let rootHelp = """
        OVERVIEW: Query natoazd, the NATO-Azerbaijan news corpus daemon.

        Prints aligned tables on a terminal (matches in bold unless NO_COLOR is set),
        plain text when piped, and JSON Lines (one object per result) with --json.

        EXIT STATUS:
          0  results were printed
          1  no results, or not found
          2  usage error, an error reported by natoazd, or stdout not writable
          3  natoazd cannot be reached (not running, wrong socket, denied, timeout)

        USAGE: natoazctl <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          ping                    Check that natoazd answers.
          info                    Show what natoazd serves: versions, corpus, load
                                  report, limits.
          describe                List the methods and error codes natoazd knows.
          search                  Search the corpus, best matches first.
          get                     Print one document with its metadata and text.
          kwic                    Show every occurrence of a word, phrase or query in
                                  its context.
          terms                   List the corpus's terms by frequency.
          collocations            List the words that co-occur with a word, ranked by
                                  logDice.
          suggest                 Complete a prefix from the corpus's vocabulary.
          entities                List the people, places and organisations the corpus
                                  mentions.
          timeline                List documents by date, oldest first.
          similar                 List the documents most like a given document.
          stats                   Show natoazd's counters: requests, latency, errors,
                                  connections, bytes.
          reload                  Make natoazd re-read its corpus and swap it in.
          batch                   Run many lookups from stdin over one connection,
                                  pipelined.

          See 'natoazctl help <subcommand>' for detailed help.

        """

    @Test func rootHelpIsExact() throws {
        for arguments in [["--help"], ["-h"], ["help"]] {
            let result = try run(PackagePaths.natoazctl, arguments)
            #expect(result.status == 0)
            #expect(result.stdout == Self.rootHelp)
            #expect(result.stderr.isEmpty)
        }
    }

    static let subcommands = [
        "ping", "info", "describe", "search", "get", "kwic", "terms", "collocations",
        "suggest", "entities", "timeline", "similar", "stats", "reload", "batch",
    ]

    /// Help that stdout will not take fails like results do (session 10's QA: `natoazctl
    /// --help >&-` printed nothing and exited 0, since `print` ignores write errors).
    @Test(arguments: [">&-", ">/dev/full"])
    func helpAndVersionThatCannotBeWrittenAreStatusTwo(redirection: String) throws {
        var commands = [
            "--help", "-h", "help", "--version", "--generate-completion-script bash",
        ]
        for name in Self.subcommands { commands += ["\(name) --help", "help \(name)"] }
        for arguments in commands {
            let result = try run(
                "/bin/sh", ["-c", "\(PackagePaths.natoazctl) \(arguments) \(redirection)"])
            #expect(result.status == 2, "\(arguments) \(redirection)")
            #expect(
                result.stderr.hasPrefix("natoazctl: cannot write the results to stdout: "),
                "\(arguments) \(redirection): \(result.stderr)")
        }
    }

    /// The README's one-line summary of the exit statuses once left out status 2's third
    /// cause (stdout not writable) that the help, the man page and natoazctl.md give.
    @Test func readmeSummarisesEveryExitStatus() throws {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(
            contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "exits grep-style: "))
        let end = try #require(readme[start.upperBound...].range(of: "unreachable."))
        let summary = readme[start.upperBound..<end.upperBound]
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            summary == "0 results, 1 none or not found, 2 usage or server error or stdout not "
                + "writable (its output, help included, would be lost), 3 daemon unreachable.")
        #expect(Self.rootHelp.contains("2  usage error, an error reported by natoazd, or stdout"))
    }

    @Test func noSubcommandPrintsTheHelpAndIsAUsageError() throws {
        let result = try natoazctl()
        #expect(result.status == 2)
        #expect(result.stderr.contains("USAGE: natoazctl <subcommand>"))
    }

    @Test func committedManPageCoversEverySubcommand() throws {
        // `make man` regenerates it from the help; this catches a subcommand added without.
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let manual = try String(
            contentsOf: repository.appendingPathComponent("Documentation/natoazctl.1"),
            encoding: .utf8)
        for name in Self.subcommands {
            #expect(manual.contains(".It Em \(name)\n"), "man page lacks \(name): run make man")
            #expect(Self.rootHelp.contains("  \(name) "))
        }
        #expect(manual.contains("3  natoazd cannot be reached"))
    }
}
