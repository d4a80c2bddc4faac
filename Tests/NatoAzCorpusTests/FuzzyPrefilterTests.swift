import Testing

@testable import NatoAzCorpus

/// The typo-tolerant scan skips terms whose scalar sets differ by more than the edit limit;
/// that is only correct if the difference never exceeds the real distance.
struct FuzzyPrefilterTests {
    /// Deterministic words over a small alphabet (so near neighbours are common), mutated by
    /// random edits including adjacent transpositions.
    @Test func scalarSetDifferenceNeverExceedsEditDistance() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        // Latin, Cyrillic and scalars 64 apart (which share a mask bit).
        let alphabet: [UInt32] = [0x61, 0x62, 0x65, 0x6F, 0x73, 0x74, 0x430, 0x431, 0xA1, 0xE1]
        var distance = EditDistance()
        var checked = 0
        for _ in 0..<5_000 {
            let a = (0..<(1 + next(10))).map { _ in alphabet[next(alphabet.count)] }
            var b = a
            for _ in 0..<next(4) {
                switch next(4) {
                case 0: b.insert(alphabet[next(alphabet.count)], at: next(b.count + 1))
                case 1 where !b.isEmpty: b.remove(at: next(b.count))
                case 2 where !b.isEmpty: b[next(b.count)] = alphabet[next(alphabet.count)]
                case 3 where b.count > 1:
                    let i = next(b.count - 1)
                    b.swapAt(i, i + 1)
                default: break
                }
            }
            guard !b.isEmpty, let d = distance.within(a, b, limit: 3) else { continue }
            let maskA = TermDictionary.scalarMask(a)
            let maskB = TermDictionary.scalarMask(b)
            #expect((maskA & ~maskB).nonzeroBitCount <= d, "\(a) -> \(b)")
            #expect((maskB & ~maskA).nonzeroBitCount <= d, "\(a) -> \(b)")
            checked += 1
        }
        #expect(checked > 1_000)
    }
}
