import Foundation
import NatoAzTestSupport
import Testing

/// natoazctl against the real natoazd on a temporary socket, serving the bundled seeds.
@Suite(.serialized) struct LiveDaemonTests {
    static let knownID = "000_b63174de97e40d1a"

    @Test func getPrintsTheDocumentAsOneJSONObject() throws {
        let daemon = try LiveDaemon()
        let result = try daemon.ctl("get", Self.knownID, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let objects = jsonLines(result.stdout)
        try #require(objects.count == 1)
        let document = objects[0]
        for key in [
            "id", "title", "date", "dateText", "dateInferred", "lang", "source", "author",
            "place", "text", "trailer",
        ] {
            #expect(document.keys.contains(key), "missing key \(key)")
        }
        #expect(document["id"] as? String == Self.knownID)
        #expect(document["lang"] as? String == "en")
        let seed = try String(
            contentsOfFile: LiveDaemon.seeds + "/\(Self.knownID).txt", encoding: .utf8)
        let text = try #require(document["text"] as? String)
        #expect(text.contains("received a NATO delegation on November 6"))
        #expect(seed.contains(text.prefix(60)))
    }

    /// Session 15 lowered natoazd's `max-decompressed-bytes` to 1 MiB for a while; natoazctl
    /// holds the server's compressed responses to the announced limit, so `get` of any
    /// article over 1 MiB failed ("zstd frame declares 2000049 bytes, over the limit").
    @Test func getOfAnArticleOfMegabytesSucceeds() throws {
        let corpus = try TemporaryDirectory("natoazctl-large")
        let body = String(repeating: "NATO met Azerbaijan in Baku. ", count: 70_000)
        try ("Large\n\n" + body + "\n").write(
            toFile: corpus.path("large.txt"), atomically: true, encoding: .utf8)
        let daemon = try LiveDaemon(corpus: corpus.path)
        let result = try daemon.ctl("get", "large", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let objects = jsonLines(result.stdout)
        try #require(objects.count == 1)
        #expect(((objects[0]["text"] as? String)?.utf8.count ?? 0) > 2_000_000)
    }

    /// Session 15's QA: with `max-file-bytes` raised, natoazd loaded an article larger than
    /// its `max-decompressed-bytes` and sent it compressed; natoazctl, which holds answers to
    /// the announced limit, said "natoazd sent an invalid frame (zstd frame declares 17820033
    /// bytes, over the limit of 16777216 bytes). Are natoazctl and natoazd the same version?".
    /// natoazd now answers TOO_LARGE, naming the limit.
    @Test func getOfAnArticleOverTheDecompressedLimitIsTooLargeNamingIt() throws {
        let corpus = try TemporaryDirectory("natoazctl-over-limit")
        let body = String(repeating: "NATO met Azerbaijan in Baku. ", count: 4_000)
        try ("Large\n\n" + body + "\n").write(
            toFile: corpus.path("large.txt"), atomically: true, encoding: .utf8)
        let daemon = try LiveDaemon(
            corpus: corpus.path, arguments: ["--max-decompressed-bytes", "65536"])
        let result = try daemon.ctl("get", "large")
        #expect(result.status == 2)
        #expect(result.stderr.contains("TOO_LARGE"), "\(result.stderr)")
        #expect(
            result.stderr.contains("raise natoazd's max-decompressed-bytes"), "\(result.stderr)")
        #expect(!result.stderr.contains("same version"), "\(result.stderr)")
        // A small answer on the same daemon is fine.
        #expect(try daemon.ctl("search", "nato").status == 0)
    }

    @Test func unknownIDIsNotFoundWithStatusOne() throws {
        let daemon = try LiveDaemon()
        let result = try daemon.ctl("get", "999_does_not_exist")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("natoazctl: "))
        #expect(result.stderr.contains("999_does_not_exist"))
    }

