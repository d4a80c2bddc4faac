#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A document like another.
public struct SimilarHit: Sendable, Hashable {
    /// Document number (index into ``SearchIndex/documents``).
    public var document: Int
    /// The document's id.
    public var docID: String
    /// Similarity; higher is more alike. Only meaningful within one result list.
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
    ///
    /// Finding the profile costs a lookup per distinct word (its other scripts, its aliases),
    /// so words are visited best bound first and the visit stops once no word left can enter
    /// the profile: the same profile, for a fraction of the lookups. At most
    /// ``similarProfileVisits`` words are looked up: a 7 MB file of 800,000 distinct words
    /// took 5 s here, and still has no profile a few thousand words in.
    ///
    /// `cancellation` stops the work once the answer is no longer wanted: the hits returned
    /// are then wrong, and the caller, which sees `cancellation.wasCancelled`, must not use
    /// them.
    public func similarDocuments(
        to number: Int, limit: Int = 5, profileSize: Int = 30,
        cancellation: WorkCancellation? = nil
    ) -> [SimilarHit] {
        similarDocumentsCountingVisits(
            to: number, limit: limit, profileSize: profileSize, cancellation: cancellation
        ).hits
    }

    /// The most words ``similarDocuments(to:limit:profileSize:)`` looks up for a profile.
    static let similarProfileVisits = 20_000

    /// ``similarDocuments(to:limit:profileSize:)``, and how many words it looked up;
    /// `stopsEarly` false looks up every word (up to `maxVisits`), for tests.
    func similarDocumentsCountingVisits(
        to number: Int, limit: Int, profileSize: Int, maxVisits: Int = similarProfileVisits,
        stopsEarly: Bool = true, cancellation: WorkCancellation? = nil
    ) -> (hits: [SimilarHit], visits: Int) {
        let dictionary = storage.dictionary
        let count = Double(documents.count)
        func idf(_ df: Int) -> Double { log(1 + (count - Double(df) + 0.5) / (Double(df) + 0.5)) }
        // A word's weight is tf * idf(the document frequency of its group), the group holding
        // the term itself and counting only when it is in 2 documents or more: so tf *
        // idf(max(2, the term's own df)) bounds it from above. Words whose own df is above 1
        // qualify for sure, and go first among equal bounds.
        let candidates = termFrequencies(ofDocument: number).map { term, tf in
            let ownDF = Int(dictionary.documentFrequencies[term])
            return (term: term, tf: tf, shared: ownDF > 1, bound: Double(tf) * idf(max(2, ownDF)))
        }.sorted {
            ($0.bound, $0.shared ? 1 : 0, -$0.term) > ($1.bound, $1.shared ? 1 : 0, -$1.term)
        }
        let size = max(1, profileSize)
        // The best `size` weights so far, descending.
        var best: [Double] = []
        var visits = 0
        // Each word with the terms it meets in other scripts and through aliases; its weight
        // uses the group's document frequency, so a Russian word whose English twin is common
        // is not mistaken for a rare one.
        var profile: [(group: Set<Int>, weight: Double, idf: Double, surface: String)] = []
        for (term, tf, _, bound) in candidates {
            // Strictly below: a word of equal weight could still win on its spelling.
            if stopsEarly, best.count == size, best[size - 1] > bound { break }
            if visits == maxVisits { break }
            if visits & 255 == 255, cancellation?.isCancelled == true { break }
            visits += 1
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
            let position = best.firstIndex { $0 < Double(tf) * weight } ?? best.count
            if position < size {
                best.insert(Double(tf) * weight, at: position)
                if best.count > size { best.removeLast() }
            }
        }
        profile.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.surface < $1.surface }
        profile = Array(profile.prefix(size))
        guard let top = profile.first?.weight, top > 0 else { return ([], visits) }

        var scores: [Int: Double] = [:]
        var contributions: [Int: [(Double, String)]] = [:]
        for entry in profile {
            // Each profile word's documents: up to all of them for a common word.
            if cancellation?.isCancelled == true { break }
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
        let hits = ranked.prefix(max(0, limit)).map { document, score in
            let shared = (contributions[document] ?? []).sorted { $0.0 > $1.0 }.prefix(8).map(\.1)
            return SimilarHit(
                document: document, docID: documents[document].id, score: score,
                sharedTerms: Array(shared))
        }
        return (hits, visits)
    }
}
