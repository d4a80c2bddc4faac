import Testing

@testable import NatoAzCorpus

/// The typo-tolerant vocabulary walk prunes whole prefixes of the sorted vocabulary; it must
/// find exactly the terms a brute-force distance over every term finds.
struct FuzzyTermWalkTests {
    /// A deterministic generator (so failures reproduce).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func bruteForce(_ query: [UInt32], limit: Int, terms: [String], range: Range<Int>)
        -> [Int]
    {
        var distance = EditDistance()
        return range.filter {
            distance.within(query, terms[$0].unicodeScalars.map(\.value), limit: limit) != nil
        }
    }

    /// Words over a small alphabet (Latin, Cyrillic, a 2-byte and a 3-byte scalar, so UTF-8
    /// prefixes of several widths are skipped), queried with words mutated by random edits,
    /// adjacent transpositions included.
    @Test func walkFindsWhatBruteForceFinds() {
        var random = Generator(state: 0x9E37_79B9_7F4A_7C15)
        let alphabet: [Unicode.Scalar] = ["a", "b", "e", "o", "s", "t", "ä", "а", "б", "ə", "ḁ"]
        func word(_ length: Int) -> [Unicode.Scalar] {
            (0..<length).map { _ in alphabet[random.next(alphabet.count)] }
        }
        var vocabulary = Set<String>()
        while vocabulary.count < 1_500 {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: word(1 + random.next(11)))
            vocabulary.insert(String(scalars))
        }
        let terms = vocabulary.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let sorted = SortedTerms(terms)
        var checked = 0
        var matched = 0
        for _ in 0..<50 {
            var query = Array(terms[random.next(terms.count)].unicodeScalars)
            for _ in 0..<random.next(4) {
                switch random.next(4) {
                case 0:
                    query.insert(
                        alphabet[random.next(alphabet.count)], at: random.next(query.count + 1))
                case 1 where query.count > 1: query.remove(at: random.next(query.count))
                case 2: query[random.next(query.count)] = alphabet[random.next(alphabet.count)]
                case 3 where query.count > 1:
                    let i = random.next(query.count - 1)
                    query.swapAt(i, i + 1)
                default: break
                }
            }
            let values = query.map(\.value)
            for limit in 1...2 {
                let start = random.next(terms.count / 4)
                for range in [0..<terms.count, start..<(terms.count - start)] {
                    var walk = FuzzyTermWalk(query: values, limit: limit)
                    let found = walk.matches(in: sorted, range: range)
                    let expected = Self.bruteForce(values, limit: limit, terms: terms, range: range)
                    #expect(
                        found == expected, "\(String(String.UnicodeScalarView(query))) ≤ \(limit)")
                    checked += 1
                    matched += expected.count
                }
            }
        }
        #expect(checked == 200)
        #expect(matched > 50)  // the queries really have neighbours
    }

    /// The same check on a real vocabulary: every seed term of 5+ letters, misspelt.
    @Test func walkMatchesBruteForceOnTheSeedVocabulary() {
        let dictionary = SeedFixture.index.dictionary
        let terms = Array(dictionary.terms)
        let words = dictionary.wordIDs
        #expect(words.allSatisfy { TermDictionary.isWord(terms[$0]) })
        #expect((0..<words.lowerBound).allSatisfy { !TermDictionary.isWord(terms[$0]) })
        var random = Generator(state: 42)
        var matched = 0
        for id in words where terms[id].unicodeScalars.count >= 5 && random.next(4) == 0 {
            var query = terms[id].unicodeScalars.map(\.value)
            query.remove(at: random.next(query.count))
            let limit = query.count >= 9 ? 2 : 1
            var walk = FuzzyTermWalk(query: query, limit: limit)
            let found = walk.matches(in: dictionary.sorted, range: words)
            #expect(found == Self.bruteForce(query, limit: limit, terms: terms, range: words))
            #expect(found.contains(id))
            matched += 1
        }
        #expect(matched > 50)
    }

    /// Every run of terms sharing a prefix ends where the structure says.
    @Test func prefixRunsEndWhereTheTermsStopSharing() {
        let terms = SeedFixture.index.dictionary.terms
        let sorted = SortedTerms(terms)
        for first in stride(from: 0, to: terms.count, by: 7) {
            let scalars = Array(terms[first].unicodeScalars)
            for depth in 1...max(1, min(scalars.count, 6)) {
                let prefix = String(String.UnicodeScalarView(scalars.prefix(depth)))
                var end = first
                while end < terms.count,
                    terms[end].unicodeScalars.starts(with: prefix.unicodeScalars)
                {
                    end += 1
                }
                #expect(sorted.end(ofPrefix: depth, from: first) == end, "\(prefix)")
            }
        }
    }

    /// The pair table lists every distinct pair of leading scalars once, in order, each
    /// starting at the first term that has it.
    @Test func pairTableHoldsTheFirstTwoLevelsOfTheTrie() {
        let terms = SeedFixture.index.dictionary.terms
        let sorted = SortedTerms(terms)
        var keys: [UInt64] = []
        var starts: [Int32] = []
        for (index, term) in terms.enumerated() {
            let scalars = term.unicodeScalars.map(\.value)
            let key = SortedTerms.pairKey(scalars[0], scalars.count > 1 ? scalars[1] : nil)
            if keys.last != key {
                keys.append(key)
                starts.append(Int32(index))
            }
        }
        #expect(keys.count > 100)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        #expect(sorted.pairKeys == keys)
        #expect(sorted.pairStarts == starts)
        for id in stride(from: 0, to: terms.count, by: 5) {
            let pair = sorted.pair(holding: id)
            #expect(sorted.pairStart(pair) <= id && id < sorted.pairStart(pair + 1))
        }
    }

    /// The trie's arrays are read off the terms' UTF-8: the scalars each pair of neighbours
    /// shares, and each term's first two, must be those of the terms as strings, also where
    /// neighbours share only part of a scalar's bytes (`é` C3 A9, `è` C3 A8) and, for bytes
    /// that are not UTF-8, as `String` repairs them.
    @Test func trieArraysReadOffUTF8AreTheScalars() {
        func expectScalarsOf(_ block: UTF8Block) {
            let sorted = SortedTerms(TermStore(block))
            let scalars = block.indices.map { Array(block[$0].unicodeScalars.map(\.value)) }
            var keys: [UInt64] = []
            var starts: [Int32] = []
            for (index, term) in scalars.enumerated() {
                let shared =
                    index + 1 < scalars.count
                    ? zip(term, scalars[index + 1]).prefix(while: { $0 == $1 }).count : 0
                #expect(Int(sorted.commonPrefix[index]) == min(255, shared), "\(index)")
                guard let first = term.first else { continue }
                let previous = index > 0 ? scalars[index - 1] : []
                if index == 0 || zip(term, previous).prefix(while: { $0 == $1 }).count < 2 {
                    keys.append(SortedTerms.pairKey(first, term.count > 1 ? term[1] : nil))
                    starts.append(Int32(index))
                }
            }
            #expect(sorted.pairKeys == keys)
            #expect(sorted.pairStarts == starts)
        }
        let words = [
            "a", "ab", "abc", "ağ", "aç", "è", "é", "éa", "éé", "ǝ", "ə", "əb", "а", "аб", "ḁ",
            "ḁḁ", "中", "中文", "𝔸", "𝔸𝔹", "𝔹", String(repeating: "x", count: 300),
            String(repeating: "x", count: 301),
        ].sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        expectScalarsOf(UTF8Block(words))
        // Not UTF-8: a lone continuation byte, a truncated scalar, an overlong form, a
        // surrogate; taken as `String(decoding:as:)` repairs them.
        let broken: [[UInt8]] = [
            [0x61], [0x61, 0x80], [0x61, 0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
        ]
        var bytes: [UInt8] = []
        var offsets: [UInt32] = []
        for word in broken {
            offsets.append(UInt32(bytes.count))
            bytes += word
        }
        offsets.append(UInt32(bytes.count))
        expectScalarsOf(UTF8Block(bytes: bytes, starts: offsets))
    }

    @Test func prefixRangesAreFoundBySearchNotScan() {
        let dictionary = SeedFixture.index.dictionary
        let range = dictionary.termIDs(withPrefix: "a")
        #expect(!range.isEmpty)
        #expect(dictionary.terms[range].allSatisfy { $0.hasPrefix("a") })
        #expect(range.lowerBound == 0 || !dictionary.terms[range.lowerBound - 1].hasPrefix("a"))
        #expect(
            range.upperBound == dictionary.count
                || !dictionary.terms[range.upperBound].hasPrefix("a"))
        #expect(dictionary.termIDs(withPrefix: "zzzzzz").isEmpty)
    }
}
