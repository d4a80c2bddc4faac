import Testing

@testable import NatoAzCorpus

/// Session 13's QA: words longer than 256 bytes (``Analyzer/maxWordScalars`` times 4) are
/// indexed by their first 256 bytes, cut at a scalar boundary. A query for such a word is cut
/// the same way, so it finds its document, and so does any word with the same first 256
/// bytes (Documentation/search.md, "Analysis").
@Suite struct LongWordTests {
    static let ascii = String(repeating: "abcdefghij", count: 30)  // 300 bytes
    static let cyrillic = String(repeating: "абвгдежзий", count: 15)  // 150 letters, 300 bytes
    static let mixed = "x" + String(repeating: "ж", count: 200)  // odd cut: 256 is mid-letter

    private static let index: SearchIndex = {
        let documents = [ascii, cyrillic, mixed].enumerated().map { number, word in
            Document(
                id: "doc\(number)", title: "Report", lang: .english,
                paragraphs: ["The word \(word) ends here."])
        }
        return try! SearchIndex(documents: documents)
    }()

    @Test(arguments: [0, 1, 2])
    func aLongWordFindsItsDocument(number: Int) throws {
        let word = [Self.ascii, Self.cyrillic, Self.mixed][number]
        let results = try Self.index.search(word)
        #expect(results.hits.map(\.docID) == ["doc\(number)"])
        let kwic = try Self.index.concordance(word)
        #expect(kwic.lines.map(\.match) == [word])
    }

    @Test func aWordWithTheSameFirst256BytesMatchesToo() throws {
        let results = try Self.index.search(String(Self.ascii.prefix(256)) + "zzz")
        #expect(results.hits.map(\.docID) == ["doc0"])
        #expect(try Self.index.search(String(Self.ascii.prefix(250))).hits.isEmpty)
    }
}
