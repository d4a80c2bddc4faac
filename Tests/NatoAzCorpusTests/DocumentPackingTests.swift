import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// A corpus moves its documents' ids, fields and bodies into one shared block: every field
/// must read back as made, values must stay equal to the unpacked ones, a packed document
/// must still be editable, and looking documents up by id must find what a dictionary finds.
@Suite struct DocumentPackingTests {
    /// Documents with every kind of field: short and long, non-ASCII and empty ids; nil and
    /// present optionals; no, empty and long bodies (plain below the compression threshold,
    /// compressed above it, with and without the trained dictionary).
    static func documents(count: Int, seed: UInt64) -> [Document] {
        var generator = SplitMix64(seed: seed)
        func pick(_ limit: Int) -> Int { Int(generator.next() % UInt64(limit)) }
        let ids = ["a", "", "000123_6d5016879973635c", "Азербайджан-2021", "İstanbul/ç", "z"]
        return (0..<count).map { number in
            let paragraphs: [String] =
                switch pick(4) {
                case 0: []
                case 1: ["short"]
                case 2: [BodyDictionaryTests.article(number), ""]
                default: (0...pick(5)).map { BodyDictionaryTests.article(number + $0) }
                }
            let id = ids[pick(ids.count)] + (pick(3) == 0 ? "" : "_\(number)")
            return Document(
                id: id, title: pick(2) == 0 ? nil : "Title \(number) Türkiye",
                date: pick(2) == 0
                    ? nil
                    : PartialDate(
                        year: 2000 + pick(25), month: 1 + pick(12),
                        day: pick(2) == 0 ? nil : 1 + pick(28)),
                dateText: pick(3) == 0 ? "14 декабря 2021" : nil, dateInferred: pick(2) == 0,
                dateEvidence: pick(4) == 0 ? "evidence \(number)" : nil,
                lang: [.english, .russian, .azerbaijani, .turkish][pick(4)],
                source: pick(2) == 0 ? "AZERTAC" : nil, author: pick(3) == 0 ? "Vafa" : nil,
                place: pick(3) == 0 ? "Bakı" : nil, paragraphs: paragraphs,
                trailer: pick(5) == 0 ? "Bütün xəbərlər" : nil,
                headerLines: (0..<pick(3)).map { "header \($0) of \(number)" },
                bodyDictionary: pick(2) == 0 ? BodyDictionaryTests.dictionary : nil)
        }
    }

    static let report = LoadReport(
        directory: "", loaded: 0, rejected: [], repaired: [], ignored: [], bytesRead: 0,
        elapsed: .zero)

    static func expectSameFields(_ packed: Document, _ original: Document) {
        #expect(packed == original)
        #expect(packed.hashValue == original.hashValue)
        #expect(packed.id == original.id)
        #expect(packed.title == original.title)
        #expect(packed.titleUTF8Count == original.title?.utf8.count ?? 0)
        #expect(original.titleUTF8Count == original.title?.utf8.count ?? 0)
        #expect(packed.date == original.date)
        #expect(packed.dateText == original.dateText)
        #expect(packed.dateInferred == original.dateInferred)
        #expect(packed.dateEvidence == original.dateEvidence)
        #expect(packed.lang == original.lang)
        #expect(packed.source == original.source)
        #expect(packed.author == original.author)
        #expect(packed.place == original.place)
        #expect(packed.trailer == original.trailer)
        #expect(packed.headerLines == original.headerLines)
        #expect(packed.text == original.text)
        #expect(packed.textByteCount == original.textByteCount)
        #expect(packed.storedTextByteCount == original.storedTextByteCount)
        #expect(packed.paragraphs == original.paragraphs)
        #expect(packed.paragraphCount == original.paragraphCount)
    }

    @Test(arguments: [0, 1, 2, 7, 200])
    func packedDocumentsReadBackAsMade(count: Int) {
        let originals = Self.documents(count: count, seed: UInt64(count))
        Self.expectReadBackAsMade(DocumentPacking.pack(originals), originals)
    }

