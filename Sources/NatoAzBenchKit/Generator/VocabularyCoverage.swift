/// Which vocabulary ranks a run used, per language, and how many words it drew: the numbers
/// behind the Heaps' law check (distinct words against running words).
struct VocabularyCoverage: Sendable {
    private var bits: [[UInt64]]
    private(set) var tokens: [Int]

    init(languages: Int, ranks: Int) {
        bits = Array(repeating: Array(repeating: 0, count: (ranks + 63) / 64), count: languages)
        tokens = Array(repeating: 0, count: languages)
    }

    mutating func insert(language: Int, rank: Int) {
        bits[language][rank >> 6] |= 1 << UInt64(rank & 63)
        tokens[language] += 1
    }

    mutating func merge(_ other: VocabularyCoverage) {
        for language in bits.indices {
            for word in bits[language].indices {
                bits[language][word] |= other.bits[language][word]
            }
            tokens[language] += other.tokens[language]
        }
    }

    /// The number of distinct ranks used in `language`.
    func distinct(language: Int) -> Int {
        bits[language].reduce(0) { $0 + $1.nonzeroBitCount }
    }
}
