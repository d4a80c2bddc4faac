#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Word ranks drawn from a two-regime Zipf law, so the synthetic vocabulary grows like a real one.
///
/// Real text follows Zipf's law (frequency ∝ rank^-1) for its common words and falls off faster
/// (about rank^-2) in the tail of rare words (Ferrer i Cancho and Solé, 2001). Sampling from that
/// shape is what makes the number of distinct words grow with the corpus as Heaps' law says
/// (V ≈ K·n^β with β = 1/tailExponent ≈ 0.55), so a 100k-article corpus has a realistically
/// larger vocabulary than a 1k-article one rather than the same closed word list.
///
///     weight(r) = r^-headExponent                               r ≤ knee
///               = knee^(tailExponent-headExponent) · r^-tailExponent   r > knee
///
/// Sampling is inversion over the cumulative table, started from a guide table (one entry per
/// 1/65,536 of probability) so a draw costs a lookup plus a short binary search.
struct RankDistribution: Sendable {
    /// `cumulative[r]` is P(rank ≤ r), ranks counted from 0.
    private let cumulative: [Double]
    /// `guide[k]` is the first rank whose cumulative probability reaches `k / guideCount`.
    private let guide: [Int32]
    private static let guideCount = 1 << 16

    let rankCount: Int

    init(
        rankCount: Int = 1 << 20, knee: Int = 5_000, headExponent: Double = 1.0,
        tailExponent: Double = 1.8
    ) {
        precondition(rankCount > 1 && knee >= 1, "a rank distribution needs ranks")
        self.rankCount = rankCount
        var weights = [Double](repeating: 0, count: rankCount)
        let kneeFactor = pow(Double(knee), tailExponent - headExponent)
        var total = 0.0
        for index in 0..<rankCount {
            let rank = Double(index + 1)
            let weight =
                index < knee ? pow(rank, -headExponent) : kneeFactor * pow(rank, -tailExponent)
            weights[index] = weight
            total += weight
        }
        var running = 0.0
        for index in 0..<rankCount {
            running += weights[index] / total
            weights[index] = running
        }
        weights[rankCount - 1] = 1.0
        cumulative = weights

        var guide = [Int32](repeating: 0, count: Self.guideCount + 1)
        var rank = 0
        for bucket in 0...Self.guideCount {
            let threshold = Double(bucket) / Double(Self.guideCount)
            while rank < rankCount - 1 && cumulative[rank] < threshold { rank += 1 }
            guide[bucket] = Int32(rank)
        }
        self.guide = guide
    }

    /// A rank in `0..<rankCount`, 0 being the most frequent.
    func sample(_ rng: inout SplitMix64) -> Int {
        let u = rng.unit()
        let bucket = Int(u * Double(Self.guideCount))
        var low = Int(guide[bucket])
        var high = Int(guide[bucket + 1])
        // Invariant: the answer is the first rank in low...high with cumulative > u.
        while low < high {
            let middle = (low + high) >> 1
            if cumulative[middle] > u { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The probability of `rank` (for statistics and tests).
    func probability(of rank: Int) -> Double {
        rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1]
    }
}
