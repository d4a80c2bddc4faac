import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// What natoazctl prints on stderr can quote a server: a socket that is not natoazd (or a
/// compromised one) could send escape sequences in its error text, and natoazctl wrote them
/// to the terminal as they came (session 11's QA: `ESC [2J` cleared it).
@Suite struct HostileServerTextTests {
    @Test func controlCharactersInAServersErrorAreShownNotObeyed() throws {
        let directory = try TemporaryDirectory()
        let peer = try ScriptedPeer(path: directory.path("peer.sock"), batch: 1) { request in
            Response(
                id: request.id,
                error: ResponseError(
                    code: .invalidArgument, message: "evil \u{1B}[2J\u{7}\u{9B}31m\nsecond",
                    field: "query\u{1B}"))
        }
        let result = try natoazctl("ping", "--socket", peer.path)
        peer.wait()
        #expect(result.status == 2)
        #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{7}"))
        #expect(!result.stderr.contains("\u{9B}"))
        #expect(result.stderr.contains("(field query^[): evil ^[[2J^G\\u{9B}31m\nsecond"))
    }

    /// A search answer whose title and snippet carry escape sequences: a table or TSV showed
    /// them to the terminal as they came. Bold for the highlighted match must survive.
    @Test func controlCharactersInResultsAreShownNotObeyed() throws {
        let directory = try TemporaryDirectory()
        // The peer serves one connection: one per run of natoazctl.
        func answering(_ name: String) throws -> ScriptedPeer {
            try ScriptedPeer(path: directory.path(name), batch: 1) { request in
                let hit = Hit(
                    id: "a\u{1B}[2J", score: 1, title: "T\u{1B}[31mred", lang: "en",
                    snippet: "NATO \u{1B}]0;owned\u{7} met",
                    highlights: [ByteRange(start: 0, end: 4)])
                return Response(
                    id: request.id, body: .search(SearchResponse(total: 1, hits: [hit])))
            }
        }
        let peers = try ["table.sock", "tsv.sock", "tty.sock"].map(answering)
        let table = try natoazctl("search", "nato", "--socket", peers[0].path)
        let tsv = try natoazctl("search", "nato", "--format", "tsv", "--socket", peers[1].path)
        let command = "\(PackagePaths.natoazctl) search nato --socket \(peers[2].path)"
        let terminal = try run(
            "/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["TERM": "xterm"])
        for peer in peers { peer.wait() }
        for result in [table, tsv, terminal] {
            #expect(result.status == 0)
            #expect(result.stdout.contains("a^[[2J") && result.stdout.contains("T^[[31mred"))
            #expect(result.stdout.contains("^[]0;owned^G"))
            #expect(!result.stdout.contains("\u{1B}[2J") && !result.stdout.contains("\u{7}"))
        }
        // The table's own bold, on a terminal, is kept.
        #expect(terminal.stdout.contains("\u{1B}[1mNATO\u{1B}[0m"))
    }

    /// A title with a right-to-left override showed `NATO report` with `exe.txt` reversed into
    /// `txt.exe` and everything after it turned around on the terminal (session 12's QA: the
    /// loader keeps these characters, which Arabic and Hebrew text may use).
    @Test func bidirectionalOverridesInResultsAreShownNotObeyed() throws {
        let directory = try TemporaryDirectory()
        let peer = try ScriptedPeer(path: directory.path("bidi.sock"), batch: 1) { request in
            let hit = Hit(
                id: "a\u{2066}b\u{2069}", score: 1, title: "NATO report \u{202E}exe.txt",
                lang: "ar", snippet: "\u{200F}شريك\u{202C} NATO", highlights: [])
            return Response(
                id: request.id, body: .search(SearchResponse(total: 1, hits: [hit])))
        }
        let result = try natoazctl("search", "nato", "--socket", peer.path)
        peer.wait()
        #expect(result.status == 0)
        for hidden in ["\u{202E}", "\u{202C}", "\u{2066}", "\u{2069}"] {
            #expect(!result.stdout.contains(hidden))
        }
        #expect(result.stdout.contains("NATO report \\u{202E}exe.txt"))
        #expect(result.stdout.contains("a\\u{2066}b\\u{2069}"))
        #expect(result.stdout.contains("\u{200F}شريك"))  // a mark reorders nothing: kept
    }

    @Test func plainMessagesAreUnchanged() throws {
        let result = try natoazctl("get", "x", "--socket", "/nonexistent/natoaz.sock")
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("natoazctl: natoazd is not running at "))
        #expect(!result.stderr.contains("^"))
    }
}
