import NatoAzClient
import Testing

/// Tables line up whatever the script, and highlighting never breaks characters.
@Suite struct TextOutputTests {
    @Test func columnsAlignByCharactersNotBytes() {
        var table = TextTable(headers: ["TERM", "FREQ"], alignments: [.left, .right])
        table.append(["Азербайджан", "12"])
        table.append(["nato", "7"])
        let plain = TerminalStyle(usesEscapes: false)
        #expect(
            table.render(style: plain) == """
                TERM         FREQ
                Азербайджан    12
                nato            7

                """)
    }

    @Test func boldDoesNotShiftColumns() {
        var table = TextTable(headers: ["A", "B"])
        let bold = TerminalStyle(usesEscapes: true)
        table.append([.init("x", decorated: bold.bold("x")), "1"])
        table.append(["long", "2"])
        let lines = table.render(style: TerminalStyle(usesEscapes: false)).split(separator: "\n")
        #expect(lines[1] == "\u{1B}[1mx\u{1B}[0m     1")
        #expect(lines[2] == "long  2")
    }

    @Test func lastColumnIsCutToTheTerminalWidth() {
        var table = TextTable(headers: ["ID", "TITLE"])
        table.append(["a", .init(String(repeating: "w", count: 50))])
        let narrow = TerminalStyle(usesEscapes: false, columns: 20)
        let row = table.render(style: narrow).split(separator: "\n")[1]
        #expect(row.count == 20)
        #expect(row.hasSuffix("…"))
    }

    @Test func highlightsUseByteOffsetsAndRespectCharacters() {
        let bold = TerminalStyle(usesEscapes: true)
        // "Алиев" is 10 bytes in UTF-8; highlight it by its byte range.
        let text = "Ильхам Алиев и НАТО"
        let start = "Ильхам ".utf8.count
        let marked = bold.highlight(text, byteRanges: [(start, start + "Алиев".utf8.count)])
        #expect(marked == "Ильхам \u{1B}[1mАлиев\u{1B}[0m и НАТО")
        // A range inside a character, or past the end, is clamped rather than trusted.
        let clamped = bold.highlight("é and", byteRanges: [(1, 1000)])
        #expect(clamped == "\u{1B}[1mé and\u{1B}[0m")
        #expect(TerminalStyle(usesEscapes: false).highlight(text, byteRanges: [(0, 4)]) == text)
    }
}
