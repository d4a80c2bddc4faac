import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The index build's two hash tables keyed by bytes: keys up to 8 bytes and up to 2 term ids
/// are stored inline in ``TokenCache`` entries, longer ones in arenas; both layouts must find
/// exactly what was stored and nothing else.
@Suite struct TokenCacheTests {
    /// Random words of 1-24 bytes from a small alphabet of ASCII, Cyrillic and Azerbaijani
    /// letters, so keys collide in prefixes and lengths straddle the inline limit.
    static func randomWords(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        let letters: [String] = ["a", "b", "e", "n", "т", "о", "ə", "ı", "'", "1"]
        return (0..<count).map { _ in
            var word = ""
            while word.utf8.count < 1 + Int(generator.next() % 24) {
                word += letters[Int(generator.next() % UInt64(letters.count))]
            }
            return word
        }
    }

    /// ``TokenCache/warm(_:)`` reads the entries a field's lookups will find: the term ids it
    /// counts are those of the stored tokens whose first probe finds them (all but a few
    /// collisions), and none for tokens never stored.
    @Test func warmCountsTheIDsOfStoredTokens() {
        // Sorted: a Set's order changes with every process (Swift seeds its hashing), and
        // with it which tokens collide; in one CI run the count fell one short of the 3/4 bound.
        let words = Set(Self.randomWords(count: 2_000, seed: 5)).sorted()
        var cache = TokenCache()
        var hashes: [UInt64] = []
        var totalIDs = 0
        for (number, word) in words.enumerated() {
            var text = word
            text.withUTF8 { bytes in
                let token = WordToken(
                    start: 0, end: bytes.count, baseEnd: bytes.count, position: 0, kind: .word)
                hashes.append(TokenCache.hash(of: token, in: bytes, language: .russian))
                guard
                    case .missing(let slot, let hash) = cache.lookUp(
                        bytes, token, language: .russian, hash: hashes[number])
                else { return }
                let ids = (0..<UInt32(number % 4)).map { $0 }
                totalIDs += ids.count
                _ = cache.insert(
                    bytes, token, language: .russian, slot: slot, hash: hash, termIDs: ids)
            }
        }
        let counted = cache.warm(hashes)
        #expect(counted <= totalIDs)
        #expect(counted > totalIDs * 3 / 4, "\(counted) of \(totalIDs)")
        #expect(cache.warm(hashes.map { $0 ^ 0x5555_5555_0000_0000 }) == 0)
        #expect(cache.warm([]) == 0)
    }

    @Test func cacheFindsEveryTokenWithItsIDsAndCounts() {
        let words = Self.randomWords(count: 3_000, seed: 11)
        var cache = TokenCache()
        var expected: [String: (entry: Int, ids: [UInt32], count: UInt32)] = [:]
        var firstIDs: [String: [UInt32]] = [:]
        for (number, word) in words.enumerated() {
            var text = word
            text.withUTF8 { bytes in
                let token = WordToken(
                    start: 0, end: bytes.count, baseEnd: bytes.count, position: 0, kind: .word)
                switch cache.lookUp(bytes, token, language: .english) {
                case .found(let entry):
                    #expect(expected[word]?.entry == entry, "\(word) found at another entry")
                    expected[word]?.count += 1
                case .missing(let slot, let hash):
                    #expect(expected[word] == nil, "\(word) stored but not found")
                    #expect(hash == TokenCache.hash(of: token, in: bytes, language: .english))
                    // 0 to 4 ids, so both the inline and the arena layout occur.
                    let ids = (0..<UInt32(number % 5)).map { UInt32(number) * 10 + $0 }
                    let entry = cache.insert(
                        bytes, token, language: .english, slot: slot, hash: hash, termIDs: ids)
                    expected[word] = (entry, ids, 1)
                    firstIDs[word] = ids
                }
            }
        }
        #expect(expected.count == Set(words).count)
        #expect(cache.entries.count == expected.count)
        for (word, stored) in expected {
            let entry = cache.entries[stored.entry]
            #expect(cache.surface(of: entry) == word)
            #expect(entry.count == stored.count)
            var pairs: [UInt64] = []
            cache.appendPairs(ofEntry: stored.entry, position: 7, to: &pairs)
            #expect(pairs == stored.ids.map { UInt64($0) << 32 | 7 })
            #expect(cache.primaryTermID(of: entry) == stored.ids.first)
        }
    }

    @Test func cacheKeysIncludeLanguageKindAndApostropheBase() {
        var cache = TokenCache()
        var text = "Baku'da"
        text.withUTF8 { bytes in
            let variants: [(WordToken, Language)] = [
                (WordToken(start: 0, end: 7, baseEnd: 7, position: 0, kind: .word), .english),
                (WordToken(start: 0, end: 7, baseEnd: 4, position: 0, kind: .word), .english),
                (WordToken(start: 0, end: 7, baseEnd: 7, position: 0, kind: .compound), .english),
                (WordToken(start: 0, end: 7, baseEnd: 7, position: 0, kind: .word), .turkish),
            ]
            for (number, (token, language)) in variants.enumerated() {
                guard
                    case .missing(let slot, let hash) = cache.lookUp(
                        bytes, token, language: language)
                else {
                    Issue.record("variant \(number) matched an earlier one")
                    continue
                }
                _ = cache.insert(
                    bytes, token, language: language, slot: slot, hash: hash,
                    termIDs: [UInt32(number)])
            }
            for (number, (token, language)) in variants.enumerated() {
                guard case .found(let entry) = cache.lookUp(bytes, token, language: language)
                else {
                    Issue.record("variant \(number) not found")
                    continue
                }
                #expect(entry == number)
            }
        }
    }

    @Test func vocabularyNumbersTermsByBytesAndSortsThemByBytes() {
        let words = Self.randomWords(count: 5_000, seed: 12) + ["", "a", "a"]
        var vocabulary = ShardVocabulary()
        var numbers: [String: UInt32] = [:]
        for word in words {
            let (id, isNew) = vocabulary.id(of: word)
            if let known = numbers[word] {
                #expect(id == known && !isNew)
            } else {
                #expect(isNew && id == UInt32(numbers.count))
                numbers[word] = id
            }
        }
        #expect(vocabulary.count == numbers.count)
        for (word, id) in numbers { #expect(vocabulary.term(Int(id)) == word) }
        let sorted = vocabulary.sortedOrder().map { Array(vocabulary.term($0).utf8) }
        let expected = numbers.keys.map { Array($0.utf8) }.sorted {
            $0.lexicographicallyPrecedes($1)
        }
        #expect(sorted == expected)
    }
}
