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

    @Test func plainMessagesAreUnchanged() throws {
        let result = try natoazctl("get", "x", "--socket", "/nonexistent/natoaz.sock")
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("natoazctl: natoazd is not running at "))
        #expect(!result.stderr.contains("^"))
    }
}
