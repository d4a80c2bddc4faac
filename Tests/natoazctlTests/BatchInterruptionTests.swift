import Foundation
import NatoAzTestSupport
import Testing

/// A batch whose connection ends before every line is answered (natoazd stopped, or the
/// deadline passed): the answers that came are printed, every other line says it got none.
@Suite struct BatchInterruptionTests {
    private static let input = "ping\nping\n# a comment\nping\nping\n"

    @Test func answeredLinesArePrintedAndTheRestGetNoAnswerObjects() throws {
        let directory = try TemporaryDirectory()
        let peer = try ScriptedPeer(path: directory.path("peer.sock"), batch: 4, answering: 2)
        let result = try natoazctl("batch", "--json", "--socket", peer.path, stdin: Self.input)
        peer.wait()
        #expect(result.status == 3, "natoazd stopped answering: status 3, as for one lookup")
        let objects = jsonLines(result.stdout)
        #expect(objects.map { $0["line"] as? Int } == [1, 2, 4, 5])
        for answered in objects.prefix(2) {
            #expect(answered["ok"] as? Bool == true, "\(answered)")
        }
        for unanswered in objects.dropFirst(2) {
            let error = unanswered["error"] as? [String: Any]
            #expect(error?["code"] as? String == "NO_ANSWER", "\(unanswered)")
            #expect((error?["message"] as? String)?.contains("closed the connection") == true)
        }
        #expect(
            result.stderr.contains("2 of 4 lines got no answer (line 4, 5)"), "\(result.stderr)")
    }

    @Test func withoutJSONTheAnsweredLinesAreShownAndStderrSaysWhichWereNot() throws {
        let directory = try TemporaryDirectory()
        let peer = try ScriptedPeer(path: directory.path("peer.sock"), batch: 4, answering: 2)
        let result = try natoazctl("batch", "--socket", peer.path, stdin: Self.input)
        peer.wait()
        #expect(result.status == 3)
        #expect(result.stdout.contains("==> line 1: ping <=="))
        #expect(result.stdout.contains("==> line 2: ping <=="))
        #expect(!result.stdout.contains("==> line 4"))
        #expect(result.stderr.hasPrefix("natoazctl: 2 of 4 lines got no answer (line 4, 5): "))
    }
}
