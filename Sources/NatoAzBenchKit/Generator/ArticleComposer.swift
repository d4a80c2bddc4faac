#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one synthetic article into a byte buffer, in one of the seeds' layouts.
///
/// Everything an article contains is decided by a generator seeded with (corpus seed, article
/// index), so article 42 is the same whatever the corpus size, the worker count or the order.
struct ArticleComposer: Sendable {
    let lexicons: [Lexicon]
    let ranks: RankDistribution
    let seed: UInt64

    /// Cumulated language shares in percent, in `lexicons` order.
    private let shareBounds: [Int]

    static let facebookTrailer = Array("Bütün xəbərlər Facebook səhifəmizdə".utf8)

    /// The word tables and the rank distribution do not depend on the seed: they are built
    /// once per process (a global `let` is initialised lazily and thread-safely).
    private static let sharedTables = (
        lexicons: LanguageProfile.all.map(Lexicon.init), ranks: RankDistribution()
    )

    init(seed: UInt64) {
        self.seed = seed
        ranks = Self.sharedTables.ranks
        lexicons = Self.sharedTables.lexicons
        var bound = 0
        shareBounds = lexicons.map {
            bound += $0.share
            return bound
        }
    }

    /// The file name (without `.txt`) of article `index`: a zero-padded index, as the seeds
    /// have, and a hash so names do not sort by language or layout.
    func identifier(index: Int) -> String {
        var rng = SplitMix64(seed: seed, stream: 2, item: UInt64(index))
        let hex = String(rng.next(), radix: 16)
        let number = String(index)
        let padded = String(repeating: "0", count: max(0, 6 - number.count)) + number
        return padded + "_" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The index in `lexicons` of article `index`'s language, decided by its first draw.
    func languageIndex(of index: Int) -> Int {
        var rng = SplitMix64(seed: seed, stream: 3, item: UInt64(index))
        return chooseLanguage(&rng)
    }

    private func chooseLanguage(_ rng: inout SplitMix64) -> Int {
        let roll = rng.below(100)
        return shareBounds.firstIndex { roll < $0 } ?? 0
    }

    /// Replaces `buffer`'s contents with article `index` and describes what was written.
    /// `seen` collects the vocabulary ranks used per language (for the Heaps' law report).
    func compose(index: Int, into buffer: inout [UInt8], seen: inout VocabularyCoverage)
        -> ArticleRecord
    {
        buffer.removeAll(keepingCapacity: true)
        var rng = SplitMix64(seed: seed, stream: 3, item: UInt64(index))
        let languageIndex = chooseLanguage(&rng)
        var writer = Writer(
            lexicon: lexicons[languageIndex], language: languageIndex, ranks: ranks, rng: rng)
        let record = writer.writeArticle(into: &buffer, seen: &seen)
        return ArticleRecord(
            id: identifier(index: index), lang: lexicons[languageIndex].code,
            format: record.format, date: record.date, title: record.title, bytes: buffer.count)
    }
}

/// The per-article state of composition.
private struct Writer {
    let lexicon: Lexicon
    let language: Int
    let ranks: RankDistribution
    var rng: SplitMix64

    private static let space = UInt8(ascii: " ")
    private static let newline = UInt8(ascii: "\n")

    struct Outcome {
        var format: ArticleFormat
        var date: String?
        var title: String?
    }

    mutating func writeArticle(into out: inout [UInt8], seen: inout VocabularyCoverage) -> Outcome {
        // Body sizes are log-normal around 2.05 KB (files average about 2.5 KB), like news items.
        let target = min(20_000, max(300, Int(2_050 * logNormal(sigma: 0.45))))
        let date = randomDate()
        switch lexicon.code {
        case "en": return writeEnglish(date: date, target: target, out: &out, seen: &seen)
        case "ru": return writeRussian(date: date, target: target, out: &out, seen: &seen)
        default: return writeTurkic(date: date, target: target, out: &out, seen: &seen)
        }
    }

    // MARK: Layouts

