import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The spellings table packs every spelling into one block of bytes; each term must read back
/// exactly the spellings and counts it was given, in order.
@Suite struct SurfaceFormTableTests {
    /// Terms with 0-4 spellings each: ASCII, Azerbaijani, Cyrillic, emoji, longer than the
    /// 15 bytes a String holds inline, and the empty string.
    static func grouped(terms: Int, seed: UInt64) -> [[SurfaceForm]] {
        var generator = SplitMix64(seed: seed)
        let pieces = ["NATO", "Türkiye", "Азербайджан", "Əliyev", "’s", "🇦🇿", "-", "peacekeeping"]
        return (0..<terms).map { _ in
            (0..<Int(generator.next() % 5)).map { _ in
                var text = ""
                for _ in 0..<Int(generator.next() % 4) {
                    text += pieces[Int(generator.next() % UInt64(pieces.count))]
                }
                // Counts across the varint's byte boundaries, up to the largest kept.
                let counts = [0, 1, 127, 128, 16_383, 16_384, 2_097_152, Int(UInt32.max)]
                let count =
                    generator.next() % 3 == 0
                    ? counts[Int(generator.next() % UInt64(counts.count))]
                    : Int(generator.next() % 100_000)
                return SurfaceForm(text: text, count: count)
            }
        }
    }

    static func table(_ grouped: [[SurfaceForm]]) -> SurfaceFormTable {
        var starts: [UInt32] = []
        var forms: [SurfaceForm] = []
        for spellings in grouped {
            starts.append(UInt32(forms.count))
            forms += spellings
        }
        starts.append(UInt32(forms.count))
        return SurfaceFormTable(forms: forms, starts: starts)
    }

    @Test(arguments: [(0, 1), (1, 2), (7, 3), (5_000, 4)])
    func everyTermReadsBackItsSpellings(terms: Int, seed: UInt64) {
        let grouped = Self.grouped(terms: terms, seed: seed)
        let table = Self.table(grouped)
        #expect(table.formCount == grouped.reduce(0) { $0 + $1.count })
        for (id, spellings) in grouped.enumerated() {
            #expect(Array(table[id]) == spellings)
            #expect(table[id].count == spellings.count)
            #expect(table[id].first == spellings.first)
            // Positions are numbers in the whole table (what Suggest entries keep).
            for (position, form) in zip(table[id].indices, spellings) {
                #expect(table.text(ofForm: position) == form.text)
            }
        }
        #expect(table == Self.table(grouped))
    }

    @Test func countsBeyond32BitsAreClampedNotWrapped() {
        let table = Self.table([[SurfaceForm(text: "NATO", count: Int(UInt32.max) + 5)]])
        #expect(table[0].first?.count == Int(UInt32.max))
    }

    @Test func tablesWithOtherSpellingsDiffer() {
        let one = Self.table([[SurfaceForm(text: "NATO", count: 3)], []])
        #expect(one != Self.table([[SurfaceForm(text: "Nato", count: 3)], []]))
        #expect(one != Self.table([[SurfaceForm(text: "NATO", count: 4)], []]))
        #expect(one != Self.table([[], [SurfaceForm(text: "NATO", count: 3)]]))
    }
}
