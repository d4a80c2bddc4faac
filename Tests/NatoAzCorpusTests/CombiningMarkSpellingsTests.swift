import NatoAzBenchKit
import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// Session 16's QA: a file of 7.9 MB of words made of a letter and 200 combining marks (all
/// one term, `a`, in 19,753 spellings) took 14.3 s to load (release): the term's spellings
/// were sorted as Swift strings, and each comparison normalised both. They are now ordered
/// by their NFC forms, made once each, which equate them as the strings do and order them
/// as the strings do but in rare runs of marks (see `IndexBuilder.BucketedSpelling.key`).
@Suite struct CombiningMarkSpellingsTests {
    /// Words of `a` and `marks` random combining marks (U+0300-U+036F, of several classes).
    static func words(_ count: Int, marks: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var word = "a"
            for _ in 0..<marks {
                word.unicodeScalars.append(
                    Unicode.Scalar(0x300 + UInt32(generator.next() % 0x70))!)
            }
            return word
        }
    }

    /// 20,000 spellings of `a` and 120 marks: 9.8 s in a debug build before, 0.9 s after.
    /// Parallelism 1 keeps the build on this thread, whose CPU time is the bound.
    @Test(.hangGuard) func manySpellingsOfMarksAreOrderedInTime() throws {
        let (built, cpu) = ThreadCPUTime.measure {
            let text = Self.words(20_000, marks: 120, seed: 5).joined(separator: " ")
            return IndexBuilder(options: AnalysisOptions(), parallelism: 1)
                .build(documents: [Document(id: "marks", lang: .english, paragraphs: [text])])
        }
        let id = try #require(built.dictionary.termID("a"))
        #expect(built.surfaceForms[id].count == 20_000)
        #expect(cpu < .seconds(6), "\(cpu)")
    }

    /// The order is the strings': canonically equal spellings (the same marks in another
    /// order of classes, or precomposed) summed, most frequent first, then as strings order.
    @Test func spellingsKeepTheStringsOrder() throws {
        var generator = SplitMix64(seed: 9)
        let base = Self.words(40, marks: 3, seed: 7) + ["á", "a\u{301}", "à", "a\u{300}", "a"]
        let picks = (0..<400).map { _ in base[Int(generator.next() % UInt64(base.count))] }
        let built = IndexBuilder(
            options: AnalysisOptions(), parallelism: 2, minimumDocumentsPerShard: 1
        ).build(
            documents: (0..<8).map { number in
                Document(
                    id: "d\(number)", lang: .english,
                    paragraphs: [picks[(number * 50)..<(number * 50 + 50)].joined(separator: " ")])
            })
        // Expected: grouped as strings (==), each group named by its least spelling (as
        // strings, then by bytes), most frequent first, then as strings.
        var groups: [(text: String, count: Int)] = []
        var counted: [[UInt8]: Int] = [:]
        for pick in picks { counted[Array(pick.utf8), default: 0] += 1 }
        let spellings: [(String, Int)] = counted.map {
            (String(decoding: $0.key, as: UTF8.self), $0.value)
        }.sorted {
            $0.0 != $1.0 ? $0.0 < $1.0 : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8)
        }
        for (text, count) in spellings {
            if let last = groups.last, last.text == text {
                groups[groups.count - 1].count += count
            } else {
                groups.append((text, count))
            }
        }
        let expected = groups.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.text < $1.text
        }
        let id = try #require(built.dictionary.termID("a"))
        let forms: [SurfaceForm] = Array(built.surfaceForms[id])
        #expect(forms.map { $0.text } == expected.map { $0.text })
        #expect(forms.map { $0.count } == expected.map { $0.count })
        #expect(forms.count < spellings.count, "some spellings are canonically equal")
    }
}
