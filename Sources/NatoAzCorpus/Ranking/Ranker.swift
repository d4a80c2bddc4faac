/// Orders matching documents: BM25 over the query's words and phrases, times a proximity
/// multiplier, ties broken by document id (documents are numbered in id order).
struct Ranker {
    struct Ranked {
        var document: Int32
        var score: Double
    }

    let evaluator: QueryEvaluator
    let options: SearchOptions
    let source: PostingSource
    /// Polled between documents; once cancelled, `rank` returns what it has (the caller checks).
    var cancellation: WorkCancellation?
    private let bm25: BM25

    init(evaluator: QueryEvaluator, options: SearchOptions, source: PostingSource) {
        self.evaluator = evaluator
        self.options = options
        self.source = source
        bm25 = BM25(
            parameters: options.ranking, documentCount: evaluator.documents.count,
            averageLength: evaluator.storage.averageLength)
    }

    /// The best `limit` documents of `matching`, best first.
    ///
    /// Proximity needs positions, which are costly to decode, so it is computed lazily: documents
    /// are visited in BM25 order and the walk stops once even the largest proximity multiplier
    /// could not lift a document into the top `limit`. The result is exactly what scoring every
    /// document would give, unless more than `proximityBudget / parts` documents could still
    /// reach the top: then only that many, the best by BM25, get the boost, and the ranking is
    /// exact among those leaders (64 common words at 100k articles decoded positions for 4 s
    /// before this bound).
    func rank(_ matching: [Int32], limit: Int) -> [Ranked] {
        guard limit > 0, !matching.isEmpty else { return [] }
        let base = bm25Scores(matching)
        // Stopped while finding the documents or scoring them: the phrases not reached are
        // not resolved yet, and the proximity pass would resolve them all (1 s more for 64
        // OR'd phrases at 100k articles) for an answer nobody uses.
        if cancellation?.wasCancelled == true { return [] }
        let parts = evaluator.scorables.count
        guard parts > 1, options.ranking.proximityBoost > 0 else {
            return Self.best(base, count: limit)
        }
        // The final score lies between bm25 and bm25 * ceiling, so the k-th best bm25 bounds
        // the k-th best final score from below: only documents within `ceiling` of it can
        // still reach the top. Those are sorted and visited until none can.
        let ceiling = 1 + options.ranking.proximityBoost
        let floor = (Self.best(base, count: limit).last?.score ?? 0) / ceiling
        var candidates = base.filter { $0.score >= floor }
        candidates.sort(by: Self.better)
        var top = BoundedHeap(capacity: limit)
        let visitable = max(limit, options.ranking.proximityBudget / parts)
        for (visited, candidate) in candidates.prefix(visitable).enumerated() {
            if top.isFull, let worst = top.worst, candidate.score * ceiling < worst.score { break }
            // Proximity decodes positions: with many common words it is most of the work.
            if visited & 255 == 255, cancellation?.isCancelled == true { break }
            let score = candidate.score * proximityMultiplier(candidate.document)
            top.insert(Ranked(document: candidate.document, score: score))
        }
        return top.sorted()
    }

    /// The `count` best of `items`, best first, in O(n log count).
    static func best(_ items: [Ranked], count: Int) -> [Ranked] {
        if items.count <= count { return items.sorted(by: better) }
        var heap = BoundedHeap(capacity: count)
        for item in items { heap.insert(item) }
        return heap.sorted()
    }

    /// Keeps the best `capacity` items seen; its root is the worst kept one, so a newcomer is
    /// compared with one item and inserted in O(log capacity). Paging deep (a large offset)
    /// therefore stays O(n log k), never quadratic.
    struct BoundedHeap {
        let capacity: Int
        private var items: [Ranked] = []

        init(capacity: Int) {
            self.capacity = capacity
            items.reserveCapacity(min(capacity, 4_096))
        }

        var isFull: Bool { items.count >= capacity }
        var worst: Ranked? { items.first }

        mutating func insert(_ item: Ranked) {
            if items.count < capacity {
                items.append(item)
                var child = items.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard Ranker.better(items[parent], items[child]) else { break }
                    items.swapAt(parent, child)
                    child = parent
                }
            } else if let root = items.first, Ranker.better(item, root) {
                items[0] = item
                var parent = 0
                while true {
                    let left = 2 * parent + 1
                    let right = left + 1
                    var worst = parent
                    if left < items.count, Ranker.better(items[worst], items[left]) { worst = left }
                    if right < items.count, Ranker.better(items[worst], items[right]) {
                        worst = right
                    }
                    if worst == parent { break }
                    items.swapAt(parent, worst)
                    parent = worst
                }
            }
        }

