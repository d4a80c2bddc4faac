/// A frequency list of folded spellings (`terms` without `--stems`): each distinct folded
/// spelling once (apostrophes alike, see ``SpellingKey``), with the summed counts of the
/// index terms spelled that way. Its document frequency is the word's (the index counts
/// documents per word, not per spelling), capped at the spelling's own count.
///
/// Built on a list's first request, per language, and kept for the index's lifetime, so it is
/// stored compactly: at 100k articles the list of all languages has about a million spellings,
/// and one `TermFrequency` (a `String` and two `Int`s) per spelling held 53 MB. Counts that
/// follow the ranking (most frequent first) are stored as runs: lines of equal frequency are
/// most of a list; document frequencies take 16 bits but for the common words.
///
/// ```
///  alphabetical position a:  0          1          2          ...
///  spellings (front-coded)   "aliyev"   "aliyev's" "azerbaijan"
///  documentFrequencies[a]    300        15         4,870
///  rankOf[a]                 2          5          0           (0 = most frequent)
///  byRank[r]                 2  0  ...                          (alphabetical positions)
///  frequency of rank r       9,031  ...  412  ...  17  ...      (RunLengthCounts)
/// ```
struct SurfaceList: Sendable {
    /// Folded spellings sorted by their UTF-8 bytes.
    private let spellings: FrontCodedStrings
    /// Summed occurrences, by rank (so in runs of equal counts); a term's count fits,
    /// because positions within the index are 32-bit.
    private let frequencies: RunLengthCounts
    /// The largest document frequency among the terms spelled so, by alphabetical position
    /// (16 bits each but for the common words).
    private let documentFrequencies: SmallCounts
    /// Alphabetical positions, most frequent first, ties by spelling (`String`'s order).
    private let byRank: [Int32]
    /// The rank of each alphabetical position.
    private let rankOf: [Int32]

    init(list: FrequencyList, language: Language?) {
        let lines = Self.merge(list: list, language: language)
        let plain = lines.map { CanonicalOrder.isPlain($0.term) }
        let ranked = lines.indices.sorted {
            lines[$0].frequency != lines[$1].frequency
                ? lines[$0].frequency > lines[$1].frequency
                : CanonicalOrder.precedes(lines[$0].term, plain[$0], lines[$1].term, plain[$1])
        }
        let alphabetical = lines.indices.sorted {
            lines[$0].term.utf8.lexicographicallyPrecedes(lines[$1].term.utf8)
        }
        spellings = FrontCodedStrings(alphabetical.lazy.map { lines[$0].term })
        frequencies = RunLengthCounts(ranked.lazy.map { UInt32(clamping: lines[$0].frequency) })
        documentFrequencies = SmallCounts(
            alphabetical.lazy.map { UInt32(clamping: lines[$0].documentFrequency) })
        var positionOfLine = [Int32](repeating: 0, count: lines.count)
        for (position, line) in alphabetical.enumerated() { positionOfLine[line] = Int32(position) }
        byRank = ranked.map { positionOfLine[$0] }
        var rankOf = [Int32](repeating: 0, count: lines.count)
        for (rank, position) in byRank.enumerated() { rankOf[Int(position)] = Int32(rank) }
        self.rankOf = rankOf
    }

    /// The folded spellings of the word terms found in `language`'s documents (all documents
    /// when nil), with their counts; spellings that fold alike (as `String`s) are one line.
    private static func merge(list: FrequencyList, language: Language?) -> [TermFrequency] {
        let dictionary = list.index.storage.dictionary
        var lines: [TermFrequency] = []
        var lineOfSpelling: [String: Int] = [:]
        for id in list.firstWord..<dictionary.count {
            let counts = FrequencyList.counts(dictionary, list.shared, id, language)
            guard counts.frequency > 0 else { continue }
            let forms = list.index.storage.surfaceForms[id]
            let all = Int(dictionary.collectionFrequencies[id])
            let total = max(1, forms.reduce(0) { $0 + $1.count })
            for form in forms {
                // A language filter scales the spelling's count by the term's share.
                let count =
                    counts.frequency == all ? form.count : form.count * counts.frequency / total
                guard count > 0 else { continue }
                let folded = SpellingKey.of(form.text)
                guard !folded.isEmpty else { continue }
                if let line = lineOfSpelling[folded] {
                    lines[line].frequency += count
                    lines[line].documentFrequency = max(
                        lines[line].documentFrequency, counts.documents)
                } else {
                    lineOfSpelling[folded] = lines.count
                    lines.append(
                        TermFrequency(
                            term: folded, frequency: count, documentFrequency: counts.documents))
                }
            }
        }
        // The index counts documents per word, not per spelling: a spelling seen once in a
        // word found in 2 documents said "1 occurrence, 2 documents". It cannot be in more
        // documents than it occurs.
        for line in lines.indices {
            lines[line].documentFrequency = min(
                lines[line].documentFrequency, lines[line].frequency)
        }
        return lines
    }

    /// Lines `offset..<end` of the spellings starting with `prefix` (all when empty), most
    /// frequent first, and how many there are in all.
    func page(prefix: String, offset: Int, end: Int) -> TermListPage {
        guard !prefix.isEmpty else {
            let ranks = min(offset, byRank.count)..<min(end, byRank.count)
            return TermListPage(total: byRank.count, terms: ranks.map { line(atRank: $0) })
        }
        let key = Array(prefix.utf8)
        var members: [Int32] = []
        var position = spellings.lowerBound(key)
        spellings.forEach(from: position) { utf8 in
            guard utf8.starts(with: key) else { return false }
            members.append(rankOf[position])
            position += 1
            return true
        }
        members.sort()
        let slice = members[min(offset, members.count)..<min(end, members.count)]
        return TermListPage(total: members.count, terms: slice.map { line(atRank: Int($0)) })
    }

    private func line(atRank rank: Int) -> TermFrequency {
        let position = Int(byRank[rank])
        return TermFrequency(
            term: spellings[position], frequency: Int(frequencies[rank]),
            documentFrequency: Int(documentFrequencies[position]))
    }
}
