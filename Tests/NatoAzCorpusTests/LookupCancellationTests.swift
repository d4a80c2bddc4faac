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

    /// Session 13's QA: the matching documents were all found before the first poll (most
    /// of the 1 s bound for a Kwic of 64 OR'd words at 100k articles). Stopped while finding
    /// them, a concordance keeps none: those found are not the first ones in id order.
    @Test func aConcordanceOfAnOrStopsWhileFindingItsDocuments() throws {
        let query = "alliance OR partners OR exercise"
        #expect(try Self.index.concordance(query, limit: 5).total == 12_000)
        let token = WorkCancellation(cancelAtPoll: 2)
        let stopped = try Self.index.concordance(query, limit: 5, cancellation: token)
        #expect(token.wasCancelled)
        #expect(stopped.total == 0)
        #expect(stopped.lines.isEmpty)
    }

    /// A search polls while finding its documents too (64 OR'd phrases of common words took
    /// 3.7 s at 100k articles before the ranking's first poll): stopped after the first part
    /// of the OR, it has not counted the others' documents.
    @Test func aSearchOfAnOrStopsWhileFindingItsDocuments() throws {
        let query = "1 OR 2 OR 3"
        #expect(try Self.index.search(query).total == 858)
        let token = WorkCancellation(cancelAtPoll: 2)
        let stopped = try Self.index.search(query, cancellation: token)
        #expect(stopped.isCancelled)
        #expect(stopped.total == 286)
    }

    /// Stopped before its second phrase was resolved, a ranking resolves it no more: its
    /// proximity pass did, for every phrase not reached (1 s past the bound for 64 OR'd
    /// phrases at 100k articles).
    @Test func aStoppedRankingResolvesNoMorePhrases() throws {
        let index = Self.index
        let node = try QueryParser.parse("\"the alliance\" OR \"alliance met\"")
        try index.analyzers.withAnalyzer { analyzer throws(QueryError) in
            var evaluator = QueryEvaluator(
                storage: index.storage, documents: index.documents, analyzer: analyzer,
                options: SearchOptions())
            let plan = try evaluator.compile(node)
            let token = WorkCancellation(cancelAtPoll: 2)
            evaluator.cancellation = token
            index.storage.withPostings { [evaluator] source in
                let matching = evaluator.evaluate(plan, source)
                var ranker = Ranker(evaluator: evaluator, options: SearchOptions(), source: source)
                ranker.cancellation = token
                #expect(ranker.rank(matching, limit: 10).isEmpty)
                #expect(evaluator.phrases.map(\.isResolved) == [true, false])
            }
        }
    }

    @Test func aSimilarDocumentRankingStops() {
        let token = WorkCancellation()
        token.cancel()
        _ = Self.index.similarDocuments(to: 0, cancellation: token)
        #expect(token.wasCancelled)
        let finished = WorkCancellation(deadline: ContinuousClock.now + .seconds(3600))
        #expect(
            Self.index.similarDocuments(to: 0, cancellation: finished)
                == Self.index.similarDocuments(to: 0))
        #expect(!finished.wasCancelled)
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

    /// Session 13's QA: one phrase was resolved whole before the next poll, so a bound could
    /// be overshot by one part of a query (`"the the"`: up to 250 ms at 100k articles). Its
    /// resolution polls too: stopped at the first poll, a search has not counted them all
    /// and a concordance keeps no document.
    @Test func aPhraseStopsWhileItIsResolved() throws {
        let phrase = "\"the alliance\""
        #expect(try Self.index.search(phrase).total == 2_000)
        let token = WorkCancellation(cancelAtPoll: 1)
        let stopped = try Self.index.search(phrase, cancellation: token)
        #expect(stopped.isCancelled)
        #expect(stopped.total < 2_000)

        let kwicToken = WorkCancellation(cancelAtPoll: 1)
        let kwic = try Self.index.concordance(phrase, limit: 5, cancellation: kwicToken)
        #expect(kwicToken.wasCancelled)
        #expect(kwic.total == 0)
    }

    /// Session 13's QA: Entities had no bound. Reading back an entity's mention lines
    /// decompresses the text of every document they are in, and listing the entities of one
    /// document looks at every entity: both poll.
    @Test func entityLookupsStop() {
        let documents = (0..<600).map { number in
            Document(
                id: "doc\(10_000 + number)", title: "Report", lang: .english,
                paragraphs: [
                    "President Ilham Aliyev met the Defence Minister Zakir Hasanov on day "
                        + "\(number)."
                ])
        }
        let index = try! SearchIndex(documents: documents)
        let entities = EntityIndex(index: index, table: EntityTable())
        guard let aliyev = entities.entity(named: "Ilham Aliyev") else {
            Issue.record("no entity Ilham Aliyev")
            return
        }
        #expect(entities.mentions(of: aliyev).count == 600)
        let token = WorkCancellation(cancelAtPoll: 1)
        #expect(entities.mentions(of: aliyev, cancellation: token).count < 600)
        #expect(token.wasCancelled)

        #expect(entities.entities(ofDocument: "doc10007").count == 2)
        let listToken = WorkCancellation()
        listToken.cancel()
        #expect(entities.entities(ofDocument: "doc10007", cancellation: listToken).isEmpty)
        let unfired = WorkCancellation(deadline: ContinuousClock.now + .seconds(3600))
        #expect(
            entities.mentions(of: aliyev, cancellation: unfired) == entities.mentions(of: aliyev))
        #expect(!unfired.wasCancelled)
    }
}
