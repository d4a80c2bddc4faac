import Testing

@testable import NatoAzCorpus

/// The search path skips through posting lists, decodes positions lazily and ranks only what
/// can reach the page; this checks it against the plainest possible evaluation of the same
/// compiled query on a generated corpus large enough for skip blocks (lists of thousands of
/// documents): every posting decoded, sets built with `Set`, every matching document scored
/// and fully sorted. Totals, hit order, exact scores and matched positions must agree.
@Suite struct ReferenceSearchTests {
    /// 1,500 documents stitched from runs of the seeds' words (each in its seed's language),
    /// with a few pseudo-words, titles, dates and sources, so common words fill long lists,
    /// Russian documents quote Latin names (words matching through several terms) and
    /// filters have something to select.
    static let documents: [Document] = {
        var random = FuzzyTermWalkTests.Generator(state: 7)
        let streams = SeedFixture.documents.map { document in
            (document.lang, document.text.split(whereSeparator: \.isWhitespace).map(String.init))
        }
        let latin = streams.filter { $0.0 == .english }.flatMap(\.1)
        let sources = ["AZERTAC", "Trend", "APA"]
        func run(_ words: [String], _ length: Int) -> String {
            let start = random.next(words.count - length)
            return words[start..<(start + length)].map { word in
                random.next(30) == 0 ? "zorv" + String(random.next(40)) : word
            }.joined(separator: " ")
        }
        return (0..<1_500).map { number in
            let (language, words) = streams[random.next(streams.count)]
            var paragraphs = (0..<(1 + random.next(4))).map { _ in
                run(words, 10 + random.next(40))
            }
            if language == .russian, random.next(3) == 0 { paragraphs.append(run(latin, 12)) }
            return Document(
                id: "g" + String(number + 10_000).dropFirst(),
                title: random.next(4) == 0 ? nil : run(words, 3 + random.next(6)),
                date: PartialDate(
                    year: 2018 + random.next(6), month: 1 + random.next(12),
                    day: 1 + random.next(28)),
                lang: language, source: sources[random.next(sources.count)],
                paragraphs: paragraphs)
        }
    }()

    // Five seeds are far below the posting limit: building cannot throw.
    static let index = try! SearchIndex(documents: documents)

    static let queries = [
        // single words: common (long lists, skip blocks), rare, cross-script, typos
        "nato", "the", "azerbaijan", "zorv7", "Столтенберг", "НАТО", "aliyev",
        "Stoltenbreg", "cooperatoin", "Azerbaijn", "afganistan",
        // two and more words: common with common, rare with common, cross-script
        "nato azerbaijan", "the of", "zorv3 the", "zorv12 nato", "НАТО azerbaijan",
        "president aliyev nato", "peace zorv5",
        // phrases
        "\"resolute support\"", "\"of the\"", "\"the nato\"", "\"миссии НАТО\"",
        "\"head of state\" nato", "\"zorv1 the\"",
        // prefixes
        "azerb*", "peace*", "nat*", "z*", "Стол*",
        // filters, exclusion, OR, grouping
        "nato lang:en", "lang:ru азербайджан", "date:2020..2021 nato", "the -nato",
        "-lang:en aliyev", "nato source:trend", "id:g01* the", "stoltenberg OR zorv2",
        "(nato OR azerbaijan) the -\"of the\"", "-zorv1 -zorv2 peace", "nato -the",
        "date:2019-03..2022-06 -lang:ru \"the nato\"", "lang:ru",
    ]

    @Test(arguments: queries)
    func searchAgreesWithTheReference(_ query: String) throws {
        let index = Self.index
        let reference = try Reference(index: index, query: query, options: SearchOptions())
        for options in [
            SearchOptions(limit: 10), SearchOptions(limit: 7, offset: 5),
            SearchOptions(limit: 2_000),
        ] {
            let results = try index.search(query, options: options)
            #expect(results.total == reference.ranked.count, "\(query): total")
            let expected = reference.ranked.dropFirst(options.offset).prefix(options.limit)
            #expect(
                results.hits.map(\.docID) == expected.map { index.documents[Int($0.document)].id },
                "\(query): order")
            #expect(results.hits.map(\.score) == expected.map(\.score), "\(query): scores")
        }
    }

    @Test(arguments: queries)
    func matchedPositionsAgreeWithTheReference(_ query: String) throws {
        let index = Self.index
        let reference = try Reference(index: index, query: query, options: SearchOptions())
        let evaluator = reference.evaluator
        index.storage.withPostings { source in
            for ranked in reference.ranked.prefix(40) {
                let document = ranked.document
                let found = evaluator.matchedPositions(document: document, source)
                var expected: [SnippetBuilder.Match] = []
                for (part, positions) in reference.partPositions(document).enumerated() {
                    for position in positions {
                        expected.append(.init(position: position, part: part))
                    }
                }
                #expect(found.map(\.position) == expected.map(\.position), "\(query)")
                #expect(found.map(\.part) == expected.map(\.part), "\(query)")
            }
        }
    }

    @Test func theCorpusExercisesSkipsAndMultiTermWords() {
        let index = Self.index
        let dictionary = index.dictionary
        let nato = try! #require(dictionary.termID("nato"))
        #expect(dictionary.documentFrequencies[nato] > UInt32(PostingSkips.blockSize * 4))
        #expect(!index.storage.skips.range(ofTerm: nato).isEmpty)
        // Russian documents quoting "NATO" in Latin have it under two terms.
        let key = try! #require(dictionary.termID(Analyzer.cyrillicKeyMark + "nato"))
        let latin = Set(index.postings(ofTerm: nato).map(\.document))
        #expect(index.postings(ofTerm: key).contains { latin.contains($0.document) })
    }

    @Test func cursorsSkipToEveryDocumentOfALongList() {
        let index = Self.index
        let id = try! #require(index.dictionary.termID("the"))
        let postings = index.postings(ofTerm: id)
        #expect(postings.count > PostingSkips.blockSize * 4)
        index.storage.withPostings { source in
            // Every target, in increasing steps of several sizes, lands on the first document
            // at or after it, with that document's positions.
            for stride in [1, 3, 64, 65, 200] {
                var cursor = source.cursor(ofTerm: id)
                var next = 0  // first posting at or after the target
                var target = 0
                var positions: [UInt32] = []
                while target <= (postings.last?.document ?? 0) + 1 {
                    while next < postings.count, postings[next].document < target { next += 1 }
                    let found = cursor.advance(to: Int32(target))
                    #expect(found == (next < postings.count))
                    if next < postings.count {
                        #expect(Int(cursor.document) == postings[next].document)
                        positions.removeAll()
                        cursor.positions(into: &positions)
                        #expect(positions.map(Int.init) == postings[next].positions)
                    }
                    target += stride
                }
            }
        }
    }
}