    @Test func searchHitsAreJSONWithHighlightsInsideTheSnippet() throws {
        let daemon = try LiveDaemon()
        let result = try daemon.ctl("search", "nato", "--json", "--limit", "3")
        #expect(result.status == 0, "\(result.stderr)")
        let hits = jsonLines(result.stdout)
        #expect((1...3).contains(hits.count))
        for hit in hits {
            for key in ["id", "score", "title", "date", "lang", "snippet", "highlights"] {
                #expect(hit.keys.contains(key), "missing key \(key)")
            }
            let snippet = Array(try #require(hit["snippet"] as? String).utf8)
            let highlights = try #require(hit["highlights"] as? [[Int]])
            #expect(!highlights.isEmpty)
            for range in highlights {
                try #require(range.count == 2 && range[0] < range[1] && range[1] <= snippet.count)
                let marked = String(decoding: snippet[range[0]..<range[1]], as: UTF8.self)
                // The query also matches NATO's aliases, e.g. the Cyrillic НАТО.
                let folded = marked.lowercased()
                #expect(
                    folded.hasPrefix("nato") || folded.hasPrefix("нато"),
                    "highlighted \(marked)")
            }
        }
    }

    @Test func searchWithoutMatchesIsStatusOne() throws {
        let daemon = try LiveDaemon()
        let result = try daemon.ctl("search", "qqqxqqqzzzyyy", "--no-fuzzy")
        #expect(result.status == 1)
        let json = try daemon.ctl("search", "qqqxqqqzzzyyy", "--no-fuzzy", "--json")
        #expect(json.status == 1)
        #expect(json.stdout.isEmpty)
    }

    /// Like search, terms and entities, a prefix nothing completes says so (it printed nothing).
    @Test func suggestWithoutCompletionsSaysSoWithStatusOne() throws {
        let daemon = try LiveDaemon()
        let human = try daemon.ctl("suggest", "qqqxqqqzz")
        #expect(human.status == 1)
        #expect(human.stdout == "no completions for qqqxqqqzz\n")
        let json = try daemon.ctl("suggest", "qqqxqqqzz", "--json")
        #expect(json.status == 1)
        #expect(json.stdout.isEmpty)
        let found = try daemon.ctl("suggest", "az")
        #expect(found.status == 0)
        #expect(!found.stdout.contains("no completions"))
    }

    /// Results that cannot be written are an error, as for grep: with stdout closed they went
    /// into the socket to natoazd (which took descriptor 1), and a full disk lost them, both
    /// with status 0.
    @Test(arguments: [">&-", ">/dev/full"])
    func unwritableStdoutIsStatusTwoWithAMessage(redirection: String) throws {
        let daemon = try LiveDaemon()
        for arguments in ["search nato", "get \(Self.knownID) --json", "info"] {
            let result = try run(
                "/bin/sh",
                [
                    "-c",
                    "\(PackagePaths.natoazctl) \(arguments) --socket \(daemon.socket) \(redirection)",
                ])
            #expect(result.status == 2, "\(arguments) \(redirection)")
            #expect(result.stderr.hasPrefix("natoazctl: cannot write the results to stdout: "))
        }
    }

