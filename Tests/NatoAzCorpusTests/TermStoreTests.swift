import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The byte-block vocabulary answers exactly what `[String]` plus `[String: Int32]` answered.
@Suite struct TermStoreTests {
    /// Random terms over ASCII, Latin with diacritics, Cyrillic and control-character keys.
    static func randomTerms(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        let alphabet: [Unicode.Scalar] = Array("abcdeəğışçöüабвгдеёжз".unicodeScalars) + ["\u{1}"]
        var terms: Set<String> = []
        while terms.count < count {
            let length = 1 + Int(generator.next() % 24)  // across the 15-byte small-string limit
            var term = String.UnicodeScalarView()
            for _ in 0..<length {
                term.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
            }
            terms.insert(String(term))
        }
        return terms.sorted { IndexBuilder.compareUTF8($0, $1) < 0 }
    }

    @Test func lookupsEqualADictionaryOnRandomTerms() {
        let terms = Self.randomTerms(count: 5_000, seed: 11)
        let store = TermStore(terms)
        let reference = Dictionary(uniqueKeysWithValues: terms.enumerated().map { ($1, $0) })
        #expect(store.count == terms.count)
        #expect(Array(store) == terms)
        for (number, term) in terms.enumerated() {
            #expect(store.number(of: term) == reference[term])
            #expect(store[number] == term)
            #expect(store.withUTF8(number) { Array($0) } == Array(term.utf8))
        }
        // Terms of another draw: found exactly when the first draw has them.
        for term in Self.randomTerms(count: 5_000, seed: 12) {
            #expect(store.number(of: term) == reference[term])
        }
        #expect(store.number(of: "") == nil)
    }

    /// The index build fills the table of its distinct terms without comparing any, the
    /// slots asked for ahead: the same table as comparing each, for every size around the
    /// look-ahead (none, fewer terms than it looks ahead, many, with wrap-around).
    @Test func distinctTermsFillTheSameTable() {
        for count in [0, 1, 15, 16, 17, 5_000] {
            let block = UTF8Block(Self.randomTerms(count: count, seed: 21))
            let store = TermStore(block, distinct: true)
            #expect(store.slots == TermStore(block).slots, "\(count)")
            for number in block.indices {
                #expect(store.withUTF8(number) { store.number(ofUTF8: $0) } == number)
            }
        }
    }

    @Test func emptyAndRepeatedTerms() {
        let empty = TermStore([String]())
        #expect(empty.isEmpty)
        #expect(empty.number(of: "nato") == nil)
        // As a dictionary filled in order: the last of equal terms wins.
        let repeated = TermStore(["nato", "", "nato", "baku"])
        #expect(repeated.number(of: "nato") == 2)
        #expect(repeated.number(of: "") == 1)
        #expect(repeated.number(of: "bak") == nil)
        #expect(repeated[1] == "")
    }

    @Test func prefixRangesEqualAScanOnRandomTerms() {
        let terms = Self.randomTerms(count: 3_000, seed: 5)
        let dictionary = TermDictionary(
            terms: terms, documentFrequencies: Array(repeating: 1, count: terms.count),
            collectionFrequencies: Array(repeating: 1, count: terms.count),
            languageMasks: Array(repeating: 1, count: terms.count),
            postingOffsets: Array(repeating: 0, count: terms.count + 1))
        for prefix in ["", "a", "ab", "ə", "аб", "\u{1}", "zz", "ğı", "ё"] {
            let expected = terms.indices.filter { terms[$0].utf8.starts(with: prefix.utf8) }
            let range = dictionary.termIDs(withPrefix: prefix)
            #expect(Array(range) == expected, "prefix \(prefix)")
        }
        let words = terms.indices.filter { TermDictionary.isWord(terms[$0]) }
        #expect(Array(dictionary.wordIDs) == words)
    }
}
