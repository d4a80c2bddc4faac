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
    let ranked: [Int32]
    /// Per language, the word terms its documents contain, by that language's frequency.
    let rankedByLanguage: [Language: [Int32]]
    /// Per-language counts of the terms found in documents of several languages.
    let shared: SharedTermCounts
    private let surfaceLists = Mutex<[Language?: SurfaceList]>([:])

    /// A prefix range longer than this is picked from the ranked list instead of sorted.
    private let sortableRange: Int
    private static let defaultSortableRange = 20_000

    /// The frequency lists of `index`'s vocabulary (counted here, once; read many times).
    public convenience init(index: SearchIndex) {
        self.init(index: index, sortableRange: Self.defaultSortableRange)
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
        var shared = SharedTermCounts()
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
            shared.append(id: id, counts: counts)
        }
        self.shared = shared.exactSize()
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

    /// The lists stored as these parts for `index` (read back from a snapshot; the reader
    /// checks that every term number fits).
    init(
        index: SearchIndex, firstWord: Int, ranked: [Int32], rankedByLanguage: [Language: [Int32]],
        shared: SharedTermCounts
    ) {
        self.index = index
        self.sortableRange = Self.defaultSortableRange
        self.firstWord = firstWord
        self.ranked = ranked
        self.rankedByLanguage = rankedByLanguage
        self.shared = shared
    }

    /// The lines `offset..<offset + limit` of the list `query` asks for, and how many there
    /// are in all.
    public func page(_ query: TermListQuery, offset: Int = 0, limit: Int = .max)
        -> TermListPage
    {
        let offset = max(0, offset)
        let end = offset > Int.max - max(0, limit) ? Int.max : offset + max(0, limit)
        switch query.mode {
        case .surface:
            return surfaceList(query.language).page(
                prefix: SpellingKey.of(query.prefix), offset: offset, end: end)
        case .stem:
            return stemPage(
                prefix: Folding.fold(query.prefix), language: query.language, offset: offset,
                end: end)
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
        _ dictionary: TermDictionary, _ shared: SharedTermCounts, _ id: Int,
        _ language: Language?
    ) -> Counts {
        let all = Counts(
            frequency: Int(dictionary.collectionFrequencies[id]),
            documents: Int(dictionary.documentFrequencies[id]))
        guard let language else { return all }
        let mask = dictionary.languageMasks[id]
        if mask & language.maskBit == 0 { return Counts(frequency: 0, documents: 0) }
        if mask == language.maskBit { return all }
        return shared.counts(of: id, language: language) ?? Counts(frequency: 0, documents: 0)
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

/// Per-language counts of the terms found in documents of several languages, in two flat
/// arrays: as a dictionary of dictionaries they were a heap object per term, made among the
/// lookups build's scratch.
///
/// ```
/// ids     12      40      977     ...   ascending term ids
/// values  [f d] x 5 languages per id      frequency and documents, in language mask bit order
/// ```
struct SharedTermCounts: Sendable {
    static let languages = Language.allCases.count
    private(set) var ids: [Int32] = []
    private(set) var values: [UInt32] = []

    init() {}

    /// The counts stored as `ids` (ascending) and `values` (``languages`` pairs per id), as
    /// read back from a snapshot, or nil when they do not fit each other.
    init?(ids: [Int32], values: [UInt32]) {
        guard values.count == ids.count * 2 * Self.languages else { return nil }
        var index = 1
        while index < ids.count {
            guard ids[index - 1] < ids[index] else { return nil }
            index += 1
        }
        self.ids = ids
        self.values = values
    }

    /// Adds term `id` (greater than every id added before) with its counts per language.
    mutating func append(id: Int, counts: [Language: FrequencyList.Counts]) {
        precondition(ids.last.map { $0 < id } ?? true, "ids must be added in ascending order")
        ids.append(Int32(id))
        let first = values.count
        values.append(contentsOf: repeatElement(0, count: 2 * Self.languages))
        for (language, count) in counts {
            let slot = first + 2 * Self.ordinal(language)
            values[slot] = UInt32(clamping: count.frequency)
            values[slot + 1] = UInt32(clamping: count.documents)
        }
    }

    /// A language's place among a term's values (its bit in the vocabulary's language masks).
    private static func ordinal(_ language: Language) -> Int {
        language.maskBit.trailingZeroBitCount
    }

    /// The same counts in arrays of their exact size (appending grew them up to twice that).
    func exactSize() -> SharedTermCounts {
        var copy = SharedTermCounts()
        copy.ids = ids.withUnsafeBufferPointer { Array($0) }
        copy.values = values.withUnsafeBufferPointer { Array($0) }
        return copy
    }

    /// Term `id`'s counts in `language`, or nil when `id` is not a shared term.
    func counts(of id: Int, language: Language) -> FrequencyList.Counts? {
        var low = 0
        var high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if Int(ids[mid]) < id { low = mid + 1 } else { high = mid }
        }
        guard low < ids.count, Int(ids[low]) == id else { return nil }
        let slot = 2 * (low * Self.languages + Self.ordinal(language))
        return FrequencyList.Counts(frequency: Int(values[slot]), documents: Int(values[slot + 1]))
    }

    /// Bytes held (see ``MemoryFootprint``).
    var heapBytes: Int { MemoryFootprint.array(ids) + MemoryFootprint.array(values) }
}
