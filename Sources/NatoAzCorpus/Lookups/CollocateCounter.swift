/// Counts the index terms around node positions, reading back only the stretches of text the
/// windows cover (see ``BodyWords``) and analysing each distinct spelling once.
struct CollocateCounter {
    let index: SearchIndex
    /// Borrowed from the index's pool for the counter's lifetime.
    let analyzer: Analyzer
    let window: Int
    let nodeTerms: Set<Int>
    let includeStopwords: Bool
    /// Co-occurrences per term.
    private(set) var counts: [Int: Int] = [:]

    private struct SpellingKey: Hashable {
        var surface: String
        var baseLength: Int
        var language: Language
    }

    /// A spelling's primary term (nil when the index lacks it) and whether it is a stopword.
    private var analysed: [SpellingKey: (term: Int?, stopword: Bool)] = [:]
    private var terms: [String] = []

    init(
        index: SearchIndex, analyzer: Analyzer, window: Int, nodeTerms: Set<Int>,
        includeStopwords: Bool
    ) {
        self.index = index
        self.analyzer = analyzer
        self.window = window
        self.nodeTerms = nodeTerms
        self.includeStopwords = includeStopwords
    }

    /// Adds the co-occurrences around `nodes` (sorted positions) in document `number`.
    mutating func count(document number: Int, nodes: [Int]) {
        guard let firstNode = nodes.first, let lastNode = nodes.last else { return }
        let document = index.documents[number]
        let bodyFirst = index.bodyFirstPosition(ofDocument: number)
        // Position -> (term, stopword) for every word a window covers; title and body.
        var slots: [Int: (term: Int?, stopword: Bool)] = [:]
        if firstNode - window < bodyFirst, let title = document.title {
            var title = title
            title.withUTF8 { bytes in
                for token in WordTokenizer.tokenize(utf8: bytes) where token.kind == .word {
                    slots[token.position] = analyse(token, bytes, document.lang)
                }
            }
        }
        if lastNode + window >= bodyFirst {
            var text = document.text
            text.withUTF8 { body in
                var words = BodyWords()
                for range in Self.windows(nodes, window: window, from: bodyFirst) {
                    if !words.covers(range) {
                        words = BodyWords(
                            index: index, document: number, body: body, covering: range)
                    }
                    for position in range where slots[position] == nil {
                        guard let token = words.word(at: position) else { continue }
                        slots[position] = analyse(token, body, document.lang)
                    }
                }
            }
        }
        for node in nodes {
            for other in (node - window)...(node + window) where other != node {
                guard let slot = slots[other], let term = slot.term, !nodeTerms.contains(term)
                else { continue }
                if !includeStopwords, slot.stopword { continue }
                counts[term, default: 0] += 1
            }
        }
    }

    /// The body stretches the windows around `nodes` cover, merged where they overlap.
    static func windows(_ nodes: [Int], window: Int, from bodyFirst: Int) -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        for node in nodes {
            let lower = max(bodyFirst, node - window)
            let upper = node + window
            guard upper >= lower else { continue }
            if let last = ranges.last, lower <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, upper)
            } else {
                ranges.append(lower...upper)
            }
        }
        return ranges
    }

    private mutating func analyse(
        _ token: WordToken, _ bytes: UnsafeBufferPointer<UInt8>, _ language: Language
    ) -> (term: Int?, stopword: Bool) {
        let key = SpellingKey(
            surface: String(Analyzer.string(bytes, token.start, token.end)),
            baseLength: token.baseEnd - token.start, language: language)
        if let known = analysed[key] { return known }
        terms.removeAll(keepingCapacity: true)
        analyzer.documentTerms(token: token, in: bytes, language: language, into: &terms)
        let folded = Folding.fold(Analyzer.string(bytes, token.start, token.baseEnd))
        let result = (
            term: terms.first.flatMap { index.storage.dictionary.termID($0) },
            stopword: Stopwords.contains(folded)
        )
        analysed[key] = result
        return result
    }
}
