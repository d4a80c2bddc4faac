import NatoAzTestSupport
import Testing

/// Usage errors exit 2 (not ArgumentParser's default 64) and say what is wrong.
@Suite struct UsageTests {
    @Test func missingArgumentIsStatusTwo() throws {
        let result = try natoazctl("get")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: Missing expected argument '<id>'"))
    }

    @Test func unknownSubcommandIsStatusTwo() throws {
        let result = try natoazctl("frobnicate")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "natoazctl: unknown subcommand 'frobnicate' ('natoazctl --help' lists them)\n")
    }

    @Test(arguments: [
        ("serch", "search"), ("Search", "search"), ("kwik", "kwic"), ("ent", "entities"),
        ("colocations", "collocations"), ("stat", "stats"),
    ])
    func aMistypedSubcommandGetsTheNearestOne(_ typed: String, _ meant: String) throws {
        // argument-parser said "2 unexpected arguments: 'serch', 'nato'".
        let result = try natoazctl(typed, "nato", "--socket", "/nonexistent/s")
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown subcommand '\(typed)'; did you mean '\(meant)'?"))
    }

    @Test func aMistypedSubcommandInABatchLineIsThatLinesError() throws {
        let result = try run(
            PackagePaths.natoazctl, ["batch", "--socket", "/nonexistent/s"],
            stdin: "serch nato\n")
        #expect(
            result.stderr.contains("line 1: unknown subcommand 'serch'; did you mean 'search'?"))
    }

    @Test func badOptionValueIsStatusTwo() throws {
        let result = try natoazctl("search", "nato", "--limit", "many")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--limit"))
    }

    @Test func anExcludedWordIsNotTakenForOptionsOrHelp() throws {
        // -afghanistan once parsed as -a -f -g -h ...: help on stdout and status 0.
        let result = try natoazctl(
            "search", "nato", "-afghanistan", "--socket", "/nonexistent/natoaz.sock")
        #expect(result.status == 3)  // the daemon is unreachable: the query was sent
        #expect(!result.stdout.contains("OVERVIEW"))
        #expect(result.stderr.contains("/nonexistent/natoaz.sock"))
        let unknown = try natoazctl("search", "nato", "--bogus")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown option '--bogus'"))
    }

    @Test(arguments: [
        ["search", "nato"], ["kwic", "nato"], ["terms"], ["collocations", "nato"],
        ["suggest", "az"], ["entities"], ["timeline"], ["similar", "000_x"],
    ])
    func aLimitOfZeroIsRefused(_ command: [String]) throws {
        // natoazd reads 0 as "the default": --limit 0 used to print a full page.
        let result = try run(
            PackagePaths.natoazctl, command + ["--limit", "0", "--socket", "/nonexistent/s"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--limit must be at least 1."))
    }

    @Test(arguments: [
        ["search", "nato", "--limit", "-1"], ["search", "nato", "--offset", "-5"],
        ["kwic", "nato", "--width", "-1"], ["collocations", "nato", "--window", "-2"],
        ["terms", "--offset", "-0.5"],
    ])
    func aNegativeNumberIsNamedAsTheBadValue(_ command: [String]) throws {
        // argument-parser read `--limit -1` as `--limit` without a value, then an option
        // `-1`: "Missing value for '--limit <limit>'" told whoever typed a value they gave none.
        let result = try run(PackagePaths.natoazctl, command + ["--socket", "/nonexistent/s"])
        let (option, value) = (command[command.count - 2], command[command.count - 1])
        #expect(result.status == 2)
        #expect(result.stderr.contains("The value '\(value)' is invalid for '\(option) <"))
        #expect(!result.stderr.contains("Missing value"))
    }

    @Test func aNegativeTimeoutIsOutOfRangeAndANegativeQueryWordStillExcludes() throws {
        let timeout = try natoazctl("ping", "--timeout", "-1")
        #expect(timeout.status == 2)
        #expect(timeout.stderr.contains("--timeout must be a number of seconds in (0, 86400]."))
        // After a flag or a query word, `-1` is the query's exclusion of the number 1.
        let excluded = try natoazctl(
            "search", "nato", "--no-fuzzy", "-1", "--socket", "/nonexistent/natoaz.sock")
        #expect(excluded.status == 3)  // the daemon is unreachable: the query was sent
    }

    @Test func validationErrorsAreStatusTwo() throws {
        let zero = try natoazctl("ping", "--timeout", "0")
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--timeout must be a number of seconds in (0, 86400]."))

        let contradiction = try natoazctl("terms", "--json", "--format", "tsv")
        #expect(contradiction.status == 2)
        #expect(contradiction.stderr.contains("--json and --format tsv disagree; use one."))
    }

    @Test func helpAndVersionAreStatusZeroOnStdout() throws {
        let version = try natoazctl("--version")
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        let help = try natoazctl("search", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: Search the corpus, best matches first."))
        #expect(help.stderr.isEmpty)
    }

    @Test func completionScriptsAreGenerated() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try natoazctl("--generate-completion-script", shell)
            #expect(result.status == 0)
            #expect(result.stdout.contains("natoazctl"))
            #expect(result.stdout.contains("collocations"))
        }
    }

    /// Inside batch, what is not a lookup says so; `--version` answered with the bare version
    /// as its error message.
    @Test(arguments: ["--version", "--help", "batch", "help search"])
    func batchLinesThatAreNoLookupSaySo(line: String) throws {
        let result = try natoazctl(
            "batch", "--json", "--socket", "/nonexistent/natoaz.sock", stdin: line + "\n")
        #expect(result.status == 2)
        let first = line.split(separator: " ")[0]
        #expect(
            result.stdout.contains(
                "\"message\":\"'\(first)' cannot run inside batch; use a lookup such as search"),
            "\(result.stdout)")
    }

    /// Session 16's QA: a batch line was echoed whole in its results' `command` (and in the
    /// `==> line N: ... <==` header): a line of 5 MB came back as a line of 5 MB, once per
    /// result. It is now cut at 256 bytes, with how many bytes were left out.
    @Test(arguments: [true, false])
    func longBatchLinesAreEchoedCut(json: Bool) throws {
        let query = String(repeating: "ə", count: 1_000_000)  // 2 MB
        let result = try run(
            PackagePaths.natoazctl,
            ["batch", "--socket", "/nonexistent/natoaz.sock"] + (json ? ["--json"] : []),
            stdin: "search --no-such-option \(query)\n")
        #expect(result.status == 2)
        let output = json ? result.stdout : result.stdout + result.stderr
        #expect(output.utf8.count < 2_000, "\(output.utf8.count) bytes of output")
        let echoed = "search --no-such-option " + String(repeating: "ə", count: 116)
        let marker = "… [\(2_000_000 - 232) more bytes]"
        #expect(output.contains(echoed + marker), "\(output.prefix(600))")
    }

    /// Session 16's QA: a batch line of one 4 MB word took 6.7 s (edit distances to every
    /// subcommand's name, for a suggestion) and its error quoted the word whole.
    ///
    /// Bounded by natoazctl's CPU time, not the wall clock: under the load of a full parallel
    /// run the same work took 4.3 s of wall time (session 17), for 0.9 s of CPU.
    @Test(.hangGuard) func aHugeUnknownSubcommandIsAnsweredAtOnce() throws {
        let word = String(repeating: "a", count: 4_000_000)
        let (result, cpuSeconds) = try natoazctlTimingCPU(
            "batch", "--json", "--socket", "/nonexistent/natoaz.sock", stdin: word + "\n")
        #expect(cpuSeconds < 3, "\(cpuSeconds) s of CPU")
        #expect(result.status == 2)
        #expect(result.stdout.utf8.count < 1_000, "\(result.stdout.utf8.count) bytes")
        #expect(
            result.stdout.contains(
                "unknown subcommand '\(String(repeating: "a", count: 40))… [3999960 more bytes]'"),
            "\(result.stdout.prefix(400))")
        // A typo still gets its suggestion.
        let typo = try natoazctl("serch", "nato")
        #expect(typo.stderr.contains("did you mean 'search'?"), "\(typo.stderr)")
    }

    /// Session 16's QA: argument-parser quotes an offending argument whole, so a batch line
    /// with an option of 2 MB got an error line of 2 MB. Its message is cut at 1 KiB.
    @Test func aHugeBadOptionGetsAShortError() throws {
        let result = try natoazctl(
            "batch", "--json", "--socket", "/nonexistent/natoaz.sock",
            stdin: "search --" + String(repeating: "a", count: 2_000_000) + "\n")
        #expect(result.status == 2)
        #expect(result.stdout.utf8.count < 2_000, "\(result.stdout.utf8.count) bytes")
        #expect(result.stdout.contains("more bytes]"), "\(result.stdout.prefix(400))")
    }
}
