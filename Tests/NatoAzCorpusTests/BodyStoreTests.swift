import Dispatch
import Foundation
import NatoAzTestSupport
import Synchronization
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// A corpus loaded from its text keeps its bodies plain in a ``BodyStore`` until
/// ``Corpus/compressBodies(parallelism:)``: every read gives the same text before, during and
/// after the swap, every lookup the same answer, and the compressed bodies (and so a snapshot)
/// are the bytes the loader stored when it compressed them itself.
@Suite struct BodyStoreTests {
    /// 300 generated articles (3 seeds' worth of sources and languages), loaded.
    private static func loaded(_ articles: Int = 300) throws -> (TemporaryDirectory, Corpus) {
        let root = try TemporaryDirectory("natoaz-bodystore")
        _ = try CorpusGenerator(
            options: .init(articles: articles, seed: 11, directory: root.path("corpus"))
        ).run()
        return (root, try CorpusLoader().load(directory: root.path("corpus")))
    }

    @Test func bodiesReadTheSameBeforeAndAfterTheyAreCompressed() throws {
        let (_, corpus) = try Self.loaded()
        #expect(!corpus.bodiesAreCompressed)
        #expect(corpus.documents.allSatisfy { !$0.bodyIsFrame && $0.bodyDictionary == nil })
        let texts = corpus.documents.map(\.text)
        let paragraphs = corpus.documents.map(\.paragraphs)
        let plainBytes = corpus.storedBodyBytes
        #expect(plainBytes == texts.reduce(0) { $0 + $1.utf8.count })

        corpus.compressBodies(parallelism: 2)
        #expect(corpus.bodiesAreCompressed)
        #expect(corpus.documents.map(\.text) == texts)
        #expect(corpus.documents.map(\.paragraphs) == paragraphs)
        var scratch: [UInt8] = []
        for (document, text) in zip(corpus.documents, texts) {
            let read = document.withTextUTF8(using: &scratch) { Array($0) }
            #expect(read == Array(text.utf8))
            #expect(document.textByteCount == text.utf8.count)
        }
        #expect(corpus.storedBodyBytes < plainBytes / 2)
        // A second call (the snapshot writer's) finds them compressed and keeps them.
        let dictionary = corpus.documents.first?.bodyDictionary
        corpus.compressBodies()
        #expect(corpus.documents.first?.bodyDictionary === dictionary)
    }

