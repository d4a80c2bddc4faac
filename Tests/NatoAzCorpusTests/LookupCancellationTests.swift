import Testing

@testable import NatoAzCorpus

/// Regression: a concordance or collocation count of a common word (about a second at 100k
/// articles) kept its worker thread after its deadline had passed or its client had gone; only
/// search polled its `WorkCancellation`. Both now stop early.
@Suite struct LookupCancellationTests {
    /// 2,000 documents, each with the node word three times among others.
    private static let index: SearchIndex = {
        let documents = (0..<2_000).map { number in
            Document(
                id: "doc\(10_000 + number)", title: "Report", lang: .english,
                paragraphs: [
                    "The alliance met partners. Partners of the alliance spoke; the alliance "
                        + "agreed on exercise \(number % 7)."
                ])
        }
        return try! SearchIndex(documents: documents)
    }()

    @Test func aConcordanceStopsAtItsFirstPoll() throws {
        let full = try Self.index.concordance("alliance", limit: 5)
        #expect(full.total == 6_000)

        let token = WorkCancellation(cancelAtPoll: 1)
        let stopped = try Self.index.concordance("alliance", limit: 5, cancellation: token)
        #expect(token.wasCancelled)
        #expect(stopped.total < full.total)
    }

    @Test func aConcordanceSortedByContextStopsToo() throws {
        let token = WorkCancellation(cancelAtPoll: 2)
        let stopped = try Self.index.concordance(
            "alliance", order: .left, limit: 5, cancellation: token)
        #expect(token.wasCancelled)
        #expect(stopped.total < 6_000)
    }

    @Test func aCollocationCountStopsAtItsFirstPoll() {
        let full = Self.index.collocations(of: "alliance")
        #expect(full.nodeDocuments == 2_000)
        #expect(full.nodeFrequency == 6_000)

        let token = WorkCancellation(cancelAtPoll: 1)
        let stopped = Self.index.collocations(of: "alliance", cancellation: token)
        #expect(token.wasCancelled)
        #expect(stopped.nodeDocuments < full.nodeDocuments)
    }

    @Test func aTokenThatNeverFiresChangesNothing() throws {
        let token = WorkCancellation(deadline: ContinuousClock.now + .seconds(3600))
        #expect(
            try Self.index.concordance("alliance", order: .right, limit: 20, cancellation: token)
                == (try Self.index.concordance("alliance", order: .right, limit: 20)))
        #expect(
            Self.index.collocations(of: "alliance", cancellation: token)
                == Self.index.collocations(of: "alliance"))
        #expect(!token.wasCancelled)
    }
}
