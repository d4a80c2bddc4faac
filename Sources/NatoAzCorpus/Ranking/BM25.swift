#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Okapi BM25 with a title boost (a simplified BM25F: title occurrences count extra).
///
/// ```
/// score(t, d) = idf(t) * tf' * (k1 + 1) / (tf' + k1 * (1 - b + b * |d| / avg|d|))
/// idf(t)      = ln(1 + (N - df + 0.5) / (df + 0.5))
/// tf'         = tf + titleBoost * titleTf
/// ```
struct BM25 {
    let parameters: RankingParameters
    let documentCount: Int
    let averageLength: Double

    func idf(documentFrequency: Int) -> Double {
        let n = Double(documentCount)
        let df = Double(documentFrequency)
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    func score(
        idf: Double, termFrequency: UInt32, titleFrequency: UInt32, length: UInt32
    ) -> Double {
        let tf = Double(termFrequency) + parameters.titleBoost * Double(titleFrequency)
        let norm = 1 - parameters.b + parameters.b * Double(length) / averageLength
        return idf * tf * (parameters.k1 + 1) / (tf + parameters.k1 * norm)
    }
}

/// Proximity: how tightly a document's matches of the query's parts cluster.
enum Proximity {
    /// The smallest window (in positions, first to last inclusive) that holds one position
    /// from every list; nil when a list is empty.
    static func smallestWindow(_ lists: [[UInt32]]) -> UInt32? {
        guard !lists.isEmpty, lists.allSatisfy({ !$0.isEmpty }) else { return nil }
        var cursors = [Int](repeating: 0, count: lists.count)
        var best = UInt32.max
        while true {
            var low = UInt32.max
            var high = UInt32.min
            var lowList = 0
            for (list, cursor) in cursors.enumerated() {
                let value = lists[list][cursor]
                if value < low {
                    low = value
                    lowList = list
                }
                high = max(high, value)
            }
            best = min(best, high - low + 1)
            cursors[lowList] += 1
            if cursors[lowList] == lists[lowList].count { return best }
        }
    }

    /// The score multiplier, from 1 (parts far apart) to `1 + boost` (parts adjacent).
    static func multiplier(window: UInt32, parts: Int, boost: Double) -> Double {
        guard parts > 1 else { return 1 }
        let ideal = Double(parts - 1)
        let actual = max(ideal, Double(window) - 1)
        return 1 + boost * ideal / actual
    }
}
