/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), bounded:
/// gives up as soon as the distance must exceed the limit, which keeps vocabulary scans cheap.
/// Keeps its row buffers between calls, so a scan allocates nothing per term.
struct EditDistance {
    private var previous2: [Int] = []
    private var previous: [Int] = []
    private var row: [Int] = []

    /// The distance between `a` and `b` if it is at most `limit`, else nil.
    mutating func within(_ a: [UInt32], _ b: [UInt32], limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        previous2.removeAll(keepingCapacity: true)
        previous2.append(contentsOf: repeatElement(0, count: width))
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: 0...b.count)
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: repeatElement(0, count: width))
        for i in 1...a.count {
            row[0] = i
            var best = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                row[j] = value
                best = min(best, value)
            }
            if best > limit { return nil }
            swap(&previous2, &previous)
            swap(&previous, &row)
        }
        let distance = previous[b.count]
        return distance <= limit ? distance : nil
    }
}
