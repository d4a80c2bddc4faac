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
    /// f(xy): occurrences within the window of the node.
    public var cooccurrences: Int
    /// f(y): the collocate's corpus frequency.
    public var frequency: Int
}

/// The collocates of a word.
public struct CollocationResult: Sendable, Hashable {
    /// The node as analysed (its index terms, `,`-joined).
    public var node: String
    /// f(x): the node's occurrences (in the documents considered).
    public var nodeFrequency: Int
    /// By logDice, descending; ties by co-occurrences, then term.
    public var collocates: [CollocateScore]
    /// Documents examined; less than the documents containing the node when the cap cut in.
    public var documentsExamined: Int
}

/// Options for ``SearchIndex/collocations(of:options:)``.
public struct CollocationOptions: Sendable, Hashable {
    /// Words on each side of the node.
    public var window: Int = 5
    public var includeStopwords: Bool = false
    /// Collocates seen fewer times are left out.
    public var minFrequency: Int = 2
    public var language: Language? = nil
    /// At most this many documents containing the node are re-read (each is tokenized again,
    /// the index keeps no forward lists); the first ones in id order.
    public var maxDocuments: Int = 5_000

    public init(
        window: Int = 5, includeStopwords: Bool = false, minFrequency: Int = 2,
        language: Language? = nil, maxDocuments: Int = 5_000
    ) {
        self.window = window
        self.includeStopwords = includeStopwords
        self.minFrequency = minFrequency
        self.language = language
        self.maxDocuments = maxDocuments
    }
}

extension SearchIndex {
    /// The words that co-occur with `word` within a window, ranked by logDice.
    ///
    /// The node is analysed as a search word (so `Stoltenberg` also counts `Столтенбергом`);
    /// collocates are counted by index term (stem) and shown by their commonest spelling.
    public func collocations(of word: String, options: CollocationOptions = CollocationOptions())
        -> CollocationResult
    {
        let nodeTerms = termIDs(forWord: word)
        let nodeSet = Set(nodeTerms)
        var nodePositions: [Int: Set<Int>] = [:]
        for term in nodeTerms {
            for posting in postings(ofTerm: term) {
                if let language = options.language, documents[posting.document].lang != language {
                    continue
                }
                nodePositions[posting.document, default: []].formUnion(posting.positions)
            }
        }
        let window = max(1, options.window)
        let examined = nodePositions.keys.sorted().prefix(max(1, options.maxDocuments))
        var nodeFrequency = 0
        var counts: [Int: Int] = [:]
        for number in examined {
            let nodes = nodePositions[number]!
            nodeFrequency += nodes.count
            let terms = positionTerms(ofDocument: number)
            for position in nodes {
                for other in (position - window)...(position + window) where other != position {
                    guard let (term, folded) = terms[other], !nodeSet.contains(term) else {
                        continue
                    }
                    if !options.includeStopwords, Stopwords.contains(folded) { continue }
                    counts[term, default: 0] += 1
                }
            }
        }
        let dictionary = storage.dictionary
        var collocates: [CollocateScore] = []
        for (term, together) in counts where together >= max(1, options.minFrequency) {
            let frequency = Int(dictionary.collectionFrequencies[term])
            let dice = 14 + log2(2 * Double(together) / Double(nodeFrequency + frequency))
            let shown =
                surfaceForms(ofTerm: term).first?.text.lowercased() ?? dictionary.terms[term]
            collocates.append(
                CollocateScore(
                    term: shown, stem: dictionary.terms[term], logDice: dice,
                    cooccurrences: together, frequency: frequency))
        }
        collocates.sort {
            if $0.logDice != $1.logDice { return $0.logDice > $1.logDice }
            if $0.cooccurrences != $1.cooccurrences { return $0.cooccurrences > $1.cooccurrences }
            return $0.term < $1.term
        }
        return CollocationResult(
            node: nodeTerms.filter { TermDictionary.isWord(dictionary.terms[$0]) }
                .map { dictionary.terms[$0] }.joined(separator: ","),
            nodeFrequency: nodeFrequency, collocates: collocates,
            documentsExamined: examined.count)
    }

    /// Each word position of a document with its primary term and folded spelling.
    func positionTerms(ofDocument number: Int) -> [Int: (Int, String)] {
        let document = documents[number]
        return analyzers.withAnalyzer { analyzer in
            var result: [Int: (Int, String)] = [:]
            var terms: [String] = []
            func add(_ text: String, from firstPosition: Int) {
                var text = text
                text.withUTF8 { bytes in
                    for token in WordTokenizer.tokenize(utf8: bytes, firstPosition: firstPosition)
                    where token.kind == .word {
                        terms.removeAll(keepingCapacity: true)
                        analyzer.documentTerms(
                            token: token, in: bytes, language: document.lang, into: &terms)
                        guard let primary = terms.first,
                            let id = storage.dictionary.termID(primary)
                        else { continue }
                        let folded = Folding.fold(
                            Analyzer.string(bytes, token.start, token.baseEnd))
                        result[token.position] = (id, folded)
                    }
                }
            }
            if let title = document.title { add(title, from: 0) }
            add(document.text, from: bodyFirstPosition(ofDocument: number))
            return result
        }
    }
}
