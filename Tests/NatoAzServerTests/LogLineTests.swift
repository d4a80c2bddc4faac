import Logging
import Testing

@testable import NatoAzServer

/// Every log event is one line, whatever a client put in the values it reports (session 11's
/// QA: a Hello's client name with a newline forged a second log line at debug level, and
/// an escape sequence coloured the operator's terminal).
@Suite struct LogLineTests {
    @Test func controlCharactersAreEscapedInValuesAndMessages() {
        let line = StderrLogHandler.line(
            prefix: "<7>", label: "natoazd", message: "handshake\ndone",
            metadata: [
                "client": "evil\n<2>natoazd: forged\u{1B}[31m\u{0}\u{85}\u{2028}",
                "connection": "1",
            ])
        #expect(
            line
                == "<7>natoazd: handshake\\ndone client=\"evil\\n<2>natoazd: forged\\u{1B}[31m"
                + "\\u{0}\\u{85}\\u{2028}\" connection=1\n")
        #expect(line.filter(\.isNewline).count == 1)
    }

    @Test func plainValuesStayAsTheyWere() {
        #expect(StderrLogHandler.quoted("ok") == "ok")
        #expect(StderrLogHandler.quoted("a b") == "\"a b\"")
        #expect(StderrLogHandler.quoted("say \"x\"=1") == "\"say \\\"x\\\"=1\"")
        #expect(StderrLogHandler.quoted("") == "\"\"")
        #expect(StderrLogHandler.quoted("Bakı, Türkiye") == "\"Bakı, Türkiye\"")
    }
}