    /// Each body is stored as `CompressedText(text, dictionary:)` stores it, with a dictionary
    /// trained on the same sample, cut the same way, as the loader trained on while it parsed
    /// (an even spread of the listing, in file order): the snapshot's bytes do not change.
    @Test func compressedBodiesAreWhatTheLoaderStoredBefore() throws {
        let (root, corpus) = try Self.loaded(2_100)
        corpus.compressBodies(parallelism: 3)
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path("corpus"))
            .filter { $0.hasSuffix(".txt") }.sorted {
                Array($0.utf8).lexicographicallyPrecedes($1.utf8)
            }
        let byID = Dictionary(
            uniqueKeysWithValues: corpus.documents.map { ($0.id, $0) })
        let samples = CorpusLoader.dictionarySample(of: files.count).map { index in
            let body = byID[String(files[index].dropLast(4))]!.text
            return String(
                decoding: body.utf8.prefix(CorpusLoader.dictionarySampleBytes), as: UTF8.self)
        }
        let expected = try #require(BodyDictionary.train(on: samples))
        let dictionary = try #require(corpus.documents.first { $0.bodyIsFrame }?.bodyDictionary)
        #expect(dictionary.bytes == expected.bytes)
        for document in corpus.documents {
            let text = document.text
            let stored = CompressedText(text, dictionary: dictionary)
            #expect(document.packedCounts.body == stored.storedCount)
            #expect(document.bodyIsFrame == stored.isFrame)
            #expect(document.bodyDictionary === stored.dictionary)
            var written = [UInt8](repeating: 0, count: document.packedByteCount())
            var own = written
            let byHand = document.compressingBody(with: dictionary)
            _ = written.withUnsafeMutableBufferPointer { document.writePacked(into: $0, at: 0) }
            _ = own.withUnsafeMutableBufferPointer { byHand.writePacked(into: $0, at: 0) }
            #expect(written == own)
        }
    }

    /// Readers on other threads while the bodies are compressed and swapped: every read is
    /// the whole text, from one table or the other.
    @Test func readsDuringTheSwapSeeWholeBodies() throws {
        let (_, corpus) = try Self.loaded()
        let texts = corpus.documents.map(\.text)
        let wrong = Atomic<Int>(0)
        let reads = Atomic<Int>(0)
        let done = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: 3) { task in
            if task == 0 {
                corpus.compressBodies(parallelism: 1)
                done.store(true, ordering: .releasing)
                return
            }
            var scratch: [UInt8] = []
            var round = 0
            // At least two passes after the swap, whichever thread runs first.
            var passesAfter = 0
            while passesAfter < 2 {
                if done.load(ordering: .acquiring) { passesAfter += 1 }
                for (number, document) in corpus.documents.enumerated()
                where number % 2 == task % 2 || round % 3 == 0 {
                    let same =
                        round % 2 == 0
                        ? document.text == texts[number]
                        : document.withTextUTF8(using: &scratch) {
                            $0.elementsEqual(texts[number].utf8)
                        }
                    if !same { wrong.add(1, ordering: .relaxed) }
                    reads.add(1, ordering: .relaxed)
                }
                round += 1
            }
        }
        #expect(wrong.load(ordering: .relaxed) == 0)
        #expect(reads.load(ordering: .relaxed) > 2 * corpus.documents.count)
        #expect(corpus.bodiesAreCompressed)
    }

    /// Searches with snippets, Kwic, collocations, Similar, the entity index and the
    /// frequency lists read bodies: the same answers before and after the swap.
    @Test func lookupsAnswerTheSameInBothStates() throws {
        let (root, corpus) = try Self.loaded()
        let table = EntityTableLoad.read(directory: root.path("corpus")).table
        let index = try SearchIndex(documents: corpus.documents, synonyms: table.synonyms)
        func answers() throws -> [String] {
            var options = SearchOptions()
            options.snippets = true
            options.limit = 20
            var lines: [String] = []
            for query in ["nato", "azerbaijan summit", "\"press service\"", "баку", "xəbər*"] {
                lines.append("\(try index.search(query, options: options))")
                lines.append("\(try index.concordance(query, width: 30, limit: 50))")
            }
            lines.append("\(index.collocations(of: "nato"))")
            for number in stride(from: 0, to: corpus.documents.count, by: 37) {
                lines.append("\(index.similarDocuments(to: number))")
            }
            let entities = EntityIndex(index: index, table: table)
            lines.append("\(entities.entities)")
            for record in entities.entities.prefix(10) {
                lines.append("\(entities.mentions(of: record, limit: 20))")
            }
            lines.append("\(FrequencyList(index: index).page(TermListQuery(), limit: 100))")
            return lines
        }
        let before = try answers()
        corpus.compressBodies()
        #expect(corpus.bodiesAreCompressed)
        let after = try answers()
        #expect(before == after)
    }

    /// Chunks hold up to ``BodyStore/chunkSize`` bodies and (unless one body is larger) a
    /// byte limit; every body reads back from its chunk, empty and short ones too.
    @Test func bodiesReadBackAcrossChunks() {
        var generator = SplitMix64(seed: 5)
        let words = ["NATO", "Azərbaycan", "Азербайджан", "summit", "\n\n", "🇦🇿"]
        let bodies: [[UInt8]] = (0..<2_600).map { number in
            guard number % 97 != 0 else { return [] }
            var text = ""
            let length = number % 13 == 0 ? 10 : 40 + Int(generator.next() % 400)
            while text.utf8.count < length {
                text += words[Int(generator.next() % UInt64(words.count))] + " "
            }
            return Array(text.utf8)
        }
        let store = BodyStore()
        store.fill(
            plain: bodies, byteCount: bodies.reduce(0) { $0 + $1.count },
            sample: Array(stride(from: 0, to: 2_600, by: 3)))
        for (number, body) in bodies.enumerated() {
            let text = CompressedText(store: store, number: number, utf8Count: body.count)
            #expect(Array(text.string.utf8) == body)
        }
        store.compress(parallelism: 2)
        #expect(store.isCompressed)
        for (number, body) in bodies.enumerated() {
            let text = CompressedText(store: store, number: number, utf8Count: body.count)
            #expect(Array(text.string.utf8) == body)
        }
        let sizes = [5, 5, 30, 5, 5, 5, 5, 100, 1, 1]
        #expect(
            BodyStore.chunkRanges(sizes, size: 3, bytes: 20)
                == [0..<2, 2..<3, 3..<6, 6..<7, 7..<8, 8..<10])
    }
}
