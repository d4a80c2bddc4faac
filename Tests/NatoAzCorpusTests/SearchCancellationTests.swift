import Testing

@testable import NatoAzCorpus

/// Regression: a search kept its worker thread after its deadline had passed or its client had
/// gone (a 64-word query of common words took 4 s at 100k articles, most of it in proximity
/// ranking). The ranking now polls a `WorkCancellation` and stops early.
@Suite struct SearchCancellationTests {
    /// 600 documents of the same length that all contain the query's words, at varying
    /// distances: their BM25 scores tie, so the proximity pass has to visit every one.
    private static let index: SearchIndex = {
        let documents = (0..<600).map { number in
            let before = String(repeating: "filler ", count: number % 23)
            let after = String(repeating: "filler ", count: 22 - number % 23)
            return Document(
                id: String(format6(number)), title: "Report", lang: .english,
                paragraphs: ["alpha \(before)bravo charlie \(after)delta echo."])
        }
        return try! SearchIndex(documents: documents)
    }()

    private static func format6(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    private static let query = "alpha bravo charlie delta echo"

    @Test func anUncancelledTokenChangesNothing() throws {
        let plain = try Self.index.search(Self.query)
        let token = WorkCancellation(deadline: ContinuousClock.now + .seconds(3600))
        let withToken = try Self.index.search(Self.query, cancellation: token)
        #expect(!withToken.isCancelled)
        #expect(withToken == plain)
        #expect(plain.total == 600)
        #expect(plain.hits.count == 10)
    }

    @Test func aCancelledTokenStopsTheSearch() throws {
        let token = WorkCancellation()
        token.cancel()
        let results = try Self.index.search(Self.query, cancellation: token)
        #expect(results.isCancelled)
        #expect(results.hits.isEmpty)
    }

    @Test func aPassedDeadlineStopsTheSearch() throws {
        let token = WorkCancellation(deadline: ContinuousClock.now - .milliseconds(1))
        #expect(token.isCancelled)
        let results = try Self.index.search(Self.query, cancellation: token)
        #expect(results.isCancelled)
    }

    /// Five words: finding their documents polls before each of the four narrowings of the
    /// AND, the BM25 pass once per word, so the tenth poll falls in the proximity pass, after
    /// 256 of the 600 candidates.
    @Test func cancellingDuringProximityRankingStopsIt() throws {
        let duringProximity = WorkCancellation(cancelAtPoll: 10)
        let stopped = try Self.index.search(Self.query, cancellation: duringProximity)
        #expect(stopped.isCancelled)

        let neverReached = WorkCancellation(cancelAtPoll: 1_000)
        let finished = try Self.index.search(Self.query, cancellation: neverReached)
        #expect(!finished.isCancelled)
        #expect(finished == (try Self.index.search(Self.query)))
    }
}

/// The proximity pass visits at most `proximityBudget / parts` documents, the BM25 leaders, so
/// a query whose words are in most documents cannot decode positions in all of them.
@Suite struct ProximityCandidatesTests {
    /// 600 documents of equal length and BM25; the query's words sit far apart in all but
    /// the last, where they are side by side.
    private static let index: SearchIndex = {
        let documents = (0..<600).map { number in
            let words =
                number == 599
                ? "alpha bravo charlie " + String(repeating: "filler ", count: 20)
                : "alpha " + String(repeating: "filler ", count: 10) + "bravo "
                    + String(repeating: "filler ", count: 10) + "charlie "
            return Document(
                id: "doc" + String(1000 + number), title: "Report", lang: .english,
                paragraphs: [words + "end."])
        }
        return try! SearchIndex(documents: documents)
    }()

    /// The query has three parts: a budget of `3 * n` visits `n` documents.
    private static func search(candidates: Int) throws -> SearchResults {
        var options = SearchOptions(limit: 3)
        options.ranking.proximityBudget = 3 * candidates
        return try index.search("alpha bravo charlie", options: options)
    }

    @Test func underTheBoundTheRankingIsExact() throws {
        let results = try Self.search(candidates: 600)
        #expect(results.total == 600)
        #expect(results.hits.first?.docID == "doc1599")
    }

    @Test func pastTheBoundOnlyTheBM25LeadersGetProximity() throws {
        // BM25 ties are broken by document order, so the first 100 are the leaders; the
        // document with the words side by side is not among them and keeps its BM25 score.
        let results = try Self.search(candidates: 100)
        #expect(results.total == 600)
        #expect(results.hits.map(\.docID) == ["doc1000", "doc1001", "doc1002"])
        #expect(!results.hits.contains { $0.docID == "doc1599" })
    }

    @Test func theBoundNeverCutsThePage() throws {
        var options = SearchOptions(limit: 50, offset: 0)
        options.ranking.proximityBudget = 3
        let results = try Self.index.search("alpha bravo charlie", options: options)
        #expect(results.hits.count == 50)
    }
}
