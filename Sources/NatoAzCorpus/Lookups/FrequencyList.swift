import Synchronization

/// Frequency lists answered from the term dictionary's counts, without reading postings.
///
/// Built once per index: the word terms ranked by corpus frequency, and per language ranked
/// by that language's frequency. A term found in one language only takes its counts from the
/// dictionary; only terms shared by several languages have their postings split by language,
/// once, here. A page is then a slice of a ranked list (no prefix), or the prefix's
/// contiguous dictionary range ranked (a short range is sorted; a long one is picked from the
/// ranked list in order).
///
/// Surface-form lists (spellings folded and merged across terms) are built on their first
/// request per language and kept.
public final class FrequencyList: Sendable {
    /// Occurrences and documents of a term.
    struct Counts: Sendable {
        var frequency: Int
        var documents: Int
    }

    let index: SearchIndex
    /// Word terms (cross-script keys sort first and are left out) start here.
    let firstWord: Int
    /// Word terms, most frequent first, ties by term.
    private let ranked: [Int32]
    /// Per language, the word terms its documents contain, by that language's frequency.
    private let rankedByLanguage: [Language: [Int32]]
    /// Per-language counts of the terms found in documents of several languages.
    let shared: [Int32: [Language: Counts]]
    private let surfaceLists = Mutex<[Language?: SurfaceList]>([:])

    /// A prefix range longer than this is picked from the ranked list instead of sorted.
    private let sortableRange: Int

    public convenience init(index: SearchIndex) {
        self.init(index: index, sortableRange: 20_000)
    }

    init(index: SearchIndex, sortableRange: Int) {
        self.index = index
        self.sortableRange = sortableRange
        let dictionary = index.storage.dictionary
        var firstWord = 0
        while firstWord < dictionary.count, !TermDictionary.isWord(dictionary.terms[firstWord]) {
            firstWord += 1
        }
        self.firstWord = firstWord
        var shared: [Int32: [Language: Counts]] = [:]
        var members: [Language: [Int32]] = [:]
        for id in firstWord..<dictionary.count {
            let mask = dictionary.languageMasks[id]
            for language in Language.allCases where mask & language.maskBit != 0 {
                members[language, default: []].append(Int32(id))
            }
            guard mask.nonzeroBitCount > 1 else { continue }
            var counts: [Language: Counts] = [:]
            for posting in index.storage.postings(ofTerm: id) {
                let language = index.documents[Int(posting.document)].lang
                counts[language, default: Counts(frequency: 0, documents: 0)].frequency +=
                    Int(posting.termFrequency)
                counts[language]!.documents += 1
            }
            shared[Int32(id)] = counts
        }
        self.shared = shared
        // Ties are broken by the terms as strings, compared as bytes where that is the same.
        let plain = (0..<dictionary.count).map {
            dictionary.terms.withUTF8($0, CanonicalOrder.isPlain(utf8:))
        }
        func rank(_ ids: [Int32], _ language: Language?) -> [Int32] {
            let frequencies = ids.map { Self.counts(dictionary, shared, Int($0), language) }
            return ids.indices.sorted {
                frequencies[$0].frequency != frequencies[$1].frequency
                    ? frequencies[$0].frequency > frequencies[$1].frequency
                    : CanonicalOrder.precedes(
                        dictionary.terms, Int(ids[$0]), Int(ids[$1]), plain: plain)
            }.map { ids[$0] }
        }
        ranked = rank((firstWord..<dictionary.count).map(Int32.init), nil)
        var byLanguage: [Language: [Int32]] = [:]
        for (language, ids) in members { byLanguage[language] = rank(ids, language) }
        rankedByLanguage = byLanguage
    }

    /// The lines `offset..<offset + limit` of the list `query` asks for, and how many there
    /// are in all.
    public func page(_ query: TermListQuery, offset: Int = 0, limit: Int = .max)
        -> TermListPage
    {
        let offset = max(0, offset)
        let end = offset > Int.max - max(0, limit) ? Int.max : offset + max(0, limit)
        let prefix = Folding.fold(query.prefix)
        switch query.mode {
        case .surface:
            return surfaceList(query.language).page(prefix: prefix, offset: offset, end: end)
        case .stem:
            return stemPage(prefix: prefix, language: query.language, offset: offset, end: end)
        }
    }

    private func stemPage(prefix: String, language: Language?, offset: Int, end: Int)
        -> TermListPage
    {
        let dictionary = index.storage.dictionary
        let list = language.map { rankedByLanguage[$0] ?? [] } ?? ranked
        func line(_ id: Int32) -> TermFrequency {
            let counts = Self.counts(dictionary, shared, Int(id), language)
            return TermFrequency(
                term: dictionary.terms[Int(id)], frequency: counts.frequency,
                documentFrequency: counts.documents)
        }
        guard !prefix.isEmpty else {
            let slice = list[min(offset, list.count)..<min(end, list.count)]
            return TermListPage(total: list.count, terms: slice.map(line))
        }
        let range = dictionary.termIDs(withPrefix: prefix).clamped(to: firstWord..<dictionary.count)
        let bit = language?.maskBit
        func included(_ id: Int) -> Bool {
            bit.map { dictionary.languageMasks[id] & $0 != 0 } ?? true
        }
        if range.count <= sortableRange {
            var lines = range.filter(included).map { line(Int32($0)) }
            lines.sort {
                $0.frequency != $1.frequency ? $0.frequency > $1.frequency : $0.term < $1.term
            }
            return TermListPage(
                total: lines.count,
                terms: Array(lines[min(offset, lines.count)..<min(end, lines.count)]))
        }
        // A long range (a one-letter prefix): the ranked list in order, keeping its members.
        let total = range.reduce(0) { $0 + (included($1) ? 1 : 0) }
        var terms: [TermFrequency] = []
        var seen = 0
        for id in list where range.contains(Int(id)) {
            if seen >= end { break }
            if seen >= offset { terms.append(line(id)) }
            seen += 1
        }
        return TermListPage(total: total, terms: terms)
    }

    /// A term's counts, in one language's documents or in all.
    static func counts(
        _ dictionary: TermDictionary, _ shared: [Int32: [Language: Counts]], _ id: Int,
        _ language: Language?
    ) -> Counts {
        let all = Counts(
            frequency: Int(dictionary.collectionFrequencies[id]),
            documents: Int(dictionary.documentFrequencies[id]))
        guard let language else { return all }
        let mask = dictionary.languageMasks[id]
        if mask & language.maskBit == 0 { return Counts(frequency: 0, documents: 0) }
        if mask == language.maskBit { return all }
        return shared[Int32(id)]?[language] ?? Counts(frequency: 0, documents: 0)
    }

    private func surfaceList(_ language: Language?) -> SurfaceList {
        if let built = surfaceLists.withLock({ $0[language] }) { return built }
        // Built outside the lock: a concurrent first request builds its own copy, and one wins.
        let built = SurfaceList(list: self, language: language)
        return surfaceLists.withLock { lists in
            if let earlier = lists[language] { return earlier }
            lists[language] = built
            return built
        }
    }
}
