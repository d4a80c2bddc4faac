import Testing

@testable import NatoAzBenchKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Zipf rank distribution")
struct RankDistributionTests {
    let distribution = RankDistribution()

    @Test("the head follows rank^-1 and the tail rank^-1.8")
    func shape() {
        let head = distribution.probability(of: 0) / distribution.probability(of: 9)
        #expect(abs(head - 10) < 0.01, "p(1)/p(10) = \(head)")
        let tail = distribution.probability(of: 9_999) / distribution.probability(of: 19_999)
        #expect(abs(tail - pow(2, 1.8)) < 0.01, "p(10k)/p(20k) = \(tail)")
    }

    @Test("sampling reproduces the probabilities")
    func sampling() {
        var rng = SplitMix64(seed: 42)
        var counts = [Int](repeating: 0, count: 101)
        let draws = 400_000
        var maximum = 0
        for _ in 0..<draws {
            let rank = distribution.sample(&rng)
            maximum = max(maximum, rank)
            counts[min(rank, 100)] += 1
        }
        for rank in [0, 1, 5, 50] {
            let expected = distribution.probability(of: rank) * Double(draws)
            let measured = Double(counts[rank])
            // Five standard deviations of a binomial count.
            #expect(abs(measured - expected) < 5 * expected.squareRoot() + 1, "rank \(rank)")
        }
        #expect(maximum > 10_000 && maximum < distribution.rankCount)
    }

    @Test("split generators are independent of order and deterministic")
    func streams() {
        var a = SplitMix64(seed: 1, stream: 3, item: 5)
        var b = SplitMix64(seed: 1, stream: 3, item: 5)
        var c = SplitMix64(seed: 1, stream: 3, item: 6)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
        for bound in [1, 2, 7, 1_000] {
            #expect((0..<200).allSatisfy { _ in a.below(bound) < bound })
        }
    }
}