    @Test func searchAsTSVHasSixColumnsAndNoEscapes() throws {
        let daemon = try LiveDaemon()
        let result = try daemon.ctl("search", "nato", "--format", "tsv")
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n")
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(row.split(separator: "\t", omittingEmptySubsequences: false).count == 6)
        }
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test func infoListsRejectedAndRepairedFiles() throws {
        let daemon = try LiveDaemon()
        let result = try daemon.ctl("info", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let objects = jsonLines(result.stdout)
        try #require(objects.count == 1)
        let info = objects[0]
        #expect(info["rejected"] is [Any])
        #expect(info["repaired"] is [Any])
        let seeds = try FileManager.default.contentsOfDirectory(atPath: LiveDaemon.seeds)
            .filter { $0.hasSuffix(".txt") }
        #expect(info["documentCount"] as? Int == seeds.count)
        let human = try daemon.ctl("info")
        #expect(human.status == 0)
        #expect(human.stdout.contains(try Regex("documents +\(seeds.count), ")))
    }

    /// A first start reads the text and writes the index snapshot; the second reopens it, and
    /// `info` says which, with the file and when it was written, and that the lookups are ready.
    @Test func infoSaysWhereTheCorpusCameFrom() throws {
        let cache = try TemporaryDirectory("natoazctl-cache")
        let cold = try LiveDaemon(arguments: ["--cache-dir", cache.path])
        let written = eventually(within: .seconds(60)) {
            cold.log.contains("index snapshot written")
        }
        try #require(written, "\(cold.log)")
        let fromText = try #require(jsonLines(try cold.ctl("info", "--json").stdout).first)
        #expect(fromText["corpusSource"] as? String == "text")
        #expect(fromText["lookupsState"] as? String == "ready")
        #expect(fromText["snapshotPath"] is NSNull && fromText["snapshotWrittenAt"] is NSNull)
        #expect(fromText["snapshotWrittenAtUnixMs"] as? Int == 0)
        cold.stop()

        let warm = try LiveDaemon(arguments: ["--cache-dir", cache.path])
        let result = try warm.ctl("info", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let info = try #require(jsonLines(result.stdout).first)
        #expect(info["corpusSource"] as? String == "snapshot")
        #expect(info["lookupsState"] as? String == "ready")
        let path = try #require(info["snapshotPath"] as? String)
        #expect(path.hasPrefix(cache.path + "/") && FileManager.default.fileExists(atPath: path))
        let writtenAt = try #require(info["snapshotWrittenAtUnixMs"] as? Int)
        #expect(writtenAt > 0 && writtenAt <= info["loadedAtUnixMs"] as? Int ?? 0)
        #expect((info["snapshotWrittenAt"] as? String)?.hasSuffix(" UTC") == true)
        let human = try warm.ctl("info")
        #expect(human.status == 0)
        #expect(human.stdout.contains(try Regex("source +snapshot \(path), written ")))
        #expect(human.stdout.contains(try Regex("lookups +ready")))
        warm.stop()
    }

    @Test func batchPipelinesLinesAndTagsEveryObject() throws {
        let daemon = try LiveDaemon()
        let input = """
            search nato --limit 2
            # a comment, skipped

            get \(Self.knownID)
            get 999_does_not_exist
            search --limt 3 nato
            ping

            """
        let result = try daemon.ctl("batch", "--json", stdin: input)
        #expect(result.status == 2, "a usage error on line 6 makes the batch status 2")
        let objects = jsonLines(result.stdout)
        let lines = objects.compactMap { $0["line"] as? Int }
        #expect(lines == lines.sorted(), "results come in input order")
        #expect(Set(lines) == [1, 4, 5, 6, 7])
        let get = objects.first { $0["line"] as? Int == 4 }
        #expect(get?["id"] as? String == Self.knownID)
        #expect(get?["command"] as? String == "get \(Self.knownID)")
        let missing = objects.first { $0["line"] as? Int == 5 }?["error"] as? [String: Any]
        #expect(missing?["code"] as? String == "NOT_FOUND")
        let usage = objects.first { $0["line"] as? Int == 6 }?["error"] as? [String: Any]
        #expect(usage?["code"] as? String == "USAGE")
        #expect((usage?["message"] as? String)?.contains("--limt") == true)
    }

    /// A line's own `--socket` or `--timeout` was parsed and then silently ignored (session
    /// 10's QA): the line went to the batch's daemon, with the batch's deadline. Now such a
    /// line fails with a usage error and the others run; a line's `--json` is still obeyed.
    @Test func aLineCannotChooseItsOwnSocketOrTimeout() throws {
        let daemon = try LiveDaemon()
        let input = """
            search nato --limit 1 --socket /nonexistent/natoaz.sock
            search nato --limit 1 --timeout=0.5
            search nato --limit 1
            get \(Self.knownID) --json

            """
        let json = try daemon.ctl("batch", "--json", stdin: input)
        #expect(json.status == 2)
        let objects = jsonLines(json.stdout)
        for (line, option) in [(1, "--socket"), (2, "--timeout")] {
            let error = objects.first { $0["line"] as? Int == line }?["error"] as? [String: Any]
            #expect(error?["code"] as? String == "USAGE")
            #expect(
                error?["message"] as? String
                    == "\(option) applies to the whole batch (one connection, one deadline), "
                    + "not to one line: give it to natoazctl batch itself.")
        }
        #expect(objects.contains { $0["line"] as? Int == 3 && $0["id"] != nil })

        let human = try daemon.ctl("batch", stdin: input)
        #expect(human.status == 2)
        #expect(human.stderr.contains("natoazctl: line 1: --socket applies to the whole batch"))
        #expect(human.stderr.contains("natoazctl: line 2: --timeout applies to the whole batch"))
        #expect(human.stdout.contains("\n{\"line\":4,"), "line 4 asked for JSON")
    }

    @Test func boldOnlyOnATerminalAndNeverWithNoColor() throws {
        let daemon = try LiveDaemon()
        let piped = try daemon.ctl("search", "nato", "--limit", "2")
        #expect(piped.status == 0)
        #expect(!piped.stdout.contains("\u{1B}["))
        #expect(piped.stdout.contains("documents match"))

        let command =
            "\(PackagePaths.natoazctl) search nato --limit 2 --socket \(daemon.socket)"
        // TERM set: natoazctl writes no escapes for TERM=dumb, which CI may have.
        let terminal = try run(
            "/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["TERM": "xterm"])
        #expect(terminal.status == 0)
        #expect(terminal.stdout.contains("\u{1B}[1m"))
        let noColor = try run(
            "/usr/bin/script", ["-qec", command, "/dev/null"],
            environment: ["NO_COLOR": "1", "TERM": "xterm"])
        #expect(noColor.status == 0)
        #expect(!noColor.stdout.contains("\u{1B}["))
        // A dumb terminal shows escapes as they are.
        let dumb = try run(
            "/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["TERM": "dumb"])
        #expect(dumb.status == 0)
        #expect(dumb.stdout.contains("documents match"))
        #expect(!dumb.stdout.contains("\u{1B}["))
    }

    @Test func everyLookupAnswersWithValidJSONOrSaysItIsNotImplemented() throws {
        let daemon = try LiveDaemon()
        // Describe lists the methods this natoazd answers; the others must fail cleanly.
        let describe = try daemon.ctl("describe", "--json")
        #expect(describe.status == 0)
        let implemented = Set(
            jsonLines(describe.stdout).filter { $0["kind"] as? String == "method" }
                .compactMap { $0["name"] as? String })
        #expect(implemented.isSuperset(of: ["Hello", "Ping", "Info", "Describe", "Search", "Get"]))

        let invocations: [(method: String, arguments: [String])] = [
            ("Ping", ["ping"]), ("Info", ["info"]), ("Search", ["search", "azerbaijan"]),
            ("Get", ["get", Self.knownID]), ("Kwic", ["kwic", "nato"]),
            ("Terms", ["terms", "--limit", "5"]), ("Collocations", ["collocations", "nato"]),
            ("Suggest", ["suggest", "az"]), ("Entities", ["entities"]),
            ("Timeline", ["timeline"]), ("Similar", ["similar", Self.knownID]),
            ("Stats", ["stats"]),
        ]
        for (method, arguments) in invocations {
            for json in [false, true] {
                let result = try run(
                    PackagePaths.natoazctl,
                    arguments + ["--socket", daemon.socket] + (json ? ["--json"] : []))
                if implemented.contains(method) {
                    #expect([0, 1].contains(result.status), "\(arguments): \(result.stderr)")
                    if json { _ = jsonLines(result.stdout) }
                } else {
                    #expect(result.status == 2)
                    #expect(result.stderr.hasPrefix("natoazctl: natoazd reported UNKNOWN_METHOD"))
                    #expect(result.stdout.isEmpty)
                }
            }
        }
    }
}
