/// A language profile compiled into byte tables, so composing an article appends bytes and never
/// builds a `String` per word.
///
/// Rank `r` (0 = most frequent) names one word forever: the profile's real words take the top
/// ranks, and every rank after them is an invented word spelt from the profile's syllables by a
/// generator seeded with the rank. The first `tableSize` ranks are spelt once at start-up; rarer
/// ones (about 2% of draws) are spelt when drawn.
struct Lexicon: Sendable {
    static let tableSize = 1 << 16

    let code: String
    let share: Int
    /// Turkish and Azerbaijani capitalise `i` as `İ`.
    let dottedCapitalI: Bool
    let headCount: Int
    let entities: [[UInt8]]
    let persons: [[UInt8]]
    let cities: [[UInt8]]
    let sentences: [[UInt8]]
    let months: [[UInt8]]
    let titles: [[TitlePart]]
    let backSuffixes: [[UInt8]]
    let frontSuffixes: [[UInt8]]

    private let spelling: Spelling
    private let table: [UInt8]
    private let tableEnds: [Int32]
    /// Whether the word at each table rank takes front-vowel suffixes.
    private let tableFront: [Bool]

    /// One piece of a title template.
    enum TitlePart: Sendable {
        case text([UInt8])
        case person, otherPerson, city, word
    }

    init(_ profile: LanguageProfile) {
        code = profile.code
        share = profile.share
        dottedCapitalI = profile.code == "tr" || profile.code == "az"
        headCount = profile.headWords.count
        entities = profile.entities.map { Array($0.utf8) }
        persons = profile.persons.map { Array($0.utf8) }
        cities = profile.cities.map { Array($0.utf8) }
        sentences = profile.sentences.map { Array($0.utf8) }
        months = profile.months.map { Array($0.utf8) }
        titles = profile.titles.map(Self.parseTitle)
        backSuffixes = profile.backSuffixes.map { Array($0.utf8) }
        frontSuffixes = profile.frontSuffixes.map { Array($0.utf8) }
        spelling = Spelling(profile)

        var table: [UInt8] = []
        table.reserveCapacity(Self.tableSize * 10)
        var ends: [Int32] = []
        ends.reserveCapacity(Self.tableSize)
        var front: [Bool] = []
        front.reserveCapacity(Self.tableSize)
        for rank in 0..<Self.tableSize {
            if rank < profile.headWords.count {
                table.append(contentsOf: profile.headWords[rank].utf8)
                front.append(false)
            } else {
                front.append(spelling.spell(rank: rank, into: &table))
            }
            ends.append(Int32(table.count))
        }
        self.table = table
        tableEnds = ends
        tableFront = front
    }

    /// Appends the word of `rank`; returns whether it takes front-vowel suffixes.
    @discardableResult
    func appendWord(rank: Int, to buffer: inout [UInt8]) -> Bool {
        if rank < Self.tableSize {
            let start = rank == 0 ? 0 : Int(tableEnds[rank - 1])
            buffer.append(contentsOf: table[start..<Int(tableEnds[rank])])
            return tableFront[rank]
        }
        return spelling.spell(rank: rank, into: &buffer)
    }

    /// Whether `rank` is an invented word (those take inflectional suffixes).
    func isInvented(rank: Int) -> Bool { rank >= headCount }

    /// The word of `rank` as a string (for query files and tests).
    func word(rank: Int) -> String {
        var bytes: [UInt8] = []
        appendWord(rank: rank, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func parseTitle(_ template: String) -> [TitlePart] {
        var parts: [TitlePart] = []
        var literal: [UInt8] = []
        var rest = Substring(template)
        let slots: [(String, TitlePart)] = [
            ("{P}", .person), ("{Q}", .otherPerson), ("{C}", .city), ("{W}", .word),
        ]
        outer: while !rest.isEmpty {
            for (marker, part) in slots where rest.hasPrefix(marker) {
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = []
                parts.append(part)
                rest = rest.dropFirst(marker.count)
                continue outer
            }
            literal.append(contentsOf: rest.first!.utf8)
            rest = rest.dropFirst()
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return parts
    }
}

/// Spells invented words from a profile's syllables; the same rank always gives the same word.
private struct Spelling: Sendable {
    let seed: UInt64
    let onsets: [[UInt8]]
    let backVowels: [[UInt8]]
    let frontVowels: [[UInt8]]
    let codas: [[UInt8]]
    let hasHarmony: Bool
    let minimumSyllables: Int

    init(_ profile: LanguageProfile) {
        seed = stableHash("natoaz-words-" + profile.code)
        onsets = profile.onsets.map { Array($0.utf8) }
        backVowels = profile.backVowels.map { Array($0.utf8) }
        frontVowels = profile.frontVowels.map { Array($0.utf8) }
        codas = profile.codas.map { Array($0.utf8) }
        hasHarmony = profile.backVowels != profile.frontVowels
        minimumSyllables = profile.minimumSyllables
    }

    /// Appends the invented word of `rank`; returns whether its vowels are front ones.
    func spell(rank: Int, into buffer: inout [UInt8]) -> Bool {
        var rng = SplitMix64(seed: seed, stream: 1, item: UInt64(rank))
        let front = hasHarmony && rng.chance(0.5)
        let vowels = front ? frontVowels : backVowels
        // Rarer words are longer, as in real vocabularies.
        let syllables = minimumSyllables + rng.below(2) + (rank > 2_000 ? rng.below(2) : 0)
        for index in 0..<syllables {
            if rng.chance(index == 0 ? 0.85 : 0.9) {
                buffer.append(contentsOf: onsets[rng.below(onsets.count)])
            }
            buffer.append(contentsOf: vowels[rng.below(vowels.count)])
            if rng.chance(0.3) { buffer.append(contentsOf: codas[rng.below(codas.count)]) }
        }
        return front
    }
}
