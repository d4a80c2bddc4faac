#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One collocate of a node word.
public struct CollocateScore: Sendable, Hashable {
    /// The collocate's most frequent spelling, lower-cased (`peacekeepers`).
    public var term: String
    /// The index term counted (`peacekeep`).
    public var stem: String
    /// Sketch Engine's logDice: `14 + log2(2 f(xy) / (f(x) + f(y)))`, at most 14.
    public var logDice: Double
    /// f(xy): occurrences within the window of the node (estimated for the whole corpus when
    /// the node was sampled; see ``CollocationOptions/sampleSize``).
    public var cooccurrences: Int
    /// f(y): the collocate's corpus frequency.
    public var frequency: Int
}

/// The collocates of a word.
public struct CollocationResult: Sendable, Hashable {
    /// The node as analysed (its index terms, `,`-joined).
    public var node: String
    /// f(x): the node's occurrences (in the language asked for, if any).
    public var nodeFrequency: Int
    /// By logDice, descending; ties by co-occurrences, then term.
    public var collocates: [CollocateScore]
    /// Documents containing the node (in the language asked for, if any).
    public var nodeDocuments: Int
    /// Documents whose node occurrences were counted: all of them, or a sample.
    public var documentsExamined: Int
    /// Node occurrences counted: `nodeFrequency`, or fewer when sampled.
    public var occurrencesExamined: Int

    /// Whether co-occurrences were counted in a sample and scaled up.
    public var isSampled: Bool { occurrencesExamined < nodeFrequency }
}

/// Options for ``SearchIndex/collocations(of:options:)``.
public struct CollocationOptions: Sendable, Hashable {
    /// Words on each side of the node.
    public var window: Int = 5
    /// Whether function words (`the`, `и`, `və`, `ve`, ...) count as collocates.
    public var includeStopwords: Bool = false
    /// Collocates seen fewer times (in the occurrences examined) are left out.
    public var minFrequency: Int = 2
    /// Only occurrences in documents of this language; nil for all.
    public var language: Language? = nil
    /// Node occurrences examined at most. A node occurring more often is examined at every
    /// k-th occurrence (in document id order, then position, from the first; k =
    /// ⌈occurrences / sampleSize⌉), and the co-occurrences found are scaled by occurrences /
    /// occurrences examined, so logDice estimates the whole corpus' value. Sampling
    /// occurrences rather than documents keeps one file that repeats the node a million
    /// times from being read whole, or from being skipped while a short article stands for it.
    public var sampleSize: Int = 5_000

    /// Options with the given window, stopword rule, frequency floor, language and sample size.
    public init(
        window: Int = 5, includeStopwords: Bool = false, minFrequency: Int = 2,
        language: Language? = nil, sampleSize: Int = 5_000
    ) {
        self.window = window
        self.includeStopwords = includeStopwords
        self.minFrequency = minFrequency
        self.language = language
        self.sampleSize = sampleSize
    }
}

