/// Lower-level access for corpus lookups (concordance, frequencies, collocations, suggest,
/// similar documents), so they use exactly the analysis search uses.
///
/// Document numbers index ``SearchIndex/documents`` (id order). Positions are the index's
/// token positions: title tokens from 0, then the body from ``bodyFirstPosition(ofDocument:)``.
/// Byte offsets are UTF-8 offsets into the title or into ``Document/text``.
extension SearchIndex {
    /// The number of the document with this id.
    public func documentNumber(id: String) -> Int? {
        documents.number(ofID: id)
    }

    /// Where the body's positions start in a document (title positions lie below).
    public func bodyFirstPosition(ofDocument number: Int) -> Int {
        Int(storage.stats[number].bodyFirstPosition)
    }

    /// The words of a document's title and body with their index positions and byte offsets
    /// (``WordToken/Kind/compound`` tokens included; they repeat their first part's position).
    public func wordTokens(ofDocument number: Int) -> (title: [WordToken], body: [WordToken]) {
        let document = documents[number]
        let title = document.title.map { WordTokenizer.tokenize($0) } ?? []
        let body = WordTokenizer.tokenize(
            document.text, firstPosition: bodyFirstPosition(ofDocument: number))
        return (title, body)
    }

    /// The terms a query word matches, as search analyses it: its stems in the corpus'
    /// languages and its cross-script keys (no prefix or typo expansion). Only terms the
    /// corpus has are returned.
    public func termIDs(forWord word: String) -> [Int] {
        var word = word
        return analyzers.withAnalyzer { analyzer in
            word.withUTF8 { bytes in
                var ids: [Int] = []
                for token in WordTokenizer.tokenize(utf8: bytes) {
                    let typed = analyzer.queryTerms(
                        token: token, in: bytes, corpusLanguages: storage.languages)
                    let known = typed.contains { storage.dictionary.termID($0) != nil }
                    for term in typed
                        + analyzer.respelledTurkicTerms(
                            token: token, in: bytes, corpusLanguages: storage.languages,
                            typedWordIsKnown: known)
                    {
                        if let id = storage.dictionary.termID(term), !ids.contains(id) {
                            ids.append(id)
                        }
                    }
                }
                return ids
            }
        }
    }

    /// The documents containing a term, with the term's positions in each.
    public func postings(ofTerm id: Int) -> [TermPosting] {
        storage.postings(ofTerm: id).map { posting in
            var positions: [UInt32] = []
            storage.positions(of: posting, into: &positions)
            return TermPosting(document: Int(posting.document), positions: positions.map(Int.init))
        }
    }

    /// The original spellings a term was indexed from, most frequent first (empty for
    /// cross-script keys and compound forms).
    public func surfaceForms(ofTerm id: Int) -> [SurfaceForm] {
        Array(storage.surfaceForms[id])
    }

    /// How often each term occurs in a document (re-analysed on demand; nothing per document
    /// is kept besides the postings).
    public func termFrequencies(ofDocument number: Int) -> [Int: Int] {
        let document = documents[number]
        return analyzers.withAnalyzer { analyzer in
            var frequencies: [Int: Int] = [:]
            var terms: [String] = []
            func add(_ text: String, from firstPosition: Int) {
                var text = text
                text.withUTF8 { bytes in
                    for token in WordTokenizer.tokenize(utf8: bytes, firstPosition: firstPosition) {
                        terms.removeAll(keepingCapacity: true)
                        analyzer.documentTerms(
                            token: token, in: bytes, language: document.lang, into: &terms)
                        for term in terms {
                            if let id = storage.dictionary.termID(term) {
                                frequencies[id, default: 0] += 1
                            }
                        }
                    }
                }
            }
            if let title = document.title { add(title, from: 0) }
            add(document.text, from: bodyFirstPosition(ofDocument: number))
            return frequencies
        }
    }

    /// Every document a query matches (in id order) with the spans of its matched words, the
    /// basis for a concordance. Same query language and errors as ``search(_:options:)``.
    public func matches(_ query: String, fuzzy: Bool = true) throws(QueryError)
        -> [DocumentMatches]
    {
        let node = try QueryParser.parse(query)
        return try analyzers.withAnalyzer { analyzer throws(QueryError) -> [DocumentMatches] in
            var evaluator = QueryEvaluator(
                storage: storage, documents: documents, analyzer: analyzer,
                options: SearchOptions(fuzzy: fuzzy), synonyms: synonyms,
                inflectedNames: inflectedNames)
            let plan = try evaluator.compile(node)
            return storage.withPostings { [evaluator] source in
                evaluator.evaluate(plan, source).map { number in
                    let matches = evaluator.matchedPositions(document: number, source)
                    var parts: [Int: Int] = [:]
                    for match in matches where parts[Int(match.position)] == nil {
                        parts[Int(match.position)] = match.part
                    }
                    let (title, body) = wordTokens(ofDocument: Int(number))
                    var spans: [MatchSpan] = []
                    for (field, tokens) in [(MatchSpan.Field.title, title), (.body, body)] {
                        for token in tokens where token.kind == .word {
                            guard let part = parts[token.position] else { continue }
                            spans.append(
                                MatchSpan(
                                    field: field, start: token.start, end: token.end,
                                    position: token.position, part: part))
                        }
                    }
                    return DocumentMatches(
                        documentNumber: Int(number), docID: documents[Int(number)].id, spans: spans)
                }
            }
        }
    }
}

/// A term's occurrences in one document.
public struct TermPosting: Sendable, Hashable {
    /// Document number (index into ``SearchIndex/documents``).
    public var document: Int
    /// Token positions, increasing.
    public var positions: [Int]
}

/// Where a query matched in one document.
public struct DocumentMatches: Sendable, Hashable {
    /// Document number (index into ``SearchIndex/documents``).
    public var documentNumber: Int
    /// The document's id.
    public var docID: String
    /// Matched words, title first, each in text order.
    public var spans: [MatchSpan]
}

/// One matched word.
public struct MatchSpan: Sendable, Hashable {
    /// Which text of the document a span is in.
    public enum Field: Sendable, Hashable {
        case title
        case body
    }

    /// The title or the body.
    public var field: Field
    /// UTF-8 byte offsets into the title or into ``Document/text``: `start..<end`.
    public var start: Int
    /// The offset just past the word's last byte.
    public var end: Int
    /// The word's index position.
    public var position: Int
    /// Which word or phrase of the query matched (0-based, in query order, excluded ones
    /// not counted).
    public var part: Int
}
