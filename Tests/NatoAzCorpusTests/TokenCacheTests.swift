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

    /// ``TokenCache/equalBytes(_:_:count:)`` (the caches' key comparison, which decides only
    /// when 32 bits of the hash already match: a wrong answer would rarely show in a build)
    /// says what `memcmp` says, for every length up to 40 and a difference at every byte.
    @Test func equalBytesIsMemcmpsEquality() {
        var generator = SplitMix64(seed: 31)
        for count in 1...40 {
            let left = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            var cases = [left]
            for index in 0..<count {
                var changed = left
                changed[index] ^= UInt8(1 + generator.next() % 255)
                cases.append(changed)
            }
            for (number, right) in cases.enumerated() {
                left.withUnsafeBufferPointer { left in
                    right.withUnsafeBufferPointer { right in
                        let equal = TokenCache.equalBytes(
                            left.baseAddress!, right.baseAddress!, count: count)
                        #expect(equal == (number == 0), "\(count) bytes, case \(number)")
                    }
                }
            }
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

    /// Entry numbers are slots, which move when the table grows: a found or inserted number
    /// names the token's entry until the next insertion, and at the end every token is found
    /// once more with all its ids and occurrences (7,000 random words grow the table twice;
    /// 40,000 five times, each growth filing the entries by their tags' bits). A cache sized
    /// for the words ahead (`expectedCount`, as a shard sizes its cache from its text) finds
    /// the same, growing only past the count it was sized for (its arenas reserved for twice
    /// the count, as a shard's are).
    @Test(arguments: [(7_000, 0), (40_000, 0), (40_000, 40_000), (40_000, 10_000)])
    func cacheFindsEveryTokenWithItsIDsAndCounts(wordCount: Int, expectedCount: Int) {
        let words = Self.randomWords(count: wordCount, seed: 11)
        var cache = TokenCache(expectedCount: expectedCount, reserving: 2 * expectedCount)
        var expected: [String: (ids: [UInt32], count: UInt32)] = [:]
        func check(_ cache: borrowing TokenCache, _ number: Int, _ word: String) {
            let entry = cache.entry(number)
            #expect(cache.surface(of: entry) == word)
            #expect(entry.count == expected[word]?.count)
            let pairs = cache.pairs(ofEntry: number, position: 7)
            #expect(pairs == expected[word]?.ids.map { UInt64($0) << 32 | 7 })
            #expect(cache.primaryTermID(of: entry) == expected[word]?.ids.first)
        }
        for (number, word) in words.enumerated() {
            var text = word
            text.withUTF8 { bytes in
                let token = WordToken(
                    start: 0, end: bytes.count, baseEnd: bytes.count, position: 0, kind: .word)
                switch cache.lookUp(bytes, token, language: .english) {
                case .found(let entry):
                    #expect(expected[word] != nil, "\(word) found but never stored")
                    expected[word]?.count += 1
                    check(cache, entry, word)
                case .missing(let slot, let hash):
                    #expect(expected[word] == nil, "\(word) stored but not found")
                    #expect(hash == TokenCache.hash(of: token, in: bytes, language: .english))
                    // 0 to 4 ids, so both the inline and the arena layout occur.
                    let ids = (0..<UInt32(number % 5)).map { UInt32(number) * 10 + $0 }
                    expected[word] = (ids, 1)
                    let entry = cache.insert(
                        bytes, token, language: .english, slot: slot, hash: hash, termIDs: ids)
                    check(cache, entry, word)
                }
            }
        }
        #expect(expected.count == Set(words).count)
        #expect(cache.count == expected.count)
        var listed = 0
        cache.forEachEntry { _, entry in
            listed += 1
            #expect(entry.count == expected[cache.surface(of: entry)]?.count)
        }
        #expect(listed == expected.count)
        for word in expected.keys {
            var text = word
            text.withUTF8 { bytes in
                let token = WordToken(
                    start: 0, end: bytes.count, baseEnd: bytes.count, position: 0, kind: .word)
                guard case .found(let entry) = cache.lookUp(bytes, token, language: .english)
                else {
                    Issue.record("\(word) not found")
                    return
                }
                expected[word]?.count += 1
                check(cache, entry, word)
            }
        }
    }

    /// A token's packed key read in one 8-byte load is the byte-by-byte packing, for every
    /// start and length up to 8, including tokens too near the text's end for the load.
    @Test func packedLoadMatchesPackingByteByByte() {
        var generator = SplitMix64(seed: 3)
        let text = (0..<40).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        text.withUnsafeBufferPointer { bytes in
            for start in 0...bytes.count {
                for length in 0...min(8, bytes.count - start) {
                    let token = WordToken(
                        start: start, end: start + length, baseEnd: start + length, position: 0,
                        kind: .word)
                    #expect(
                        TokenCache.packed(bytes, token)
                            == TokenCache.packed(
                                UnsafeBufferPointer(rebasing: bytes[start..<start + length])))
                }
            }
        }
    }

    /// An entry is half a cache line, so one read finds a token seen before.
    @Test func entriesAreThirtyTwoBytes() {
        #expect(MemoryLayout<TokenCache.Entry>.stride == 32)
    }

    /// Keys whose lengths do not fit the entry's 16 bits keep them in the key arena: such a
    /// key is found again, told apart from the same bytes with another apostrophe base, and
    /// given back whole; the empty key (never made by the tokenizer) is stored the same way.
    @Test func keysOfSixtyFourKiBAndMoreAreStoredWhole() {
        var cache = TokenCache()
        let long = Array(repeating: UInt8(ascii: "a"), count: 70_000) + [UInt8(ascii: "b")]
        long.withUnsafeBufferPointer { bytes in
            let tokens = [
                WordToken(
                    start: 0, end: bytes.count, baseEnd: bytes.count, position: 0, kind: .word),
                WordToken(start: 0, end: bytes.count, baseEnd: 65_536, position: 0, kind: .word),
                WordToken(
                    start: 1, end: bytes.count, baseEnd: bytes.count, position: 0, kind: .word),
                WordToken(start: 5, end: 5, baseEnd: 5, position: 0, kind: .word),
                WordToken(start: 6, end: 6, baseEnd: 6, position: 0, kind: .word),
            ]
            for (number, token) in tokens.enumerated() {
                switch cache.lookUp(bytes, token, language: .english) {
                case .found:
                    // Two empty keys are the same key.
                    #expect(number == 4, "token \(number) matched an earlier one")
                case .missing(let slot, let hash):
                    _ = cache.insert(
                        bytes, token, language: .english, slot: slot, hash: hash,
                        termIDs: [UInt32(number)])
                }
            }
            for (number, token) in tokens.enumerated() {
                guard case .found(let entry) = cache.lookUp(bytes, token, language: .english)
                else {
                    Issue.record("token \(number) not found")
                    continue
                }
                let pairs = cache.pairs(ofEntry: entry, position: 0)
                #expect(pairs == [UInt64(min(number, 3)) << 32])
                #expect(
                    cache.withKey(of: cache.entry(entry)) { Array($0) }
                        == Array(bytes[token.start..<token.end]))
            }
        }
        #expect(cache.count == 4)
    }

    /// Also in a vocabulary sized for more terms than it gets, and for fewer (it grows, its
    /// arenas past the room reserved for them too).
    @Test(arguments: [0, 1_000, 100_000])
    func vocabularyNumbersTermsByBytesAndSortsThemByBytes(expectedCount: Int) {
        let words = Self.randomWords(count: 5_000, seed: 12) + ["", "a", "a"]
        var vocabulary = ShardVocabulary(
            expectedCount: expectedCount, reserving: 2 * expectedCount)
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

    /// A table sized for a count is the smallest (of at least 4,096 slots) at most half full
    /// with it: the size the doublings from 4,096 slots reach with that count.
    @Test func tablesSizedForACountAreWhatGrowingReaches() {
        #expect(TokenCache.tableBits(forCount: 0) == 12)
        #expect(TokenCache.tableBits(forCount: 2_048) == 12)
        #expect(TokenCache.tableBits(forCount: 2_049) == 13)
        #expect(TokenCache.tableBits(forCount: 629_000) == 21)
        #expect(TokenCache.tableBits(forCount: 1 << 20) == 21)
        #expect(TokenCache.tableBits(forCount: (1 << 20) + 1) == 22)
        #expect(!TokenCache.isFull(count: 1 << 19, slots: 1 << 20))
        #expect(TokenCache.isFull(count: (1 << 19) + 1, slots: 1 << 20))
        // The shard's estimate grows with its text, and stays below the cap.
        let sizes = [0, 1_000, 1_250_000, 12_500_000, 125_000_000, 1 << 40].map {
            IndexShard.expectedDistinctTokens(textBytes: $0)
        }
        #expect(sizes == sizes.sorted() && sizes[0] == 0 && sizes.last == 1 << 24)
    }
}

extension TokenCache {
    /// What ``writePairs(ofEntry:position:to:)`` writes for entry `number`, as an array.
    fileprivate func pairs(ofEntry number: Int, position: UInt32) -> [UInt64] {
        let count = idsCount(ofEntry: number)
        return [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                writePairs(ofEntry: number, position: position, to: base)
            }
            initialized = count
        }
    }
}
