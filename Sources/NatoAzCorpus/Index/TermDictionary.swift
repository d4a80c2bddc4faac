/// The vocabulary of an index: every term, sorted by its UTF-8 bytes (so all terms sharing a
/// prefix are one contiguous range), with its statistics and where its postings are.
///
/// Terms starting with a control character are cross-script keys (see ``Analyzer``), not
/// words; ``isWord(_:)`` tells them apart, and word prefixes never reach them.
public struct TermDictionary: Sendable {
    /// All terms, sorted by UTF-8 bytes (one block of bytes; `terms[i]` makes a string).
    public let terms: TermStore
    /// Number of documents containing each term.
    public let documentFrequencies: [UInt32]
    /// Number of occurrences of each term across the corpus.
    public let collectionFrequencies: [UInt32]
    /// Bit `1 << Language.bit` is set when a document of that language contains the term.
    let languageMasks: [UInt8]
    /// Postings of term `i` are bytes `postingOffsets[i]..<postingOffsets[i + 1]` (32 bits:
    /// ``SearchIndex`` refuses posting data past ``SearchIndex/maxPostingBytes``).
    let postingOffsets: [UInt32]
    /// The terms with their shared-prefix structure, for typo-tolerant walks.
    let sorted: SortedTerms
    init(
        terms: [String], documentFrequencies: [UInt32], collectionFrequencies: [UInt32],
        languageMasks: [UInt8], postingOffsets: [Int]
    ) {
        self.init(
            terms: UTF8Block(terms), documentFrequencies: documentFrequencies,
            collectionFrequencies: collectionFrequencies, languageMasks: languageMasks,
            postingOffsets: postingOffsets)
    }

    /// The same, with the terms already in one block (as the index build merges them);
    /// `distinct` when no two are equal (see ``TermStore/init(_:distinct:)``).
    init(
        terms: UTF8Block, documentFrequencies: [UInt32], collectionFrequencies: [UInt32],
        languageMasks: [UInt8], postingOffsets: [Int], distinct: Bool = false
    ) {
        let store = TermStore(terms, distinct: distinct)
        self.terms = store
        self.documentFrequencies = documentFrequencies
        self.collectionFrequencies = collectionFrequencies
        self.languageMasks = languageMasks
        // Past 4 GiB the offsets wrap, but such an index is refused (``IndexTooLarge``)
        // before anything reads them.
        self.postingOffsets = postingOffsets.map { UInt32(truncatingIfNeeded: $0) }
        sorted = SortedTerms(store)
    }

    /// A vocabulary made of its parts as they were stored (see ``IndexSnapshot``), checked
    /// there.
    init(
        sorted: SortedTerms, documentFrequencies: [UInt32], collectionFrequencies: [UInt32],
        languageMasks: [UInt8], postingOffsets: [UInt32]
    ) {
        self.terms = sorted.terms
        self.sorted = sorted
        self.documentFrequencies = documentFrequencies
        self.collectionFrequencies = collectionFrequencies
        self.languageMasks = languageMasks
        self.postingOffsets = postingOffsets
    }

    /// Number of distinct terms.
    public var count: Int { terms.count }

    /// The number of a term, if the corpus has it.
    public func termID(_ term: String) -> Int? { terms.number(of: term) }

    /// Whether a term is a word (rather than a cross-script key).
    public static func isWord(_ term: String) -> Bool {
        guard let first = term.utf8.first else { return false }
        return first >= 0x20
    }

    /// The languages of the documents containing term `id`.
    public func languages(ofTerm id: Int) -> [Language] {
        Language.allCases.filter { languageMasks[id] & $0.maskBit != 0 }
    }

    /// The term numbers whose term starts with `prefix` (compared as UTF-8 bytes).
    public func termIDs(withPrefix prefix: String) -> Range<Int> {
        let key = Array(prefix.utf8)
        func precedesKey(_ index: Int) -> Bool {
            terms.withUTF8(index) { $0.lexicographicallyPrecedes(key) }
        }
        func hasPrefix(_ index: Int) -> Bool { terms.withUTF8(index) { $0.starts(with: key) } }
        var low = 0
        var high = terms.count
        while low < high {
            let mid = (low + high) / 2
            if precedesKey(mid) { low = mid + 1 } else { high = mid }
        }
        guard low < terms.count, hasPrefix(low) else { return low..<low }
        // The end by galloping then halving: most prefixes match few terms.
        var end = low + 1
        var step = 1
        var beyond = end
        while beyond < terms.count, hasPrefix(beyond) {
            end = beyond + 1
            beyond += step
            step *= 2
        }
        beyond = min(beyond, terms.count)
        while end < beyond {
            let mid = (end + beyond) / 2
            if hasPrefix(mid) { end = mid + 1 } else { beyond = mid }
        }
        return low..<end
    }

    /// The term numbers of words (every term not starting with a control character, which
    /// marks cross-script keys): one contiguous range, since keys sort first.
    var wordIDs: Range<Int> {
        var low = 0
        var high = terms.count
        while low < high {
            let mid = (low + high) / 2
            if terms.withUTF8(mid, { $0.first.map { $0 < 0x20 } ?? true }) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low..<terms.count
    }

    func postingRange(_ id: Int) -> Range<Int> {
        Int(postingOffsets[id])..<Int(postingOffsets[id + 1])
    }
}

extension Language {
    var maskBit: UInt8 {
        switch self {
        case .english: 1
        case .russian: 2
        case .azerbaijani: 4
        case .turkish: 8
        case .unknown: 16
        case .ukrainian: 32
        case .kazakh: 64
        }
    }
}

extension TermDictionary {
    /// The vocabulary's bytes, part by part (see ``MemoryFootprint``).
    func memoryFootprint() -> MemoryFootprint {
        var footprint = MemoryFootprint()
        footprint.add("vocabulary: terms (\(terms.count)) and lookup table", terms.heapBytes)
        footprint.add(
            "vocabulary: counts, masks, posting offsets",
            MemoryFootprint.array(documentFrequencies)
                + MemoryFootprint.array(collectionFrequencies)
                + MemoryFootprint.array(languageMasks) + MemoryFootprint.array(postingOffsets))
        footprint.add(
            "vocabulary: trie arrays",
            MemoryFootprint.array(sorted.commonPrefix) + MemoryFootprint.array(sorted.nextShorter))
        return footprint
    }
}
