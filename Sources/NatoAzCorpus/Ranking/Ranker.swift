/// Orders matching documents: BM25 over the query's words and phrases, times a proximity
/// multiplier, ties broken by document id (documents are numbered in id order).
struct Ranker {
    struct Ranked {
        var document: Int32
        var score: Double
    }

    let evaluator: QueryEvaluator
    let options: SearchOptions
    private let bm25: BM25

    init(evaluator: QueryEvaluator, options: SearchOptions) {
        self.evaluator = evaluator
        self.options = options
        bm25 = BM25(
            parameters: options.ranking, documentCount: evaluator.documents.count,
            averageLength: evaluator.storage.averageLength)
    }

    /// The best `limit` documents of `matching`, best first.
    ///
    /// Proximity needs positions, which are costly to decode, so it is computed lazily: documents
    /// are visited in BM25 order and the walk stops once even the largest proximity multiplier
    /// could not lift a document into the top `limit`. The result is exactly what scoring every
    /// document would give.
    func rank(_ matching: [Int32], limit: Int) -> [Ranked] {
        guard limit > 0, !matching.isEmpty else { return [] }
        var base = bm25Scores(matching)
        base.sort(by: Self.better)
        let parts = evaluator.scorables.count
        guard parts > 1, options.ranking.proximityBoost > 0 else {
            return Array(base.prefix(limit))
        }
        let ceiling = 1 + options.ranking.proximityBoost
        var top: [Ranked] = []
        for candidate in base {
            if top.count == limit, candidate.score * ceiling < top[limit - 1].score { break }
            let score = candidate.score * proximityMultiplier(candidate.document)
            let ranked = Ranked(document: candidate.document, score: score)
            let slot = top.firstIndex { Self.better(ranked, $0) } ?? top.count
            if slot < limit {
                top.insert(ranked, at: slot)
                if top.count > limit { top.removeLast() }
            }
        }
        return top
    }

    private static func better(_ a: Ranked, _ b: Ranked) -> Bool {
        a.score != b.score ? a.score > b.score : a.document < b.document
    }

    private func bm25Scores(_ matching: [Int32]) -> [Ranked] {
        var scores = [Double](repeating: 0, count: matching.count)
        let stats = evaluator.storage.stats
        func add(
            documentFrequency: Int, weight: Double,
            _ entries: some Sequence<(document: Int32, tf: UInt32, title: UInt32)>
        ) {
            let idf = bm25.idf(documentFrequency: documentFrequency) * weight
            var cursor = 0
            for entry in entries {
                while cursor < matching.count, matching[cursor] < entry.document { cursor += 1 }
                guard cursor < matching.count else { break }
                guard matching[cursor] == entry.document else { continue }
                scores[cursor] += bm25.score(
                    idf: idf, termFrequency: entry.tf, titleFrequency: entry.title,
                    length: stats[Int(entry.document)].length)
            }
        }
        for scorable in evaluator.scorables {
            switch scorable {
            case .group(let index):
                let group = evaluator.groups[index]
                add(
                    documentFrequency: group.entries.count, weight: group.weight,
                    group.entries.lazy.map { ($0.document, $0.termFrequency, $0.titleFrequency) })
            case .phrase(let index):
                let phrase = evaluator.phrases[index]
                add(
                    documentFrequency: phrase.entries.count, weight: 1,
                    phrase.entries.lazy.map {
                        ($0.document, UInt32($0.starts.count), $0.titleFrequency)
                    })
            }
        }
        return zip(matching, scores).map { Ranked(document: $0, score: $1) }
    }

    /// The positions of each query part in a document (empty for parts it lacks).
    func partPositions(_ document: Int32) -> [[UInt32]] {
        evaluator.scorables.map { scorable in
            switch scorable {
            case .group(let index):
                let group = evaluator.groups[index]
                guard let entry = group.entry(for: document) else { return [] }
                return group.positions(entry, index: evaluator.storage)
            case .phrase(let index):
                let phrase = evaluator.phrases[index]
                return phrase.entries.first { $0.document == document }?.starts ?? []
            }
        }
    }

    private func proximityMultiplier(_ document: Int32) -> Double {
        let present = partPositions(document).filter { !$0.isEmpty }
        guard present.count > 1, let window = Proximity.smallestWindow(present) else { return 1 }
        return Proximity.multiplier(
            window: window, parts: present.count, boost: options.ranking.proximityBoost)
    }

    /// Builds the hit for a ranked document, with snippet and highlights.
    func hit(document number: Int32, score: Double) -> SearchHit {
        let document = evaluator.documents[Int(number)]
        var hit = SearchHit(
            docID: document.id, score: score, title: document.title, date: document.date,
            lang: document.lang, source: document.source, snippet: "", snippetStart: 0,
            highlights: [], titleHighlights: [])
        guard options.snippets else { return hit }
        let matches = evaluator.matchedPositions(document: number)
        let bodyFirst = evaluator.storage.stats[Int(number)].bodyFirstPosition
        let snippet = SnippetBuilder.snippet(
            text: document.text, firstPosition: bodyFirst, matches: matches,
            length: options.snippetLength)
        hit.snippet = snippet.text
        hit.snippetStart = snippet.start
        hit.highlights = snippet.highlights
        if let title = document.title {
            hit.titleHighlights = SnippetBuilder.highlights(
                text: title, firstPosition: 0, matches: matches.filter { $0.position < bodyFirst })
        }
        return hit
    }
}
