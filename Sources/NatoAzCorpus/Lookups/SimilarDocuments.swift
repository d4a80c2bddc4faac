#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A document like another.
public struct SimilarHit: Sendable, Hashable {
    /// Document number (index into ``SearchIndex/documents``).
    public var document: Int
    public var docID: String
    public var score: Double
    /// The words that weighed most in the match, as spelled in the given document.
    public var sharedTerms: [String]
}

extension SearchIndex {
    /// The documents most like document `number` (more-like-this), best first, never itself.
    ///
    /// The document's profile is its `profileSize` most distinctive words (tf·idf, stopwords
    /// left out). Each word is looked up the way search looks up a query word, so it also
    /// meets its other scripts (`НАТО` ~ `NATO`, `Столтенберг` ~ `Stoltenberg`) and, through
    /// the alias table, its other names. Other documents score by BM25-saturated frequency of
    /// the profile words, weighted by the word's weight in the profile.
    public func similarDocuments(to number: Int, limit: Int = 5, profileSize: Int = 30)
        -> [SimilarHit]
    {
        let dictionary = storage.dictionary
        let count = Double(documents.count)
        func idf(_ df: Int) -> Double { log(1 + (count - Double(df) + 0.5) / (Double(df) + 0.5)) }
        // Each word with the terms it meets in other scripts and through aliases; its weight
        // uses the group's document frequency, so a Russian word whose English twin is common
        // is not mistaken for a rare one.
        var profile: [(group: Set<Int>, weight: Double, idf: Double, surface: String)] = []
        for (term, tf) in termFrequencies(ofDocument: number) {
            let text = dictionary.terms[term]
            // Numbers (years, counts) are rare but say little about the topic.
            guard TermDictionary.isWord(text), text.unicodeScalars.count > 1,
                text.unicodeScalars.first!.properties.numericType == nil,
                let surface = surfaceForms(ofTerm: term).first?.text,
                !Stopwords.contains(Folding.fold(surface))
            else { continue }
            var group = Set(termIDs(forWord: surface))
            group.insert(term)
            for name in synonyms.alternatives(for: surface) {
                group.formUnion(termIDs(forWord: name))
            }
            let df = group.map { Int(dictionary.documentFrequencies[$0]) }.max() ?? 1
            guard df > 1 else { continue }  // only here: matches nothing
            let weight = idf(df)
            profile.append((group, Double(tf) * weight, weight, surface))
        }
        profile.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.surface < $1.surface }
        profile = Array(profile.prefix(max(1, profileSize)))
        guard let top = profile.first?.weight, top > 0 else { return [] }

        var scores: [Int: Double] = [:]
        var contributions: [Int: [(Double, String)]] = [:]
        for entry in profile {
            var frequencies: [Int: Int] = [:]
            for term in entry.group {
                for posting in storage.postings(ofTerm: term) where Int(posting.document) != number
                {
                    frequencies[Int(posting.document), default: 0] += Int(posting.termFrequency)
                }
            }
            let weight = entry.weight / top * entry.idf
            for (document, tf) in frequencies {
                let length = Double(storage.stats[document].length)
                let norm = 1.2 * (0.25 + 0.75 * length / storage.averageLength)
                let gain = weight * Double(tf) * 2.2 / (Double(tf) + norm)
                scores[document, default: 0] += gain
                contributions[document, default: []].append((gain, entry.surface))
            }
        }
        let ranked = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return ranked.prefix(max(0, limit)).map { document, score in
            let shared = (contributions[document] ?? []).sorted { $0.0 > $1.0 }.prefix(8).map(\.1)
            return SimilarHit(
                document: document, docID: documents[document].id, score: score,
                sharedTerms: Array(shared))
        }
    }
}