    private mutating func writeEnglish(
        date: SimpleDate, target: Int, out: inout [UInt8], seen: inout VocabularyCoverage
    ) -> Outcome {
        let roll = rng.below(100)
        if roll < 30 {
            out.appendString(" date \(date.iso) By ")
            out.appendString(rng.pick(Self.authors))
            out.append(contentsOf: [Self.newline, Self.newline])
            writeBody(separator: "\n\n", target: target, out: &out, seen: &seen)
            if rng.chance(0.35) { out.appendString("\n\n--\n\n") }
            return Outcome(format: .dateByline, date: date.iso)
        } else if roll < 55 {
            out.appendString(" date \(date.iso) ")
            out.append(contentsOf: rng.pick(lexicon.cities))
            out.appendString(", ")
            out.append(contentsOf: lexicon.months[date.month - 1])
            out.appendString(" \(date.day), AZERTAC\n\n")
            writeBody(separator: "\n\n", target: target, out: &out, seen: &seen)
            return Outcome(format: .dateDateline, date: date.iso)
        } else if roll < 75 {
            out.appendString(rng.pick(["AZERBAIJAN", "BAKU", "BRUSSELS"]))
            out.appendString(", ")
            out.append(contentsOf: lexicon.months[date.month - 1])
            out.appendString(" \(date.day) - ")
            writeBody(separator: "\n\n", target: target, out: &out, seen: &seen)
            return Outcome(format: .capsDateline, date: date.yearless)
        } else {
            let title = writeTitle(out: &out)
            out.append(contentsOf: [Self.newline, Self.newline])
            writeBody(separator: "\n\n", target: target, out: &out, seen: &seen)
            if rng.chance(0.4) {
                out.append(contentsOf: [Self.newline, Self.newline])
                out.append(contentsOf: ArticleComposer.facebookTrailer)
            }
            return Outcome(format: .titleOnly, date: nil, title: title)
        }
    }

    private mutating func writeRussian(
        date: SimpleDate, target: Int, out: inout [UInt8], seen: inout VocabularyCoverage
    ) -> Outcome {
        if rng.chance(0.75) {
            let title = writeTitle(out: &out)
            out.append(Self.newline)
            writeLocalDate(date, withTime: true, out: &out)
            out.append(Self.newline)
            // The Russian seed separates paragraphs by a single line break.
            writeBody(separator: "\n", target: target, out: &out, seen: &seen)
            return Outcome(format: .titleDateTime, date: date.iso, title: title)
        }
        out.appendString(" date \(date.iso) ")
        out.append(contentsOf: rng.pick(lexicon.cities))
        out.appendString(", \(date.day) ")
        out.append(contentsOf: lexicon.months[date.month - 1])
        out.appendString(", АЗЕРТАДЖ\n\n")
        writeBody(separator: "\n\n", target: target, out: &out, seen: &seen)
        return Outcome(format: .dateDateline, date: date.iso)
    }

    /// Azerbaijani and Turkish share layouts; only Azerbaijani sites add the Facebook trailer.
    private mutating func writeTurkic(
        date: SimpleDate, target: Int, out: inout [UInt8], seen: inout VocabularyCoverage
    ) -> Outcome {
        let outcome: Outcome
        if lexicon.code == "az" && rng.chance(0.4) {
            out.appendString(" date \(date.iso) ")
            out.append(contentsOf: rng.pick(lexicon.cities))
            out.appendString(", \(date.day) ")
            out.append(contentsOf: lexicon.months[date.month - 1])
            out.appendString(", AZƏRTAC\n\n")
            writeBody(separator: "\n\n", target: target, out: &out, seen: &seen)
            outcome = Outcome(format: .dateDateline, date: date.iso)
        } else {
            let title = writeTitle(out: &out)
            out.append(Self.newline)
            let withTime = lexicon.code == "az" || rng.chance(0.35)
            writeLocalDate(date, withTime: withTime, out: &out)
            out.append(contentsOf: [Self.newline, Self.newline])
            writeBody(separator: "\n\n", target: target, out: &out, seen: &seen)
            outcome = Outcome(
                format: withTime ? .titleDateTime : .titleDate, date: date.iso, title: title)
        }
        if lexicon.code == "az" && rng.chance(0.5) {
            out.append(contentsOf: [Self.newline, Self.newline])
            out.append(contentsOf: ArticleComposer.facebookTrailer)
        }
        return outcome
    }

    /// `14 декабря 2021, 18:45`, `12 oktyabr 2023, 14:20`, `20 Eylül 2024`.
    private mutating func writeLocalDate(_ date: SimpleDate, withTime: Bool, out: inout [UInt8]) {
        out.appendDecimal(date.day)
        out.append(Self.space)
        out.append(contentsOf: lexicon.months[date.month - 1])
        out.append(Self.space)
        out.appendDecimal(date.year)
        if withTime {
            out.appendString(", ")
            out.appendDecimal(rng.int(in: 8...23), width: 2)
            out.appendString(":")
            out.appendDecimal(rng.below(60), width: 2)
        }
    }

