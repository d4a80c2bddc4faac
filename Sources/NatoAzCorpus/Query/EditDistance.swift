/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), bounded:
/// returns nil as soon as the distance must exceed `limit`, which keeps vocabulary scans cheap.
enum EditDistance {
    static func within(
        _ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int
    ) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        var previous2 = [Int](repeating: 0, count: width)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            row[0] = i
            var best = row[0]
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
