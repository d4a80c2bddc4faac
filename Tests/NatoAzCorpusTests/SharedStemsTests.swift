import Dispatch
import NatoAzTestSupport
import Synchronization
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The Turkish stems an index build's shards share (``SharedStems``): a stemmer with a writer
/// gives every word the stem a stemmer of its own gives, whichever thread stemmed it first,
/// and a full table or an overlong word only leaves stems unshared.
@Suite struct SharedStemsTests {
    /// Turkish and Azerbaijani-looking words from endings, many of them made by several threads.
    static func words(seed: UInt64, count: Int) -> [String] {
        let parts = [
            "ev", "kitap", "göz", "yol", "lar", "ler", "ın", "in", "un", "ün", "da", "de", "dan",
            "den", "ı", "i", "u", "ü", "sı", "si", "nın", "nin", "yla", "yle", "ki", "dır", "dir",
            "mız", "miz", "ımız", "leri", "ları", "türk", "bakı", "ş", "ğ", "ç", "ö",
        ]
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<(1 + generator.next() % 4)).map { _ in
                parts[Int(generator.next() % UInt64(parts.count))]
            }.joined()
        }
    }

    static func stem(_ word: String, _ stemmer: SnowballStemmer) -> [UInt8]? {
        var word = word
        return word.withUTF8 { stemmer.stem(utf8: $0).map { Array($0) } }
    }

    @Test(.hangGuard) func threadsSharingStemsGetTheStemsOfTheirOwn() throws {
        let reference = try #require(SnowballStemmer(.turkish))
        let threads = 4
        // Each thread stems the same words from another start, and some of its own.
        let common = Self.words(seed: 31, count: 3_000)
        let lists = (0..<threads).map { number in
            Array(common[(750 * number)...] + common[..<(750 * number)])
                + Self.words(seed: 37 + UInt64(number), count: 500)
        }
        let expected = lists.map { $0.map { Self.stem($0, reference) } }
        let table = SharedStems(expectedWords: 20_000, writers: threads)
        let results = Mutex([[[UInt8]?]](repeating: [], count: threads))
        DispatchQueue.concurrentPerform(iterations: threads) { number in
            guard let stemmer = SnowballStemmer(.turkish) else { return }
            stemmer.shared = table.writer(number)
            let stems = lists[number].map { Self.stem($0, stemmer) }
            results.withLock { $0[number] = stems }
        }
        let got = results.withLock { $0 }
        #expect(got == expected)
        // Every distinct word is found now, with its stem.
        var found = 0
        for word in Set(lists.joined()) {
            var word = word
            let shared = word.withUTF8 {
                table.find($0, hash: SharedStems.hash($0)).map(Array.init)
            }
            if let shared {
                found += 1
                #expect(shared == Self.stem(word, reference))
            }
        }
        #expect(found == Set(lists.joined()).count)
    }

    @Test(.hangGuard) func aFullTableStopsSharingAndStemsStayRight() throws {
        let reference = try #require(SnowballStemmer(.turkish))
        let stemmer = try #require(SnowballStemmer(.turkish))
        // The smallest table, 4,096 slots: a writer stops past half of them.
        let table = SharedStems(expectedWords: 1, writers: 1)
        stemmer.shared = table.writer(0)
        let words = Array(Set(Self.words(seed: 5, count: 20_000)))
        #expect(words.count > 4_096)
        for word in words { #expect(Self.stem(word, stemmer) == Self.stem(word, reference)) }
        var found = 0
        for word in words {
            var word = word
            if word.withUTF8({ table.find($0, hash: SharedStems.hash($0)) }) != nil { found += 1 }
        }
        #expect(found > 1_000)
        #expect(found <= 2_049)
        // A word longer than an entry holds is stemmed, not shared.
        let long = String(repeating: "kitaplar", count: 40)
        #expect(Self.stem(long, stemmer) == Self.stem(long, reference))
        #expect(table.writer(1) == nil)
    }
}