    // MARK: Text

    private mutating func writeTitle(out: inout [UInt8]) -> String {
        let start = out.count
        let template = rng.pick(lexicon.titles)
        let person = rng.below(lexicon.persons.count)
        for part in template {
            switch part {
            case .text(let bytes): out.append(contentsOf: bytes)
            case .person: out.append(contentsOf: lexicon.persons[person])
            case .otherPerson:
                let other = (person + 1 + rng.below(lexicon.persons.count - 1))
                out.append(contentsOf: lexicon.persons[other % lexicon.persons.count])
            case .city: out.append(contentsOf: rng.pick(lexicon.cities))
            case .word: lexicon.appendWord(rank: contentRank(), to: &out)
            }
        }
        return String(decoding: out[start...], as: UTF8.self)
    }

    private mutating func writeBody(
        separator: String, target: Int, out: inout [UInt8], seen: inout VocabularyCoverage
    ) {
        let start = out.count
        var first = true
        repeat {
            if !first { out.appendString(separator) }
            first = false
            let sentences = 1 + rng.below(4)
            for index in 0..<sentences {
                if index > 0 { out.append(Self.space) }
                writeSentence(out: &out, seen: &seen)
            }
        } while out.count - start < target
    }

    private mutating func writeSentence(out: inout [UInt8], seen: inout VocabularyCoverage) {
        if rng.chance(0.1) {
            out.append(contentsOf: rng.pick(lexicon.sentences))
            return
        }
        let length = 6 + rng.below(21)
        for position in 0..<length {
            if position > 0 { out.append(Self.space) }
            let roll = rng.unit()
            if roll < 0.07 {
                // Entities are skewed towards the head of the list (NATO, Azerbaijan, Aliyev).
                let u = rng.unit()
                let entity = lexicon.entities[Int(u * u * Double(lexicon.entities.count))]
                if position == 0 {
                    out.appendCapitalized(entity[...], dottedI: lexicon.dottedCapitalI)
                } else {
                    out.append(contentsOf: entity)
                }
            } else if roll < 0.075 {
                out.appendDecimal(rng.int(in: 1994...2025))
            } else {
                let rank = ranks.sample(&rng)
                seen.insert(language: language, rank: rank)
                let wordStart = out.count
                let front = lexicon.appendWord(rank: rank, to: &out)
                if position == 0 {
                    let word = Array(out[wordStart...])
                    out.removeSubrange(wordStart...)
                    out.appendCapitalized(word[...], dottedI: lexicon.dottedCapitalI)
                }
                if lexicon.isInvented(rank: rank) && rng.chance(0.25) {
                    out.append(
                        contentsOf: rng.pick(front ? lexicon.frontSuffixes : lexicon.backSuffixes))
                }
            }
            if position < length - 1 && rng.chance(0.05) { out.append(UInt8(ascii: ",")) }
        }
        out.append(UInt8(ascii: "."))
    }

    /// A rank from the middle of the vocabulary: content words rather than "the" or "и".
    private mutating func contentRank() -> Int {
        while true {
            let rank = ranks.sample(&rng)
            if rank >= 40 && rank < 20_000 { return rank }
        }
    }

    // MARK: Numbers

    private mutating func randomDate() -> SimpleDate {
        SimpleDate(
            year: rng.int(in: 2004...2025), month: rng.int(in: 1...12), day: rng.int(in: 1...28))
    }

    /// exp(N(0, sigma²)) by Box-Muller, normalised to mean 1 would need exp(sigma²/2); callers
    /// scale by the median instead.
    private mutating func logNormal(sigma: Double) -> Double {
        let u1 = max(rng.unit(), 0x1p-53)
        let u2 = rng.unit()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return exp(sigma * normal)
    }

    private static let authors = [
        "Vafa Ismayilova", "Nigar Abbasova", "Sabina Mammadli", "Rashid Shirinov",
        "Laman Ismayilova", "Orkhan Jalilov", "Aygun Badalova",
    ]
}

/// A full calendar date.
struct SimpleDate {
    var year: Int
    var month: Int
    var day: Int

    var iso: String { "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))" }
    var yearless: String { "--\(Self.twoDigits(month))-\(Self.twoDigits(day))" }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
