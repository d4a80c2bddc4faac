import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// Session 14's QA: body checkpoints are set only at words after an ASCII space, so text whose
/// words are joined otherwise (no-break spaces, U+2028, CJK without spaces) has one per
/// paragraph, and every stretch read back (a collocation window, a concordance context, a
/// mention line) was tokenized from the paragraph's start: a collocation count over a 3.5 MB
/// line held its worker for minutes after its deadline had passed. A stretch read from a far
/// checkpoint now reads on as far past it, so the next ones are covered.
@Suite struct SpacelessTextTests {
    static let words = ["NATO", "alliance", "partners", "talks", "Baku", "summit", "met"]

    static func index(separator: String) throws -> SearchIndex {
        var text: [String] = []
        for number in 0..<60_000 { text.append(words[(number * 5 + number / 7) % words.count]) }
        let documents = [
            Document(
                id: "doc1", title: "Report", lang: .english,
                paragraphs: [text.joined(separator: separator) + "."])
        ]
        return try SearchIndex(documents: documents)
    }

    @Test func stretchesOfTextWithoutSpacesAreReadOnce() throws {
        let spaced = try Self.index(separator: " ")
        let joined = try Self.index(separator: "\u{A0}")
        let (collocations, collocationsCPU) = ThreadCPUTime.measure {
            joined.collocations(of: "alliance")
        }
        let (kwic, kwicCPU) = try ThreadCPUTime.measure {
            try joined.concordance("alliance", order: .left, limit: 5)
        }
        let cpu = collocationsCPU + kwicCPU
        // The same words at the same positions: the same counts and the same lines but for
        // the separator.
        #expect(collocations.collocates == spaced.collocations(of: "alliance").collocates)
        #expect(collocations.nodeFrequency > 8_000)
        let spacedKwic = try spaced.concordance("alliance", order: .left, limit: 5)
        #expect(kwic.total == spacedKwic.total)
        #expect(
            kwic.lines.map { String($0.left.map { $0 == "\u{A0}" ? " " : $0 }) }
                == spacedKwic.lines.map(\.left))
        // A debug build with 30,000 words: 15.0 s before (each of about 4,300 windows
        // re-read the line from its start: quadratic), 0.84 s after; with these 60,000: 1.5 s.
        #expect(cpu < .seconds(15), "\(cpu)")
    }
}