extension SearchIndex {
    /// The words that co-occur with `word` within a window, ranked by logDice.
    ///
    /// The node is analysed as a search word (so `Stoltenberg` also counts `Столтенбергом`);
    /// collocates are counted by index term (stem) and shown by their commonest spelling.
    ///
    /// Method: the node's positions come from its postings (title and body; a window may
    /// reach from the title into the body). The words around them are read back from the
    /// text, tokenizing from the nearest checkpoint only the stretches the windows cover, and
    /// analysed as the index analysed them. Above ``CollocationOptions/sampleSize``
    /// occurrences, a sample of documents is read (see there).
    ///
    /// `cancellation` stops the counting once the answer is no longer wanted: the result is
    /// then incomplete, and the caller, which sees `cancellation.wasCancelled`, must not use it.
    public func collocations(
        of word: String, options: CollocationOptions = CollocationOptions(),
        cancellation: WorkCancellation? = nil
    ) -> CollocationResult {
        let nodeTerms = termIDs(forWord: word)
        let nodeSet = Set(nodeTerms)
        let window = max(1, options.window)
        let nodes = nodePositions(
            nodeTerms, language: options.language, cancellation: cancellation)
        let nodeFrequency = nodes.reduce(0) { $0 + $1.positions.count }
        let sampleSize = max(1, options.sampleSize)
        let stride =
            nodeFrequency > sampleSize ? (nodeFrequency + sampleSize - 1) / sampleSize : 1
        var examined = 0
        var occurrencesExamined = 0
        let counts = analyzers.withAnalyzer { analyzer in
            var counter = CollocateCounter(
                index: self, analyzer: analyzer, window: window, nodeTerms: nodeSet,
                includeStopwords: options.includeStopwords)
            var occurrence = 0  // the node's occurrences before this document's
            var sample: [Int] = []
            for (rank, node) in nodes.enumerated() {
                if rank & 63 == 63, cancellation?.isCancelled == true { break }
                // This document's occurrences at every stride-th place of the whole list.
                let first = (stride - occurrence % stride) % stride
                occurrence += node.positions.count
                guard first < node.positions.count else { continue }
                if stride == 1 {
                    sample = node.positions
                } else {
                    sample.removeAll(keepingCapacity: true)
                    for index in Swift.stride(from: first, to: node.positions.count, by: stride) {
                        sample.append(node.positions[index])
                    }
                }
                counter.count(document: node.document, nodes: sample)
                examined += 1
                occurrencesExamined += sample.count
            }
            return counter.counts
        }
        let dictionary = storage.dictionary
        let scale =
            occurrencesExamined > 0 ? Double(nodeFrequency) / Double(occurrencesExamined) : 1
        var collocates: [CollocateScore] = []
        for (term, together) in counts where together >= max(1, options.minFrequency) {
            let frequency = Int(dictionary.collectionFrequencies[term])
            let estimate = Double(together) * scale
            let dice = 14 + log2(2 * estimate / Double(nodeFrequency + frequency))
            let shown =
                surfaceForms(ofTerm: term).first.map {
                    Self.displayed($0.text, languages: dictionary.languages(ofTerm: term))
                } ?? dictionary.terms[term]
            collocates.append(
                CollocateScore(
                    term: shown, stem: dictionary.terms[term], logDice: dice,
                    cooccurrences: scale == 1 ? together : Int(estimate.rounded()),
                    frequency: frequency))
        }
        collocates.sort {
            if $0.logDice != $1.logDice { return $0.logDice > $1.logDice }
            if $0.cooccurrences != $1.cooccurrences { return $0.cooccurrences > $1.cooccurrences }
            return $0.term < $1.term
        }
        return CollocationResult(
            node: nodeTerms.filter { TermDictionary.isWord(dictionary.terms[$0]) }
                .map { dictionary.terms[$0] }.joined(separator: ","),
            nodeFrequency: nodeFrequency, collocates: collocates, nodeDocuments: nodes.count,
            documentsExamined: examined, occurrencesExamined: occurrencesExamined)
    }

    /// The positions of any of `terms` per document (id order, positions sorted, distinct);
    /// those found so far when `cancellation` stops it.
    func nodePositions(
        _ terms: [Int], language: Language?, cancellation: WorkCancellation? = nil
    ) -> [(document: Int, positions: [Int])] {
        var byDocument: [Int: [Int]] = [:]
        var positions: [UInt32] = []
        var visited = 0
        postings: for term in terms {
            for posting in storage.postings(ofTerm: term) {
                visited += 1
                if visited & 1023 == 0, cancellation?.isCancelled == true { break postings }
                let number = Int(posting.document)
                if let language, documents[number].lang != language { continue }
                positions.removeAll(keepingCapacity: true)
                storage.positions(of: posting, into: &positions)
                byDocument[number, default: []].append(contentsOf: positions.lazy.map(Int.init))
            }
        }
        return byDocument.keys.sorted().map { number in
            var list = byDocument[number]!
            if terms.count > 1 {
                list.sort()
                var unique: [Int] = []
                unique.reserveCapacity(list.count)
                for position in list where unique.last != position { unique.append(position) }
                list = unique
            }
            return (number, list)
        }
    }

    /// A collocate's most frequent spelling in lower case: `İ` as `i` (the default mapping
    /// gave `İlham` as `i̇lham`, an `i` with a combining dot that terminals draw as a stray
    /// mark), and `I` as `ı` when the word is only Turkish or Azerbaijani.
    static func displayed(_ spelling: String, languages: [Language]) -> String {
        let turkic =
            !languages.isEmpty && languages.allSatisfy { $0 == .turkish || $0 == .azerbaijani }
        var scalars = String.UnicodeScalarView()
        for scalar in spelling.unicodeScalars {
            switch scalar {
            case "\u{0130}": scalars.append("i")
            case "I" where turkic: scalars.append("\u{0131}")
            default: scalars.append(scalar)
            }
        }
        return String(scalars).lowercased()
    }
}
