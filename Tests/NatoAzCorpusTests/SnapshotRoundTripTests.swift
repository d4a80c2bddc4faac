import Foundation
import NatoAzBenchKit
import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// An index snapshot written and read back gives the same documents, report and index,
/// structure by structure, and a snapshot that does not fit the load (another listing) or is
/// damaged (cut short, a byte changed, not a snapshot) is refused with the right kind.
@Suite("index snapshot round trip")
struct SnapshotRoundTripTests {
    /// 48 generated articles (enough to train a body dictionary) plus a rejected, a repaired
    /// and an ignored file, loaded and indexed.
    final class Fixture {
        let directory: TemporaryDirectory
        let corpus: Corpus
        let index: SearchIndex
        let lookups: SnapshotLookups
        let key: SnapshotKey

        init() throws {
            directory = try TemporaryDirectory("natoaz-snapshot")
            let corpusPath = directory.path("corpus")
            try FileManager.default.createDirectory(
                atPath: corpusPath, withIntermediateDirectories: true)
            _ = try CorpusGenerator(options: .init(articles: 48, seed: 7, directory: corpusPath))
                .run()
            try directory.write("corpus/empty.txt", "")
            try directory.write(
                "corpus/latin1.txt",
                bytes: Array("Caf\u{E9} au lait\n\nNATO in Baku ".utf8) + [0xE9])
            try directory.write("corpus/notes.md", "not an article")
            corpus = try CorpusLoader().load(directory: corpusPath)
            index = try SearchIndex(documents: corpus.documents)
            lookups = Self.lookups(index)
            key = try Self.key(corpusPath)
        }

        /// The lookups built after a load, with a table whose entities have aliases.
        static func lookups(_ index: SearchIndex) -> SnapshotLookups {
            let table = EntityTable(
                parsing: """
                    NATO | organisation | North Atlantic Treaty Organization | НАТО
                    Azerbaijan | country | Azərbaycan | Азербайджан
                    Baku | city | Bakı | Баку
                    """)
            return SnapshotLookups(
                suggestions: SuggestIndex(index: index), frequencies: FrequencyList(index: index),
                entities: EntityIndex(index: index, table: table))
        }

        @discardableResult
        func write(to path: String? = nil) throws -> IndexSnapshot.Written {
            try IndexSnapshot.write(
                corpus: corpus, index: index, lookups: lookups, key: key, to: path ?? snapshotPath)
        }

        static func key(_ path: String) throws -> SnapshotKey {
            try SnapshotKey.make(
                directory: path, options: LoadOptions(), analysis: AnalysisOptions(),
                process: try ProcessIdentity.current().get())
        }

        var snapshotPath: String { directory.path("corpus.snapshot") }
    }