        func sorted() -> [Ranked] { items.sorted(by: Ranker.better) }
    }

    static func better(_ a: Ranked, _ b: Ranked) -> Bool {
        a.score != b.score ? a.score > b.score : a.document < b.document
    }

    private func bm25Scores(_ matching: [Int32]) -> [Ranked] {
        var scores = [Double](repeating: 0, count: matching.count)
        let stats = evaluator.storage.stats
        for scorable in evaluator.scorables {
            if cancellation?.isCancelled == true { break }
            switch scorable {
            case .group(let index):
                // Probed at the matching documents only: a common word's list is skipped
                // through, not decoded.
                let group = evaluator.groups[index]
                let idf =
                    bm25.idf(documentFrequency: group.documentFrequency(source)) * group.weight
                var probe = group.probe(source)
                for (slot, document) in matching.enumerated() {
                    guard let entry = probe.entry(at: document) else { continue }
                    scores[slot] += bm25.score(
                        idf: idf, termFrequency: entry.termFrequency,
                        titleFrequency: entry.titleFrequency, length: stats[Int(document)].length)
                }
            case .phrase(let index):
                let phrase = evaluator.phrases[index]
                let entries = phrase.resolve(source)
                let idf = bm25.idf(documentFrequency: entries.count)
                var cursor = 0
                for entry in entries {
                    while cursor < matching.count, matching[cursor] < entry.document { cursor += 1 }
                    guard cursor < matching.count else { break }
                    guard matching[cursor] == entry.document else { continue }
                    scores[cursor] += bm25.score(
                        idf: idf, termFrequency: UInt32(entry.startCount),
                        titleFrequency: entry.titleFrequency,
                        length: stats[Int(entry.document)].length)
                }
            }
        }
        var ranked: [Ranked] = []
        ranked.reserveCapacity(matching.count)
        for (slot, document) in matching.enumerated() {
            ranked.append(Ranked(document: document, score: scores[slot]))
        }
        return ranked
    }

    /// The positions of each query part in a document (empty for parts it lacks).
    func partPositions(_ document: Int32) -> [[UInt32]] {
        evaluator.scorables.map { scorable in
            switch scorable {
            case .group(let index):
                return evaluator.groups[index].positions(in: document, source)
            case .phrase(let index):
                let phrase = evaluator.phrases[index]
                return phrase.entry(for: document, source).map { Array(phrase.starts(of: $0)) }
                    ?? []
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
        let matches = evaluator.matchedPositions(document: number, source)
        let bodyFirst = evaluator.storage.stats[Int(number)].bodyFirstPosition
        let snippet = bodySnippet(document, number: number, matches: matches, bodyFirst: bodyFirst)
        hit.snippet = snippet.text
        hit.snippetStart = snippet.start
        hit.highlights = snippet.highlights
        if let title = document.title {
            hit.titleHighlights = SnippetBuilder.highlights(
                text: title, firstPosition: 0, matches: matches.filter { $0.position < bodyFirst })
        }
        return hit
    }

    /// Re-tokenizes only the stretch of the body around the best matches: from the checkpoint
    /// before it, to a little past the window.
    private func bodySnippet(
        _ document: Document, number: Int32, matches: [SnippetBuilder.Match], bodyFirst: UInt32
    ) -> SnippetBuilder.Snippet {
        let length = max(1, options.snippetLength)
        let window = UInt32(max(8, length / 6))
        let bodyMatches = matches.filter { $0.position >= bodyFirst }
        let anchor = SnippetBuilder.anchor(matches: bodyMatches, window: window) ?? bodyFirst
        let start = max(bodyFirst, anchor >= window / 4 ? anchor - window / 4 : 0)
        let checkpoint =
            evaluator.storage.checkpoint(document: Int(number), atOrBefore: start)
            ?? Checkpoint(position: bodyFirst, byteOffset: 0)
        let text = document.text
        // The words up to a little past the window; the tokenizer stops there.
        let words = Int(anchor - checkpoint.position + window + window / 2) + 8
        return SnippetBuilder.snippet(
            text: text, byteRange: Int(checkpoint.byteOffset)..<text.utf8.count,
            firstPosition: checkpoint.position, matches: bodyMatches, length: length,
            maxWords: words)
    }
}
