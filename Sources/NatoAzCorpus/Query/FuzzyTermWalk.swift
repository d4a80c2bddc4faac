/// Finds the vocabulary terms within a bounded edit distance of a word by walking the sorted
/// vocabulary as if it were a trie.
///
/// The terms are sorted by UTF-8 bytes, so terms sharing a prefix are contiguous and a term
/// shares its leading scalars with its predecessor. The walk keeps one dynamic-programming row
/// (optimal string alignment: Levenshtein plus adjacent transpositions) per scalar of the
/// current term, reuses the rows of the prefix it shares with the previous term, and as soon
/// as a row's minimum exceeds the limit it jumps past every term with that prefix (found
/// through ``SortedTerms``, without comparing strings): no extension of a prefix can come back
/// within the limit (a row's minimum never decreases with depth, transpositions included).
/// Most of a 500,000-term vocabulary is therefore never read.
///
/// ```
/// query "natio", limit 1          terms (sorted)       visited?
///                                 naive                n-a-i: dead at depth 3, skip "nai*"
///                                 naivety              (skipped)
///                                 nation               n-a-t-i-o-n: distance 1, match
///                                 national             ...-a: dead at depth 7, skip "nationa*"
///                                 nationalism          (skipped)
/// ```
struct FuzzyTermWalk {
    private let query: [UInt32]
    private let limit: Int
    /// `rows[d * width + j]`: distance between the term's first `d` scalars and the query's
    /// first `j`.
    private var rows: [Int]
    private var width: Int { query.count + 1 }
    /// Scalars of the term being walked.
    private var scalars: [UInt32] = []
    private var previousScalars: [UInt32] = []

    init(query: [UInt32], limit: Int) {
        self.query = query
        self.limit = limit
        // Deeper than query + limit + 1 scalars, every row is dead.
        let depth = query.count + limit + 2
        rows = [Int](repeating: 0, count: (depth + 1) * (query.count + 1))
        for j in 0...query.count { rows[j] = j }
    }

    /// The ids in `range` (a contiguous range of the sorted terms) whose term is within
    /// `limit` edits of the query, in increasing order.
    mutating func matches(in sorted: SortedTerms, range: Range<Int>) -> [Int] {
        let terms = sorted.terms
        var found: [Int] = []
        let maxDepth = query.count + limit + 1
        var valid = 0  // rows 0...valid hold the prefix of `scalars` the previous term had
        var id = range.lowerBound
        terms: while id < range.upperBound {
            let shared = load(terms[id], validRows: valid)
            var depth = shared
            while depth < scalars.count {
                depth += 1
                if depth > maxDepth || !fillRow(depth) {
                    // No term starting with these `depth` scalars can match: skip them all.
                    id = min(sorted.end(ofPrefix: depth, from: id), range.upperBound)
                    valid = depth - 1
                    continue terms
                }
            }
            if rows[scalars.count * width + query.count] <= limit { found.append(id) }
            valid = scalars.count
            id += 1
        }
        return found
    }

    /// Loads a term's scalars; returns how many leading scalars it shares with the previous
    /// term (at most `validRows`, the rows still computed for that term's prefix).
    private mutating func load(_ term: String, validRows: Int) -> Int {
        swap(&scalars, &previousScalars)
        scalars.removeAll(keepingCapacity: true)
        for scalar in term.unicodeScalars { scalars.append(scalar.value) }
        var shared = 0
        while shared < validRows, shared < scalars.count, shared < previousScalars.count,
            scalars[shared] == previousScalars[shared]
        {
            shared += 1
        }
        return shared
    }

    /// Computes row `depth` from the rows above it; false when its minimum exceeds the limit.
    private mutating func fillRow(_ depth: Int) -> Bool {
        let width = self.width
        let row = depth * width
        let above = row - width
        let character = scalars[depth - 1]
        rows[row] = depth
        var best = depth
        for j in 1..<width {
            let cost = character == query[j - 1] ? 0 : 1
            var value = min(rows[above + j] + 1, rows[row + j - 1] + 1, rows[above + j - 1] + cost)
            if depth > 1, j > 1, character == query[j - 2], scalars[depth - 2] == query[j - 1] {
                value = min(value, rows[above - width + j - 2] + 1)
            }
            rows[row + j] = value
            best = min(best, value)
        }
        return best <= limit
    }
}
