import Foundation
import NatoAzTestSupport
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// Bodies compressed with a dictionary trained on the corpus read back exactly, compare by
/// text whatever dictionary they used, and take less memory than without one.
@Suite struct BodyDictionaryTests {
    /// News-like paragraphs in four scripts from a small vocabulary, as a corpus sample is.
    static func article(_ number: Int) -> String {
        var generator = SplitMix64(seed: UInt64(number))
        let words = [
            "NATO", "Azerbaijan", "Azərbaycan", "Азербайджан", "Türkiye", "Baku", "Bakı",
            "peacekeeping", "sammit", "əməkdaşlıq", "сотрудничество", "the", "and", "of", "ilə",
            "и", "в", "Stoltenberg", "Əliyev", "partnership", "Alliance", "məsələləri", "министр",
        ]
        var text = ""
        while text.utf8.count < 1_500 + number % 2_000 {
            text += words[Int(generator.next() % UInt64(words.count))]
            text += generator.next() % 12 == 0 ? ".\n\n" : " "
        }
        return text
    }

    static let dictionary: BodyDictionary? = BodyDictionary.train(
        on: (0..<300).map { article($0) })

    @Test func tooFewOrTooSmallSamplesTrainNothing() {
        #expect(BodyDictionary.train(on: []) == nil)
        #expect(BodyDictionary.train(on: (0..<5).map { Self.article($0) }) == nil)
        #expect(BodyDictionary.train(on: Array(repeating: "NATO", count: 1_000)) == nil)
        #expect(BodyDictionary.train(on: Array(repeating: "", count: 1_000)) == nil)
    }

    @Test func aSampleOfArticlesTrainsABoundedDictionary() throws {
        let dictionary = try #require(Self.dictionary)
        #expect(dictionary.size >= BodyDictionary.minimumSize)
        #expect(dictionary.size <= BodyDictionary.maximumSize)
        #expect(dictionary.residentBytes > dictionary.size)
    }

    /// Empty, below the compression threshold, non-ASCII, unseen articles, a huge body and
    /// text that does not compress: each reads back as given.
    @Test(arguments: CompressedTextTests.samples.indices)
    func roundTrips(_ sample: Int) throws {
        let dictionary = try #require(Self.dictionary)
        let text = CompressedTextTests.samples[sample]
        let stored = CompressedText(text, dictionary: dictionary)
        #expect(stored.string == text)
        #expect(stored.utf8Count == text.utf8.count)
        #expect(stored.storedCount <= text.utf8.count)
        #expect(stored == CompressedText(text, dictionary: dictionary))
        #expect(stored == CompressedText(text))
        #expect(stored.hashValue == CompressedText(text).hashValue)
    }

    @Test func unseenArticlesRoundTripAndShrinkMoreThanWithout() throws {
        let dictionary = try #require(Self.dictionary)
        var with = 0
        var without = 0
        for number in 1_000..<1_050 {
            let text = Self.article(number)
            let stored = CompressedText(text, dictionary: dictionary)
            #expect(stored.string == text)
            with += stored.storedCount
            without += CompressedText(text).storedCount
        }
        #expect(with * 10 < without * 9, "with \(with) bytes, without \(without)")
    }

    @Test func differentTextsOfOneLengthDiffer() throws {
        let dictionary = try #require(Self.dictionary)
        let one = String(repeating: "NATO Baku ", count: 20)
        let other = String(repeating: "Baku NATO ", count: 20)
        #expect(CompressedText(one, dictionary: dictionary) != CompressedText(other))
        #expect(
            CompressedText(one, dictionary: dictionary)
                != CompressedText(other, dictionary: dictionary))
    }

    @Test func settingParagraphsKeepsTheDictionary() throws {
        let dictionary = try #require(Self.dictionary)
        var document = Document(
            id: "d", lang: .english, paragraphs: [Self.article(7)], bodyDictionary: dictionary)
        #expect(document.bodyDictionary === dictionary)
        document.paragraphs = [Self.article(8), "Bakı, 14 dekabr."]
        #expect(document.bodyDictionary === dictionary)
        #expect(document.paragraphs == [Self.article(8), "Bakı, 14 dekabr."])
    }

    /// The corpus trains one dictionary for a generated corpus and every document reads back
    /// what the parser makes of its file without one.
    @Test func theLoaderSharesOneDictionaryAndKeepsEveryBody() throws {
        let root = try TemporaryDirectory("natoaz-bodydict")
        let directory = root.path("corpus")
        _ = try CorpusGenerator(
            options: .init(articles: 400, seed: 11, directory: directory)
        ).run()
        let corpus = try CorpusLoader().load(directory: directory)
        #expect(corpus.documents.count == 400)
        corpus.compressBodies()
        let shared = try #require(corpus.documents.first?.bodyDictionary)
        var stored = 0
        var plain = 0
        for document in corpus.documents {
            #expect(document.bodyDictionary === shared || document.bodyDictionary == nil)
            let bytes = try Data(
                contentsOf: URL(fileURLWithPath: "\(directory)/\(document.id).txt"))
            guard case .text(let text, _) = TextDecoder.decode(Array(bytes)),
                case .document(let parsed) = ArticleParser.parse(id: document.id, text: text)
            else {
                Issue.record("\(document.id) does not parse on its own")
                continue
            }
            #expect(parsed.bodyDictionary == nil)
            #expect(document.text == parsed.text)
            #expect(document == parsed)
            stored += document.storedTextByteCount
            plain += parsed.storedTextByteCount
        }
        #expect(stored < plain, "with the dictionary \(stored) bytes, without \(plain)")
    }

    /// A corpus too small to train on loads without a dictionary.
    @Test func aFewArticlesLoadWithoutADictionary() throws {
        let root = try TemporaryDirectory("natoaz-bodydict")
        for number in 0..<3 {
            try root.write("a\(number).txt", "Title \(number)\n\n" + Self.article(number))
        }
        let corpus = try CorpusLoader().load(directory: root.path)
        #expect(corpus.documents.count == 3)
        corpus.compressBodies()
        #expect(corpus.bodiesAreCompressed)
        for document in corpus.documents {
            #expect(document.bodyDictionary == nil)
        }
    }
}
