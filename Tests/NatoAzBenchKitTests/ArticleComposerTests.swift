import Testing

@testable import NatoAzBenchKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Synthetic articles")
struct ArticleComposerTests {
    let composer = ArticleComposer(seed: 7)

    private func article(_ index: Int, composer: ArticleComposer? = nil) -> (String, ArticleRecord)
    {
        let composer = composer ?? self.composer
        var buffer: [UInt8] = []
        var seen = VocabularyCoverage(languages: 4, ranks: composer.ranks.rankCount)
        let record = composer.compose(index: index, into: &buffer, seen: &seen)
        return (String(decoding: buffer, as: UTF8.self), record)
    }

    @Test("the same seed and index give the same bytes; another seed gives others")
    func deterministic() {
        for index in [0, 1, 99, 12_345] {
            #expect(article(index).0 == article(index).0)
            #expect(article(index).1 == article(index).1)
        }
        let other = ArticleComposer(seed: 8)
        #expect(article(3).0 != article(3, composer: other).0)
    }

    @Test("languages come in the configured shares")
    func languageShares() {
        var counts: [String: Int] = [:]
        let total = 5_000
        for index in 0..<total {
            counts[composer.lexicons[composer.languageIndex(of: index)].code, default: 0] += 1
        }
        for index in 0..<200 {
            #expect(
                article(index).1.lang == composer.lexicons[composer.languageIndex(of: index)].code)
        }
        for (code, share) in [("en", 55), ("ru", 20), ("az", 15), ("tr", 10)] {
            let measured = Double(counts[code, default: 0]) / Double(total) * 100
            #expect(abs(measured - Double(share)) < 3, "\(code): \(measured)% for \(share)%")
        }
    }

    @Test("articles average about 2.5 KB and are clean UTF-8 text")
    func sizeAndEncoding() {
        var bytes = 0
        let total = 400
        for index in 0..<total {
            let (text, record) = article(index)
            bytes += record.bytes
            #expect(text.utf8.count == record.bytes)
            #expect(!text.utf8.contains(0))
            #expect(!text.contains("\u{FFFD}"))
            #expect(!text.hasPrefix("\n") && !text.contains("\n\n\n\n"))
        }
        let mean = Double(bytes) / Double(total)
        #expect(mean > 2_250 && mean < 2_750, "mean article size \(mean) bytes")
    }

    @Test("each layout starts the way the seeds do and states the recorded date")
    func layouts() throws {
        var formats = Set<String>()
        for index in 0..<300 {
            let (text, record) = article(index)
            formats.insert(record.lang + "/" + record.format.rawValue)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            switch record.format {
            case .dateByline:
                let date = try #require(record.date)
                #expect(lines[0].hasPrefix(" date \(date) By "))
                #expect(lines[1].isEmpty)
            case .dateDateline:
                let date = try #require(record.date)
                #expect(lines[0].hasPrefix(" date \(date) "))
                #expect(
                    lines[0].hasSuffix("AZERTAC") || lines[0].hasSuffix("АЗЕРТАДЖ")
                        || lines[0].hasSuffix("AZƏRTAC"))
            case .capsDateline:
                let date = try #require(record.date)
                #expect(date.hasPrefix("--"))
                #expect(lines[0].contains(" - "))
                #expect(lines[0].split(separator: ",")[0].allSatisfy { $0.isUppercase })
            case .titleOnly:
                #expect(record.date == nil)
                #expect(record.title.map { Substring($0) } == lines[0])
                #expect(lines[1].isEmpty)
            case .titleDateTime, .titleDate:
                let date = try #require(record.date)
                #expect(record.title.map { Substring($0) } == lines[0])
                let day = Int(date.suffix(2))!
                let year = date.prefix(4)
                #expect(lines[1].hasPrefix("\(day) "), "\(lines[1])")
                #expect(lines[1].contains(" \(year)"), "\(lines[1])")
                #expect(lines[1].contains(":") == (record.format == .titleDateTime))
            }
        }
        #expect(formats.count >= 9, "layouts seen: \(formats.sorted())")
    }

    @Test("Azerbaijani and Turkish use their own letters, Russian Cyrillic")
    func scripts() {
        var letters: [String: Set<Character>] = [:]
        for index in 0..<200 {
            let (text, record) = article(index)
            letters[record.lang, default: []].formUnion(text.filter { !$0.isASCII })
        }
        #expect(letters["az", default: []].isSuperset(of: Set("əığşçöüİƏ")))
        #expect(letters["tr", default: []].isSuperset(of: Set("ığşçöüİ")))
        #expect(!letters["tr", default: []].contains("ə"))
        #expect(letters["ru", default: []].isSuperset(of: Set("абвгдежзийклмнопрстуфхцчшщыьэюя")))
    }

    @Test("the seeds' names appear in every language, so queries have answers")
    func entities() {
        var text: [String: String] = [:]
        for index in 0..<400 {
            let (body, record) = article(index)
            text[record.lang, default: ""] += body
        }
        for name in ["Ilham Aliyev", "Stoltenberg", "Resolute Support", "Türkiye", "Baku"] {
            #expect(text["en", default: ""].contains(name), "en: \(name)")
        }
        for name in ["Ильхам", "Столтенберг", "Решительная поддержка", "НАТО"] {
            #expect(text["ru", default: ""].contains(name), "ru: \(name)")
        }
        for name in ["İlham Əliyev", "Qətiyyətli dəstək", "Bakı"] {
            #expect(text["az", default: ""].contains(name), "az: \(name)")
        }
        for name in ["İlham Aliyev", "Kararlı Destek", "Bakü"] {
            #expect(text["tr", default: ""].contains(name), "tr: \(name)")
        }
    }

    @Test("the vocabulary grows sublinearly with the text (Heaps' law)")
    func heaps() {
        var seen = VocabularyCoverage(languages: 4, ranks: composer.ranks.rankCount)
        var buffer: [UInt8] = []
        var points: [(tokens: Double, distinct: Double)] = []
        for index in 0..<800 {
            _ = composer.compose(index: index, into: &buffer, seen: &seen)
            if index == 99 || index == 799 {
                points.append((Double(seen.tokens[0]), Double(seen.distinct(language: 0))))
            }
        }
        // β = log(V2/V1) / log(n2/n1); real text has about 0.4-0.7, a closed list 0.
        let beta =
            log(points[1].distinct / points[0].distinct)
            / log(points[1].tokens / points[0].tokens)
        #expect(beta > 0.4 && beta < 0.75, "Heaps exponent \(beta)")
    }
}
