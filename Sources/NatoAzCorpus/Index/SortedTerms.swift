/// A vocabulary sorted by UTF-8 bytes, with what it takes to walk it as a trie: how many
/// leading scalars each term shares with the next one, and where each run of terms sharing
/// at least as many ends.
///
/// ```
/// terms        nation  national  nationalism  native  navy
/// commonPrefix    6        8          3          2      0     (scalars shared with the next)
/// nextShorter     3        2          3          4      5     (next index with a smaller value)
/// ```
///
/// The terms sharing the first `d` scalars of term `i` (when `i` is the first of them) end
/// after the first `k >= i` with `commonPrefix[k] < d`; following `nextShorter` from `i`
/// finds it in a few jumps, without comparing a single string.
struct SortedTerms: Sendable {
    let terms: TermStore
    /// Leading scalars shared by term `i` and term `i + 1` (0 for the last), capped at 255.
    let commonPrefix: [UInt8]
    /// The first index after `i` whose `commonPrefix` is smaller than `commonPrefix[i]`
    /// (`terms.count` if none).
    let nextShorter: [Int32]

    init(_ terms: [String]) {
        self.init(TermStore(terms))
    }

    /// Shares `terms` (no copy).
    init(_ terms: TermStore) {
        self.terms = terms
        var common = [UInt8](repeating: 0, count: terms.count)
        var previous: [UInt32] = []
        var current: [UInt32] = []
        for index in terms.indices {
            current.removeAll(keepingCapacity: true)
            for scalar in terms[index].unicodeScalars { current.append(scalar.value) }
            if index > 0 {
                var shared = 0
                while shared < previous.count, shared < current.count,
                    previous[shared] == current[shared]
                {
                    shared += 1
                }
                common[index - 1] = UInt8(clamping: shared)
            }
            swap(&previous, &current)
        }
        var next = [Int32](repeating: Int32(terms.count), count: terms.count)
        var stack: [Int] = []
        for index in common.indices {
            while let top = stack.last, common[index] < common[top] {
                next[top] = Int32(index)
                stack.removeLast()
            }
            stack.append(index)
        }
        commonPrefix = common
        nextShorter = next
    }

    /// The end of the run of terms that share the first `depth` scalars of term `first`,
    /// which must be the first term of that run.
    @inline(__always)
    func end(ofPrefix depth: Int, from first: Int) -> Int {
        var index = first
        while index < commonPrefix.count, Int(commonPrefix[index]) >= depth {
            index = Int(nextShorter[index])
        }
        return min(index + 1, terms.count)
    }
}