/// The plain evaluation: the compiled query's terms, every posting decoded into sets.
private struct Reference {
    let evaluator: QueryEvaluator
    let index: SearchIndex
    /// Per scorable: document -> sorted positions (groups) or phrase starts (phrases).
    let parts: [[Int32: [UInt32]]]
    let ranked: [Ranker.Ranked]

    init(index: SearchIndex, query: String, options: SearchOptions) throws {
        self.index = index
        let storage = index.storage
        var evaluator = QueryEvaluator(
            storage: storage, documents: index.documents,
            analyzer: Analyzer(options: index.analysisOptions), options: options,
            synonyms: index.synonyms)
        let plan = try evaluator.compile(QueryParser.parse(query))
        self.evaluator = evaluator

        func positions(of group: MatchGroup) -> [Int32: [UInt32]] {
            var union: [Int32: Set<UInt32>] = [:]
            for id in group.termIDs {
                for posting in index.postings(ofTerm: id) {
                    union[Int32(posting.document), default: []].formUnion(
                        posting.positions.map(UInt32.init))
                }
            }
            return union.mapValues { $0.sorted() }
        }
        func starts(of phrase: PhraseMatch) -> [Int32: [UInt32]] {
            let words = phrase.words.map(positions(of:))
            var result: [Int32: [UInt32]] = [:]
            for document in words[0].keys {
                var allowed: Set<UInt32>? = nil
                for (word, offset) in zip(words, phrase.offsets) {
                    let starts = Set(
                        (word[document] ?? []).filter { $0 >= offset }.map { $0 - UInt32(offset) })
                    allowed = allowed.map { $0.intersection(starts) } ?? starts
                }
                if let allowed, !allowed.isEmpty { result[document] = allowed.sorted() }
            }
            return result
        }
        let groupPositions = evaluator.groups.map(positions(of:))
        let phraseStarts = evaluator.phrases.map(starts(of:))

        func matching(_ plan: QueryEvaluator.Plan) -> Set<Int32> {
            switch plan {
            case .group(let index): return Set(groupPositions[index].keys)
            case .phrase(let index): return Set(phraseStarts[index].keys)
            case .nothing: return []
            case .filter(let filter): return Set(storage.filters.documents(matching: filter))
            case .not(let inner):
                return Set(0..<Int32(index.documents.count)).subtracting(matching(inner))
            case .or(let plans): return plans.reduce(into: []) { $0.formUnion(matching($1)) }
            case .and(let plans):
                return plans.reduce(Set(0..<Int32(index.documents.count))) {
                    $0.intersection(matching($1))
                }
            }
        }

        var parts: [[Int32: [UInt32]]] = []
        for scorable in evaluator.scorables {
            switch scorable {
            case .group(let index): parts.append(groupPositions[index])
            case .phrase(let index): parts.append(phraseStarts[index])
            }
        }
        self.parts = parts

        let bm25 = BM25(
            parameters: options.ranking, documentCount: index.documents.count,
            averageLength: storage.averageLength)
        var scored: [Ranker.Ranked] = []
        for document in matching(plan).sorted() {
            var score = 0.0
            for (number, scorable) in evaluator.scorables.enumerated() {
                guard let positions = parts[number][document] else { continue }
                let weight: Double
                switch scorable {
                case .group(let index): weight = evaluator.groups[index].weight
                case .phrase: weight = 1
                }
                let bodyFirst = storage.stats[Int(document)].bodyFirstPosition
                score += bm25.score(
                    idf: bm25.idf(documentFrequency: parts[number].count) * weight,
                    termFrequency: UInt32(positions.count),
                    titleFrequency: UInt32(positions.filter { $0 < bodyFirst }.count),
                    length: storage.stats[Int(document)].length)
            }
            let present = parts.compactMap { $0[document] }
            if parts.count > 1, options.ranking.proximityBoost > 0, present.count > 1,
                let window = Proximity.smallestWindow(present)
            {
                score *= Proximity.multiplier(
                    window: window, parts: present.count, boost: options.ranking.proximityBoost)
            }
            scored.append(Ranker.Ranked(document: document, score: score))
        }
        ranked = scored.sorted(by: Ranker.better)
    }

    func partPositions(_ document: Int32) -> [[UInt32]] {
        evaluator.scorables.enumerated().map { number, scorable in
            let positions = parts[number][document] ?? []
            switch scorable {
            case .group: return positions
            case .phrase(let index):
                let span = UInt32((evaluator.phrases[index].offsets.max() ?? 0) + 1)
                return positions.flatMap { start in (0..<span).map { start + $0 } }
            }
        }
    }
}
