/// A frequency list over the vocabulary.
public struct TermListQuery: Sendable, Hashable {
    /// Whether to count index terms (stems) or the words as written (folded).
    public enum Mode: Sendable, Hashable {
        /// Folded spellings: `Turkiye's` and `turkiye’s` count as one, `Turkiye` is another.
        case surface
        /// Index terms: `peacekeepers` and `peacekeeping` count as `peacekeep`.
        case stem
    }

    /// Only terms starting with this (folded like the index, so `Tür` = `tur`).
    public var prefix: String
    /// Only occurrences in documents of this language.
    public var language: Language?
    public var mode: Mode

    public init(prefix: String = "", language: Language? = nil, mode: Mode = .stem) {
        self.prefix = prefix
        self.language = language
        self.mode = mode
    }
}

/// One line of a frequency list.
public struct TermFrequency: Sendable, Hashable {
    public var term: String
    /// Occurrences.
    public var frequency: Int
    /// Documents containing it. For surface forms this is the documents containing the word's
    /// index term (spellings are counted, not indexed per document), an upper bound.
    public var documentFrequency: Int
}

extension SearchIndex {
    /// The frequency list: most frequent first, ties by term. Cross-script keys are not terms
    /// anyone reads, so they are left out; numbers are kept.
    public func termList(_ query: TermListQuery) -> [TermFrequency] {
        let dictionary = storage.dictionary
        let prefix = Folding.fold(query.prefix)
        let candidates =
            prefix.isEmpty ? 0..<dictionary.count : dictionary.termIDs(withPrefix: prefix)
        var lines: [TermFrequency] = []
        var surfaceLines: [String: Int] = [:]
        for id in candidates where TermDictionary.isWord(dictionary.terms[id]) {
            var frequency = Int(dictionary.collectionFrequencies[id])
            var documentFrequency = Int(dictionary.documentFrequencies[id])
            if let language = query.language {
                guard dictionary.languageMasks[id] & language.maskBit != 0 else { continue }
                if dictionary.languageMasks[id] != language.maskBit {
                    // Mixed languages: count this language's documents only.
                    frequency = 0
                    documentFrequency = 0
                    for posting in storage.postings(ofTerm: id)
                    where documents[Int(posting.document)].lang == language {
                        frequency += Int(posting.termFrequency)
                        documentFrequency += 1
                    }
                }
            }
            switch query.mode {
            case .stem:
                lines.append(
                    TermFrequency(
                        term: dictionary.terms[id], frequency: frequency,
                        documentFrequency: documentFrequency))
            case .surface:
                let forms = storage.surfaceForms[id]
                let total = max(1, forms.reduce(0) { $0 + $1.count })
                for form in forms {
                    let folded = Folding.fold(form.text)
                    guard folded.hasPrefix(prefix) else { continue }
                    // A language filter scales the spelling's count by the term's share.
                    let count =
                        frequency == Int(dictionary.collectionFrequencies[id])
                        ? form.count : form.count * frequency / total
                    guard count > 0 else { continue }
                    if let line = surfaceLines[folded] {
                        lines[line].frequency += count
                        lines[line].documentFrequency = max(
                            lines[line].documentFrequency, documentFrequency)
                    } else {
                        surfaceLines[folded] = lines.count
                        lines.append(
                            TermFrequency(
                                term: folded, frequency: count,
                                documentFrequency: documentFrequency))
                    }
                }
            }
        }
        return lines.sorted {
            $0.frequency != $1.frequency ? $0.frequency > $1.frequency : $0.term < $1.term
        }
    }
}
