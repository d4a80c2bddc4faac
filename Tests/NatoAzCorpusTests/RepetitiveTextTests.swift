import NatoAzBenchKit
import Testing

@testable import NatoAzCorpus

/// A document that repeats a query word tens of thousands of times (a scraped page gone wrong,
/// a table of names) must cost search and Kwic about as much as its length, and must not turn
/// into one giant match.
@Suite struct RepetitiveTextTests {
    /// "Start NATO NATO ... NATO end." with `count` NATOs, beside an ordinary article.
    private static func index(repeating count: Int) throws -> SearchIndex {
        let repeated = Document(
            id: "repeated", title: "Title here", lang: .english,
            paragraphs: ["Start " + String(repeating: "NATO ", count: count) + "end."])
        let ordinary = Document(
            id: "ordinary", title: "Other", lang: .english,
            paragraphs: ["NATO met Azerbaijan in Baku."])
        return try SearchIndex(documents: [ordinary, repeated])
    }

    @Test func everyRepeatedWordIsItsOwnKwicOccurrence() throws {
        let index = try Self.index(repeating: 50_000)
        let page = try index.concordance("nato", limit: 3)
        #expect(page.total == 50_001)
        #expect(page.lines.map(\.match) == ["NATO", "NATO", "NATO"])
        #expect(page.lines.map(\.docID) == ["ordinary", "repeated", "repeated"])
        let last = try index.concordance("nato", offset: 50_000, limit: 5)
        #expect(last.lines.count == 1)
        #expect(last.lines.first?.right == "end.")
    }

    @Test func overlappingPhraseMatchesStayShort() throws {
        let index = try Self.index(repeating: 1_000)
        let page = try index.concordance("\"nato nato\"", limit: 100)
        #expect(!page.lines.isEmpty)
        for line in page.lines {
            let words = line.match.split(separator: " ").count
            #expect(words >= 2 && words <= Int(SearchIndex.longestOccurrence) + 1)
        }
    }

    @Test func aPhraseIsOneOccurrenceAndAWordInsideItAddsNone() {
        // Positions 10-11 are a phrase match; 11 is also a word match; 12 only touches it.
        let spans: [ClosedRange<UInt32>] = [12...12, 11...11, 10...11, 3...3, 1...1]
        #expect(
            SearchIndex.occurrences(spans, bodyFirst: 2) == [3...3, 10...11, 12...12])
    }

    @Test func searchOnARepetitiveDocumentHighlightsTheSnippetOnly() throws {
        let index = try Self.index(repeating: 200_000)
        let results = try index.search("nato")
        #expect(results.total == 2)
        let hit = try #require(results.hits.first { $0.docID == "repeated" })
        #expect(hit.snippet.hasPrefix("Start NATO NATO"))
        #expect(hit.snippet.unicodeScalars.count <= SearchOptions().snippetLength)
        let snippet = Array(hit.snippet.utf8)
        #expect(hit.highlights.count == hit.snippet.split(separator: " ").count - 1)
        #expect(
            hit.highlights.allSatisfy {
                String(decoding: snippet[$0.start..<$0.end], as: UTF8.self) == "NATO"
            })
    }
}

/// The one-pass window against the obvious quadratic one.
@Suite struct MatchWindowTests {
    private static func bruteForce(positions: [Int], parts: [Int], width: Int) -> Int? {
        var best: (parts: Int, matches: Int, start: Int)? = nil
        for start in positions.indices {
            var end = start
            while end + 1 < positions.count, positions[end + 1] < positions[start] + width {
                end += 1
            }
            let score = (Set(parts[start...end]).count, end - start + 1)
            if best.map({ score > ($0.parts, $0.matches) }) ?? true {
                best = (score.0, score.1, start)
            }
        }
        return best?.start
    }

    @Test(arguments: 0..<40)
    func agreesWithTheQuadraticWindow(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let count = Int.random(in: 0...60, using: &random)
        var position = 0
        var positions: [Int] = []
        for _ in 0..<count {
            position += Int.random(in: 0...6, using: &random)
            positions.append(position)
        }
        let parts = positions.map { _ in Int.random(in: 0...3, using: &random) }
        let width = Int.random(in: 1...12, using: &random)
        let fast = MatchWindow.bestStart(
            count: count, part: { parts[$0] },
            fits: { start, end in positions[end] < positions[start] + width })
        #expect(fast == Self.bruteForce(positions: positions, parts: parts, width: width))
    }
}

/// Posting offsets are 32-bit: a corpus whose posting lists pass that is refused with a reason,
/// never indexed wrong.
@Suite struct IndexSizeLimitTests {
    @Test func postingsOverTheLimitAreRefusedWithWhatToDo() throws {
        let documents = SeedFixture.documents
        let built = try SearchIndex(documents: documents)
        let bytes = built.statistics.postingBytes
        #expect(bytes > 1000)
        let error = #expect(throws: IndexTooLarge.self) {
            try SearchIndex(documents: documents, postingLimit: bytes - 1)
        }
        #expect(error?.postingBytes == bytes)
        #expect(error?.description.contains("split the articles") == true)
        // At the limit exactly, it builds.
        #expect(throws: Never.self) { try SearchIndex(documents: documents, postingLimit: bytes) }
        #expect(SearchIndex.maxPostingBytes == Int(Int32.max))
    }
}
