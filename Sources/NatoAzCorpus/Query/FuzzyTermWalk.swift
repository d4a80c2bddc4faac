/// Finds the vocabulary terms within a bounded edit distance of a word by walking the sorted
/// vocabulary as a trie (a Levenshtein automaton run over the trie, one banded row per level).
///
/// The terms are sorted by UTF-8 bytes, so the terms sharing a prefix are one contiguous run,
/// and UTF-8 order is scalar order, so the children of a prefix follow one another in the
/// order of their next scalar. A node of the walk is a prefix: its row holds the optimal
/// string alignment distance (Levenshtein plus adjacent transpositions) between the prefix
/// and every prefix of the query. Only the `2 * limit + 1` cells around the diagonal can stay
/// within the limit, so only those are computed. A node whose row minimum exceeds the limit
/// is dropped with its whole run (its end found through ``SortedTerms``, without comparing
/// strings): no extension of it can come back within the limit.
///
/// Two things keep the number of visited nodes small:
/// - a node still below the limit visits each of its children (reading one scalar of one term
///   per child);
/// - a node already *at* the limit has spent every edit: a child can only stay within it by
///   matching a query scalar next to a cell at the limit (or by completing a transposition),
///   so the walk looks only for those few scalars, by binary search in the node's run, instead
///   of visiting every child. On a large vocabulary this skips almost all of the trie.
///
/// Each step reads one scalar at a known byte offset of one term; nothing is copied.
///
/// ```
/// query "natio", limit 1          terms (sorted)       visited?
///                                 naive                n-a-i: at the limit, wants "o" next
///                                 naivety              (skipped: no "naio*")
///                                 nation               n-a-t-i-o-n: distance 1, match
///                                 national             ...-a: dead at depth 7, skip "nationa*"
///                                 nationalism          (skipped)
/// ```
struct FuzzyTermWalk {
    private let query: [UInt32]
    private let limit: Int

    init(query: [UInt32], limit: Int) {
        self.query = query
        self.limit = limit
    }

    /// The ids in `range` (a contiguous range of the sorted terms) whose term is within
    /// `limit` edits of the query, in increasing order.
    mutating func matches(in sorted: SortedTerms, range: Range<Int>) -> [Int] {
        guard !range.isEmpty, !query.isEmpty, limit >= 0 else { return [] }
        let walker = Walker(query: query, limit: limit, sorted: sorted)
        walker.visit(depth: 0, first: range.lowerBound, end: range.upperBound, offset: 0)
        return walker.found
    }
}

/// The state of one walk: the query, one row per depth, the scalars of the current prefix.
private final class Walker {
    let sorted: SortedTerms
    let query: UnsafeMutableBufferPointer<UInt32>
    let count: Int
    let limit: Int
    let width: Int
    /// Deepest useful prefix: beyond `count + limit` scalars every cell exceeds the limit.
    let maxDepth: Int
    /// `rows[d * width + j]`: distance between the prefix's first `d` scalars and the query's
    /// first `j`, capped at `limit + 1`; valid only within the band of row `d`.
    let rows: UnsafeMutablePointer<UInt8>
    /// `path[d]`: the prefix's `d`-th scalar (1-based).
    let path: UnsafeMutablePointer<UInt32>
    /// Scratch per depth: the scalars a node at the limit looks for (at most `2 * width`).
    let wanted: UnsafeMutablePointer<UInt32>
    var found: [Int] = []

    init(query: [UInt32], limit: Int, sorted: SortedTerms) {
        self.sorted = sorted
        self.query = .allocate(capacity: query.count)
        _ = self.query.initialize(from: query)
        count = query.count
        self.limit = limit
        width = query.count + 1
        maxDepth = query.count + limit
        rows = .allocate(capacity: (maxDepth + 1) * width)
        path = .allocate(capacity: maxDepth + 1)
        path[0] = 0
        wanted = .allocate(capacity: (maxDepth + 1) * 2 * width)
        for j in 0..<width { rows[j] = UInt8(min(j, limit + 1)) }
    }