    @Test("documents, report and every index structure come back equal")
    func roundTrip() throws {
        let fixture = try Fixture()
        #expect(fixture.corpus.report.rejected.count == 1)
        #expect(fixture.corpus.report.repaired.count == 1)
        #expect(fixture.corpus.report.ignored.count == 1)
        #expect(!fixture.corpus.bodiesAreCompressed)
        let written = try fixture.write()
        // The writer compressed the bodies the load kept plain.
        #expect(fixture.corpus.bodiesAreCompressed)
        #expect(fixture.corpus.documents.contains { $0.bodyDictionary != nil })
        #expect(written.fileBytes > 0 && written.contentBytes > written.fileBytes / 2)
        let restored = try IndexSnapshot.read(from: fixture.snapshotPath, key: fixture.key)

        #expect(restored.corpus.documents == fixture.corpus.documents)
        #expect(restored.corpus.documents.map(\.text) == fixture.corpus.documents.map(\.text))
        var report = restored.corpus.report
        report.elapsed = fixture.corpus.report.elapsed
        #expect(report == fixture.corpus.report)

        let old = fixture.index.storage
        let new = restored.index.storage
        #expect(new.dictionary.terms == old.dictionary.terms)
        #expect(new.dictionary.terms.slots == old.dictionary.terms.slots)
        #expect(new.dictionary.documentFrequencies == old.dictionary.documentFrequencies)
        #expect(new.dictionary.collectionFrequencies == old.dictionary.collectionFrequencies)
        #expect(new.dictionary.languageMasks == old.dictionary.languageMasks)
        #expect(new.dictionary.postingOffsets == old.dictionary.postingOffsets)
        #expect(new.dictionary.sorted.commonPrefix == old.dictionary.sorted.commonPrefix)
        #expect(new.dictionary.sorted.nextShorter == old.dictionary.sorted.nextShorter)
        #expect(new.dictionary.sorted.pairKeys == old.dictionary.sorted.pairKeys)
        #expect(new.dictionary.sorted.pairStarts == old.dictionary.sorted.pairStarts)
        #expect(new.postingBytes == old.postingBytes)
        #expect(new.skips.entries.map(\.offset) == old.skips.entries.map(\.offset))
        #expect(
            new.skips.entries.map(\.previousDocument) == old.skips.entries.map(\.previousDocument))
        #expect(new.skips.terms == old.skips.terms && new.skips.starts == old.skips.starts)
        #expect(new.stats.map(\.length) == old.stats.map(\.length))
        #expect(new.stats.map(\.bodyFirstPosition) == old.stats.map(\.bodyFirstPosition))
        #expect(new.stats.map(\.checkpointStart) == old.stats.map(\.checkpointStart))
        #expect(new.averageLength.bitPattern == old.averageLength.bitPattern)
        #expect(new.languages == old.languages && new.textBytes == old.textBytes)
        #expect(new.surfaceForms == old.surfaceForms)
        #expect(new.checkpoints.deltas == old.checkpoints.deltas)
        #expect(new.checkpoints.anchors.map(\.position) == old.checkpoints.anchors.map(\.position))
        #expect(
            new.checkpoints.anchors.map(\.byteOffset) == old.checkpoints.anchors.map(\.byteOffset))
        #expect(new.checkpoints.wide.count == old.checkpoints.wide.count)
        #expect(new.filters.languages == old.filters.languages)
        #expect(new.filters.dateLower == old.filters.dateLower)
        #expect(new.filters.dateUpper == old.filters.dateUpper)
        #expect(new.filters.sources == old.filters.sources)
        #expect(new.filters.sourceNames == old.filters.sourceNames)
        #expect(new.filters.ids == old.filters.ids)
        #expect(restored.index.analysisOptions == fixture.index.analysisOptions)

        for query in [
            "nato", "azerbaijan baku", "\"partnership for peace\"", "lang:ru нато", "secur*",
        ] {
            let options = SearchOptions(limit: 20)
            #expect(
                try restored.index.search(query, options: options)
                    == fixture.index.search(query, options: options), "\(query)")
            #expect(
                try restored.index.concordance(query, limit: 50)
                    == fixture.index.concordance(query, limit: 50), "\(query)")
        }
        #expect(
            restored.index.similarDocuments(to: 3, limit: 5)
                == fixture.index.similarDocuments(to: 3, limit: 5))
    }

    /// Bodies loaded plain and compressed after the load are written as the loader wrote them
    /// when it compressed each body itself: the same file, byte for byte.
    @Test("a snapshot of bodies compressed after the load is the same file as before")
    func bodiesCompressedAfterTheLoadWriteTheSameBytes() throws {
        let fixture = try Fixture()
        try fixture.write()
        let dictionary = try #require(
            fixture.corpus.documents.first { $0.bodyIsFrame }?.bodyDictionary)
        let byHand = Corpus(
            documents: fixture.corpus.documents.map { $0.compressingBody(with: dictionary) },
            report: fixture.corpus.report)
        let other = fixture.directory.path("by-hand.snapshot")
        try IndexSnapshot.write(
            corpus: byHand, index: fixture.index, lookups: fixture.lookups, key: fixture.key,
            to: other)
        let written = try Data(contentsOf: URL(fileURLWithPath: fixture.snapshotPath))
        #expect(written == (try Data(contentsOf: URL(fileURLWithPath: other))))
    }

    @Test("a hand-made corpus without a body dictionary, bodies plain and compressed")
    func handMadeDocuments() throws {
        let directory = try TemporaryDirectory("natoaz-snapshot")
        let documents = [
            Document(id: "a", title: "Short", lang: .english, paragraphs: ["NATO."]),
            Document(
                id: "b", date: PartialDate(year: 2021, month: 6, day: nil), dateInferred: true,
                lang: .azerbaijani, source: "AZERTAC",
                paragraphs: [String(repeating: "Azərbaycan NATO əməkdaşlıq ", count: 20), ""],
                headerLines: ["June 2021"]),
        ]
        let corpus = Corpus(
            documents: documents,
            report: LoadReport(
                directory: "/none", loaded: 2, rejected: [], repaired: [], ignored: [],
                bytesRead: 0, elapsed: .zero))
        let index = try SearchIndex(documents: corpus.documents)
        let key = try Fixture.key(directory.path)
        let path = directory.path("hand.snapshot")
        try IndexSnapshot.write(
            corpus: corpus, index: index, lookups: Fixture.lookups(index), key: key, to: path)
        let restored = try IndexSnapshot.read(from: path, key: key)
        #expect(restored.corpus.documents == corpus.documents)
        #expect(restored.corpus.documents.map(\.paragraphs) == corpus.documents.map(\.paragraphs))
        #expect(try restored.index.search("nato") == index.search("nato"))
    }

    @Test("every kind of rejected and repaired file comes back with its details")
    func everyRejectionReason() throws {
        let directory = try TemporaryDirectory("natoaz-snapshot")
        let reasons: [RejectionReason] = [
            .empty, .whitespaceOnly, .noArticleText,
            .binaryNUL(offset: 7, looksLikeUTF16: true),
            .binaryControlBytes(count: 12, firstOffset: 3),
            .tooLarge(bytes: 9_000_000, limit: 8_388_608), .notRegularFile(kind: "FIFO"),
            .unreadable(errno: 13, message: "Permission denied"), .invalidFileName,
            .duplicateID(keptFile: "a.TXT"), .symbolicLinkOwner(linkOwner: 65534, fileOwner: 0),
            .unmarkedUTF32(bigEndian: true), .unmarkedUTF32(bigEndian: false),
        ]
        let repairs: [Repair] = [
            .legacyEncoding(codePage: .koi8R, invalidBytes: 3, firstOffset: 9),
            .utf16(bigEndian: true), .utf32(bigEndian: false), .utf32(bigEndian: true),
            .removedControlBytes(count: 2, firstOffset: 5),
        ]
        let corpus = Corpus(
            documents: [Document(id: "a", title: "Short", lang: .english, paragraphs: ["NATO."])],
            report: LoadReport(
                directory: "/none", loaded: 1,
                rejected: reasons.enumerated().map { RejectedFile(file: "\($0).txt", reason: $1) },
                repaired: repairs.enumerated().map {
                    RepairedFile(file: "r\($0).txt", repairs: [$1])
                },
                ignored: [], bytesRead: 0, elapsed: .zero))
        let index = try SearchIndex(documents: corpus.documents)
        let key = try Fixture.key(directory.path)
        let path = directory.path("reasons.snapshot")
        try IndexSnapshot.write(
            corpus: corpus, index: index, lookups: Fixture.lookups(index), key: key, to: path)
        #expect(
            try IndexSnapshot.read(from: path, key: key).corpus.report.rejected
                == corpus.report.rejected)
        #expect(
            try IndexSnapshot.read(from: path, key: key).corpus.report.repaired
                == corpus.report.repaired)
    }

    @Test("a snapshot for another listing is out of date")
    func otherListingIsOutOfDate() throws {
        let fixture = try Fixture()
        try fixture.write()
        try fixture.directory.write("corpus/new.txt", "NATO and Azerbaijan\n\nA new article.")
        let changed = try Fixture.key(fixture.directory.path("corpus"))
        #expect(changed != fixture.key)
        let error = #expect(throws: SnapshotError.self) {
            try IndexSnapshot.read(from: fixture.snapshotPath, key: changed)
        }
        #expect(error?.kind == .outOfDate)
        #expect(error?.detail.contains("corpus directory changed") == true)
    }

    /// A snapshot holds the terms the analysis of its day made: after the analysis changes
    /// (session 11: Arabic ة became ه), its index would miss what queries now look up.
    @Test("a snapshot made by another analysis version is out of date")
    func otherAnalysisVersionIsOutOfDate() throws {
        let fixture = try Fixture()
        let corpusPath = fixture.directory.path("corpus")
        let older = try SnapshotKey.make(
            directory: corpusPath, options: LoadOptions(), analysis: AnalysisOptions(),
            process: try ProcessIdentity.current().get(),
            analysisVersion: AnalysisOptions.version - 1)
        try IndexSnapshot.write(
            corpus: fixture.corpus, index: fixture.index, lookups: fixture.lookups, key: older,
            to: fixture.snapshotPath)
        let error = #expect(throws: SnapshotError.self) {
            try IndexSnapshot.read(from: fixture.snapshotPath, key: fixture.key)
        }
        #expect(error?.kind == .outOfDate)
        #expect(error?.detail.contains("another build of natoazd") == true)
        // The same key with the current version reads back.
        try fixture.write()
        let restored = try IndexSnapshot.read(from: fixture.snapshotPath, key: fixture.key)
        #expect(restored.corpus.documents.count == fixture.corpus.documents.count)
    }

    /// Ways to damage a written snapshot: at the start, in the key, deep in the index, at the
    /// end; cut short at several lengths; replaced by other bytes.
    enum Damage: CustomTestStringConvertible, CaseIterable {
        case flipMagic, flipKey, flipMiddle, flipLast, truncateHeader, truncateHalf,
            truncateLastByte, appendByte, notASnapshot

        var testDescription: String { "\(self)" }

        func apply(to bytes: inout [UInt8]) {
            switch self {
            case .flipMagic: bytes[0] ^= 0xFF
            case .flipKey: bytes[40] ^= 0x01
            case .flipMiddle: bytes[bytes.count / 2] ^= 0x10
            case .flipLast: bytes[bytes.count - 1] ^= 0x01
            case .truncateHeader: bytes.removeLast(bytes.count - 10)
            case .truncateHalf: bytes.removeLast(bytes.count / 2)
            case .truncateLastByte: bytes.removeLast()
            case .appendByte: bytes.append(0)
            case .notASnapshot: bytes = Array("#!/bin/sh\necho hello\n".utf8)
            }
        }
    }

    @Test("a damaged snapshot is refused as damaged", arguments: Damage.allCases)
    func damagedIsRefused(_ damage: Damage) throws {
        let fixture = try Fixture()
        try fixture.write()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture.snapshotPath)))
        damage.apply(to: &bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: fixture.snapshotPath))
        let error = #expect(throws: SnapshotError.self) {
            try IndexSnapshot.read(from: fixture.snapshotPath, key: fixture.key)
        }
        #expect(error?.kind == .damaged, "\(String(describing: error))")
    }

    @Test("no snapshot file is missing, not damaged")
    func missing() throws {
        let directory = try TemporaryDirectory("natoaz-snapshot")
        let error = #expect(throws: SnapshotError.self) {
            try IndexSnapshot.read(
                from: directory.path("none.snapshot"), key: try Fixture.key(directory.path))
        }
        #expect(error?.kind == .missing)
    }

    @Test("fields that run past their bytes or cut the body wrongly are refused")
    func malformedFields() {
        let document = Document(
            id: "x", title: "T", lang: .english, paragraphs: ["one", "two"], trailer: "end")
        let length = document.textByteCount
        let (_, fields, _, _) = document.packedCounts
        var packed = [UInt8](repeating: 0, count: document.packedByteCount())
        packed.withUnsafeMutableBufferPointer { _ = document.writePacked(into: $0, at: 0) }
        let bytes = Array(packed[1..<(1 + fields)])
        bytes.withUnsafeBufferPointer { buffer in
            #expect(DocumentFields.isWellFormed(buffer, textLength: length))
            #expect(!DocumentFields.isWellFormed(buffer, textLength: length - 1))
            #expect(!DocumentFields.isWellFormed(buffer, textLength: length + 1))
            for cut in 0..<buffer.count {
                #expect(
                    !DocumentFields.isWellFormed(
                        UnsafeBufferPointer(rebasing: buffer[..<cut]), textLength: length))
            }
        }
    }
}
