import NatoAzBenchKit
import Testing

@testable import NatoAzCorpus

/// Front-coded sorted strings against the plain block they replace: every string read back,
/// sequential reads from any position, and the lower bound of keys in and between them.
@Suite struct FrontCodedStringsTests {
    /// Sorted, distinct strings with long shared prefixes, non-ASCII, empty and long ones.
    static func sortedStrings(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        let alphabet = Array("aab'çəйж-z").map(String.init)
        var strings = Set<String>()
        if count > 0 { strings.insert("") }
        while strings.count < count {
            let length = Int.random(
                in: 1...(Int.random(in: 0..<50, using: &generator) == 0 ? 300 : 9),
                using: &generator)
            strings.insert(
                (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined())
        }
        return strings.sorted { IndexBuilder.compareUTF8($0, $1) < 0 }
    }

    @Test(arguments: [(0, UInt64(1)), (1, 2), (15, 3), (16, 4), (17, 5), (3_000, 6)])
    func readsBackAndSearchesLikeAPlainBlock(count: Int, seed: UInt64) {
        let strings = Self.sortedStrings(count: count, seed: seed)
        let coded = FrontCodedStrings(strings)
        let plain = UTF8Block(strings)
        #expect(coded.count == strings.count)
        for (position, string) in strings.enumerated() { #expect(coded[position] == string) }
        var read: [String] = []
        coded.forEach(from: 0) { utf8 in
            read.append(String(decoding: utf8, as: UTF8.self))
            return true
        }
        #expect(read == strings)
        if count > 0 {
            var generator = SplitMix64(seed: seed)
            for _ in 0..<50 {
                let start = Int.random(in: 0..<count, using: &generator)
                var taken: [String] = []
                coded.forEach(from: start) { utf8 in
                    taken.append(String(decoding: utf8, as: UTF8.self))
                    return taken.count < 20
                }
                #expect(taken == Array(strings[start...].prefix(20)))
            }
        }
        var keys = strings + ["", "a", "aa", "zzzz", "ж", "b'", "\u{10FFFF}"]
        keys += Self.sortedStrings(count: min(200, count + 5), seed: seed + 1000)
        for key in keys {
            let utf8 = Array(key.utf8)
            #expect(coded.lowerBound(utf8) == plain.lowerBound(utf8, in: plain.indices), "\(key)")
        }
    }
}