    deinit {
        query.deallocate()
        rows.deallocate()
        path.deallocate()
        wanted.deallocate()
    }

    // MARK: - Reading terms

    /// The byte length of term `id`.
    @inline(__always)
    func length(_ id: Int) -> Int { sorted.terms.withUTF8(id) { $0.count } }

    /// The scalar starting at byte `offset` of term `id` (which must have one there) and its
    /// length in bytes.
    @inline(__always)
    func scalar(_ id: Int, at offset: Int) -> (value: UInt32, bytes: Int) {
        sorted.terms.withUTF8(id) { Self.decode($0, at: offset) }
    }

    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 { return (lead, 1) }
        @inline(__always) func next(_ i: Int) -> UInt32 { UInt32(bytes[offset + i]) & 0x3F }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | next(1), 2) }
        if lead < 0xF0 { return ((lead & 0x0F) << 12 | next(1) << 6 | next(2), 3) }
        return ((lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3), 4)
    }

    // MARK: - Rows

    /// The columns of row `depth` that can hold a value within the limit.
    @inline(__always)
    func band(_ depth: Int) -> ClosedRange<Int> {
        max(0, depth - limit)...min(count, depth + limit)
    }

    /// Computes row `depth` for the scalar `path[depth]`; returns its minimum over the band.
    func fillRow(_ depth: Int) -> Int {
        let infinity = UInt8(limit + 1)
        let row = rows + depth * width
        let above = row - width
        let character = path[depth]
        let previous = depth > 1 ? path[depth - 1] : UInt32.max
        let twoAbove = depth > 1 ? row - 2 * width : row
        let low = max(1, depth - limit)
        let high = min(count, depth + limit)
        row[0] = depth <= limit ? UInt8(depth) : infinity
        // Sentinels just outside the band: read by this row's first cell and the next row's
        // last one.
        if low >= 2 { row[low - 1] = infinity }
        if high + 1 <= count { row[high + 1] = infinity }
        var best = row[0]
        if low <= high {
            for j in low...high {
                let cost: UInt8 = character == query[j - 1] ? 0 : 1
                var value = min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost)
                if j > 1, character == query[j - 2], previous == query[j - 1] {
                    value = min(value, twoAbove[j - 2] + 1)
                }
                value = min(value, infinity)
                row[j] = value
                best = min(best, value)
            }
        }
        return Int(best)
    }

    // MARK: - Walking

    /// Visits the node of the prefix of `depth` scalars (`offset` bytes) whose row is filled
    /// and within the limit; its run is `first..<end`.
    func visit(depth: Int, first: Int, end: Int, offset: Int) {
        var id = first
        if length(id) == offset {
            // The prefix itself is a term (the first of its run, as the shortest).
            let row = rows + depth * width
            if band(depth).contains(count), Int(row[count]) <= limit { found.append(id) }
            id += 1
        }
        guard depth < maxDepth, id < end else { return }
        let row = rows + depth * width
        let band = band(depth)
        var minimum = Int.max
        for j in band { minimum = min(minimum, Int(row[j])) }
        if minimum < limit {
            if depth < 2 { return visitPairs(depth: depth, from: id, end: end) }
            while id < end {
                let next = scalar(id, at: offset)
                let childEnd = min(sorted.end(ofPrefix: depth + 1, from: id), end)
                descend(
                    depth + 1, next.value, first: id, end: childEnd, offset: offset + next.bytes)
                id = childEnd
            }
            return
        }
        // At the limit: only a matching step from a cell at the limit, or the second half of
        // a transposition started one level up, can stay within it.
        let wanted = self.wanted + depth * 2 * width
        var targets = 0
        for j in band where j < count && Int(row[j]) <= limit {
            wanted[targets] = query[j]
            targets += 1
        }
        if depth >= 1, count >= 2 {
            let above = rows + (depth - 1) * width
            let aboveBand = self.band(depth - 1)
            for j in 2...count where aboveBand.contains(j - 2) {
                if path[depth] == query[j - 1], Int(above[j - 2]) < limit {
                    wanted[targets] = query[j - 2]
                    targets += 1
                }
            }
        }
        var sortedTargets = UnsafeMutableBufferPointer(start: wanted, count: targets)
        sortedTargets.sort()
        var last = UInt32.max
        for target in sortedTargets where target != last {
            last = target
            if depth < 2 {
                findPair(depth: depth, target, from: id, end: end)
                continue
            }
            // The first child whose scalar is not below the target.
            var low = id
            var high = end
            while low < high {
                let mid = (low + high) / 2
                if scalar(mid, at: offset).value < target { low = mid + 1 } else { high = mid }
            }
            id = low
            guard id < end else { return }
            let next = scalar(id, at: offset)
            guard next.value == target else { continue }
            let childEnd = min(sorted.end(ofPrefix: depth + 1, from: id), end)
            descend(depth + 1, next.value, first: id, end: childEnd, offset: offset + next.bytes)
            id = childEnd
        }
    }

    /// Fills the row of the child `scalar` at `depth` and visits it if within the limit.
    @inline(__always)
    func descend(_ depth: Int, _ scalar: UInt32, first: Int, end: Int, offset: Int) {
        path[depth] = scalar
        if fillRow(depth) <= limit { visit(depth: depth, first: first, end: end, offset: offset) }
    }

    // MARK: - The first two levels, from the pair table

    /// Visits every child of the root (`depth` 0) or of a one-scalar prefix (`depth` 1) in
    /// `first..<end`, reading them off ``SortedTerms``' pair table instead of the terms.
    func visitPairs(depth: Int, from first: Int, end: Int) {
        let pairs = sorted.pairKeys
        var pair = sorted.pair(holding: first)
        while pair < pairs.count, sorted.pairStart(pair) < end {
            let leading = UInt32(truncatingIfNeeded: pairs[pair] >> 32)
            let second = UInt32(truncatingIfNeeded: pairs[pair])
            let next: Int
            let scalar: UInt32
            if depth == 0 {
                scalar = leading
                next = sorted.pair(atLeast: UInt64(leading + 1) << 32)
            } else {
                next = pair + 1
                // The prefix itself (no second scalar) was visited as the node's term.
                guard second > 0 else {
                    pair = next
                    continue
                }
                scalar = second - 1
            }
            let childFirst = max(sorted.pairStart(pair), first)
            let childEnd = min(sorted.pairStart(next), end)
            if childFirst < childEnd {
                let offset = depth == 0 ? 0 : Self.utf8Length(path[1])
                descend(
                    depth + 1, scalar, first: childFirst, end: childEnd,
                    offset: offset + Self.utf8Length(scalar))
            }
            pair = next
        }
    }

    /// Visits the child `target` of the root (`depth` 0) or of a one-scalar prefix (`depth`
    /// 1) in `first..<end`, if there is one, found in the pair table.
    func findPair(depth: Int, _ target: UInt32, from first: Int, end: Int) {
        let pair: Int
        let next: Int
        if depth == 0 {
            pair = sorted.pair(atLeast: SortedTerms.pairKey(target, nil))
            guard pair < sorted.pairKeys.count, sorted.pairKeys[pair] >> 32 == target else {
                return
            }
            next = sorted.pair(atLeast: UInt64(target + 1) << 32)
        } else {
            let key = SortedTerms.pairKey(path[1], target)
            pair = sorted.pair(atLeast: key)
            guard pair < sorted.pairKeys.count, sorted.pairKeys[pair] == key else { return }
            next = pair + 1
        }
        let childFirst = max(sorted.pairStart(pair), first)
        let childEnd = min(sorted.pairStart(next), end)
        guard childFirst < childEnd else { return }
        let offset = depth == 0 ? 0 : Self.utf8Length(path[1])
        descend(
            depth + 1, target, first: childFirst, end: childEnd,
            offset: offset + Self.utf8Length(target))
    }

    @inline(__always)
    static func utf8Length(_ scalar: UInt32) -> Int {
        scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x1_0000 ? 3 : 4
    }
}
