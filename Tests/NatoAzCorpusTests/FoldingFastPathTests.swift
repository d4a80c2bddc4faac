import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// ``Folding``'s table path (``ScalarMapping``) must give exactly what the general libutf8proc
/// path gives, for every word it takes.
@Suite struct FoldingFastPathTests {
    /// Random words of 1-12 scalars below U+0530 and a few beyond it: letters of every case,
    /// combining marks (precomposed and decomposed forms), ignorables (soft hyphen, U+034F),
    /// the special cases (I, İ, ı, Ə, ə, Ё, ё, Й, й, ß, ŉ), Greek sigmas and unassigned points.
    static func randomWords(seed: UInt64, count: Int) -> [String] {
        var generator = SplitMix64(seed: seed)
        let special: [UInt32] = [
            0x49, 0x69, 0x130, 0x131, 0x18F, 0x259, 0x401, 0x451, 0x419, 0x439, 0xDF, 0x149,
            0x3A3, 0x3C2, 0x3C3, 0x300, 0x301, 0x306, 0x308, 0x327, 0x345, 0xAD, 0x34F, 0x378,
            0x483, 0x488, 0x1E9E, 0x4E00, 0xAC00, 0x1100, 0x1161,
        ]
        return (0..<count).map { _ in
            var scalars = String.UnicodeScalarView()
            for _ in 0..<(1 + Int(generator.next() % 12)) {
                let value: UInt32 =
                    generator.next() % 3 == 0
                    ? special[Int(generator.next() % UInt64(special.count))]
                    : UInt32(generator.next() % 0x530)
                scalars.append(Unicode.Scalar(value) ?? "a")
            }
            return String(scalars)
        }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func foldAgreesWithTheGeneralPath(seed: UInt64) {
        for word in Self.randomWords(seed: seed, count: 2_000) {
            #expect(
                Folding.fold(word) == Folding.generalFold(word[...]),
                "\(word.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(Array(Folding.fold(word).utf8) == Array(Folding.generalFold(word[...]).utf8))
        }
    }

    @Test(arguments: [5, 6, 7, 8] as [UInt64])
    func lowercasingAgreesWithTheGeneralPath(seed: UInt64) {
        for word in Self.randomWords(seed: seed, count: 2_000) {
            for turkic in [false, true] {
                #expect(
                    Array(Folding.lowercased(word[...], turkic: turkic).utf8)
                        == Array(Folding.generalLowercased(word[...], turkic: turkic).utf8),
                    "\(word.unicodeScalars.map { String($0.value, radix: 16) }) turkic \(turkic)")
            }
        }
    }

    @Test func everyScalarOfTheTableFoldsAsTheGeneralPathDoes() {
        for value in 0..<ScalarMapping.limit {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let word = "Ab" + String(Character(scalar)) + "ЯЁ"
            #expect(Array(Folding.fold(word).utf8) == Array(Folding.generalFold(word[...]).utf8))
        }
    }

    @Test func tablePathIsTakenForCyrillicAndTurkicWords() {
        #expect(ScalarMapping.folds.map("Столтенбергом") == "столтенбергом")
        #expect(ScalarMapping.folds.map("Ёлка") == "елка")
        #expect(ScalarMapping.folds.map("İlham Əliyev") == "ilham aliyev")
        #expect(ScalarMapping.turkicLowercases.map("IŞIK") == "ışık")
        #expect(ScalarMapping.lowercases.map("e\u{301}cole") == nil, "marks need composing")
        #expect(ScalarMapping.folds.map("北京") == nil)
    }
}