    /// Packed in chunks on several threads (as the loader does at 100,000 articles), the
    /// documents read back as made and the one block holds exactly their bytes.
    @Test(arguments: [2, 3, 7])
    func documentsPackedInChunksReadBackAsMade(parallelism: Int) {
        let originals = Self.documents(count: 200, seed: 11)
        let packed = DocumentPacking.pack(
            originals, parallelism: parallelism, minimumPerChunk: 1)
        Self.expectReadBackAsMade(packed, originals)
    }

    /// Every packed document has its original's fields, and the one block holds exactly their
    /// bytes (everything but empty runs lives in it).
    private static func expectReadBackAsMade(_ packed: [Document], _ originals: [Document]) {
        #expect(packed.count == originals.count)
        for (packed, original) in zip(packed, originals) {
            expectSameFields(packed, original)
        }
        let total = originals.reduce(0) { $0 + $1.packedByteCount() }
        #expect(
            packed.reduce(0) { $0 + $1.idHeapBytes + $1.fieldsHeapBytes + $1.textHeapBytes }
                == total)
    }

    @Test func packingTwiceGivesEqualDocuments() {
        let originals = Self.documents(count: 50, seed: 9)
        let twice = DocumentPacking.pack(DocumentPacking.pack(originals))
        for (packed, original) in zip(twice, originals) {
            Self.expectSameFields(packed, original)
        }
    }

    /// Setting a field of a packed document changes that document only; the block is shared.
    @Test func packedDocumentsStayEditable() {
        let originals = Self.documents(count: 20, seed: 3)
        let packed = DocumentPacking.pack(originals)
        var edited = packed[5]
        var expected = originals[5]
        for change in [
            { (document: inout Document) in document.title = "new title" },
            { $0.id = "renamed_document" },
            { $0.paragraphs = ["one", BodyDictionaryTests.article(77)] },
            { $0.headerLines = [] },
            { $0.source = nil },
        ] {
            change(&edited)
            change(&expected)
            Self.expectSameFields(edited, expected)
        }
        for number in packed.indices where number != 5 {
            Self.expectSameFields(packed[number], originals[number])
        }
    }

    /// `Corpus.document(id:)` (binary search over the sorted, packed documents) agrees with a
    /// first-wins dictionary over the sorted documents, for present, duplicated, prefix and
    /// absent ids.
    @Test(arguments: [0, 1, 300])
    func lookupByIDAgreesWithADictionary(count: Int) {
        let documents = Self.documents(count: count, seed: 42)
        let corpus = Corpus(documents: documents, report: Self.report)
        #expect(corpus.documents.map(\.id) == documents.map(\.id).sorted())
        var first: [String: Document] = [:]
        for document in documents.sorted(by: { $0.id < $1.id }) where first[document.id] == nil {
            first[document.id] = document
        }
        let probes = Set(documents.map(\.id)).union([
            "", "a", "zz", "000123", "Азербайджан", "\u{0130}stanbul", "000123_6d5016879973635c_",
        ])
        for id in probes {
            let found = corpus.document(id: id)
            #expect(found?.id == first[id]?.id)
            if let found, let expected = first[id] { Self.expectSameFields(found, expected) }
        }
    }

    /// The id filter reads the ids from one block and still finds exact and prefix matches.
    @Test func idFilterFindsExactAndPrefixMatches() throws {
        let documents = (0..<40).map { number in
            Document(
                id: String("00\(number)".suffix(3)) + (number % 2 == 0 ? "_even" : "_odd"),
                lang: .english, paragraphs: ["NATO text \(number)"])
        }
        let corpus = Corpus(documents: documents, report: Self.report)
        let index = try SearchIndex(documents: corpus.documents)
        let columns = FilterColumns(index.documents)
        #expect(columns.documents(matching: .id("007_odd", prefix: false)) == [7])
        #expect(columns.documents(matching: .id("01", prefix: true)) == Array(10..<20))
        #expect(columns.documents(matching: .id("01", prefix: false)).isEmpty)
        #expect(columns.documents(matching: .id("", prefix: true)).count == 40)
    }
}
