import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// A document's metadata is packed into one byte array; every field must read back as given,
/// nil apart from empty, whatever its size or script, and setting one must leave the others.
@Suite struct DocumentFieldsTests {
    static let texts: [String?] = [
        nil, "", "a", "AZERTAC", "14 декабря 2021, 18:45", "Bütün xəbərlər Facebook səhifəmizdə",
        "🇦🇿 NATO", String(repeating: "ə", count: 100),
        String(repeating: "Stoltenberg ", count: 2_000),
    ]
    static let dates: [PartialDate?] = [
        nil, PartialDate(year: 2021, month: 12, day: 14), PartialDate(year: nil, month: 6, day: 22),
        PartialDate(year: 2008, month: 2, day: nil), PartialDate(year: nil, month: 1, day: nil),
        PartialDate(year: -44, month: 3, day: 15), PartialDate(year: .max, month: .min, day: .max),
        PartialDate(year: .min, month: 0, day: -1),
    ]

    static func values(seed: UInt64) -> DocumentFields.Values {
        var generator = SplitMix64(seed: seed)
        func pick<T>(_ options: [T]) -> T { options[Int(generator.next() % UInt64(options.count))] }
        var values = DocumentFields.Values()
        values.date = pick(dates)
        values.strings = DocumentFields.Slot.allCases.map { _ in pick(texts) }
        values.headerLines = (0..<Int(generator.next() % 4)).map { _ in pick(texts) ?? "" }
        var end: UInt32 = 0
        values.paragraphEnds = (0..<Int(generator.next() % 6)).map { _ in
            end += UInt32(generator.next() % 3 == 0 ? 0 : generator.next() % 100_000)
            return end
        }
        return values
    }

    @Test(arguments: 0..<64)
    func valuesReadBackAsGiven(seed: UInt64) {
        let values = Self.values(seed: seed)
        let fields = DocumentFields(values)
        #expect(fields.values == values)
        #expect(fields.date == values.date)
        for slot in DocumentFields.Slot.allCases {
            #expect(fields[slot] == values.strings[slot.rawValue])
        }
        #expect(fields.headerLines == values.headerLines)
        #expect(fields.paragraphEnds == values.paragraphEnds)
        #expect(fields.paragraphCount == values.paragraphEnds.count)
        #expect(fields == DocumentFields(values))
        #expect(fields.stringsUTF8Count == values.strings.reduce(0) { $0 + ($1?.utf8.count ?? 0) })
    }

    /// ``Document/metadataUTF8Count`` (the daemon's memory estimate reads it for every
    /// document) is the strings' lengths, before and after the documents are packed.
    @Test func metadataLengthsAreTheStrings() throws {
        var documents = try CorpusLoader().load(directory: seedsDirectory).documents
        for seed in 0..<64 {
            let strings = Self.values(seed: UInt64(seed)).strings
            let id = seed % 2 == 0 ? "id-\(seed)" : "идентификатор-\(seed)-əğ"
            documents.append(
                Document(
                    id: id, title: strings[0], dateText: strings[1], dateEvidence: strings[2],
                    lang: .english, source: strings[3], author: strings[4], place: strings[5],
                    paragraphs: ["x"], trailer: strings[6]))
        }
        var paragraphs = 0
        var metadata = 0
        for document in documents + DocumentPacking.pack(documents) {
            let strings: [String?] = [
                document.id, document.title, document.dateText, document.dateEvidence,
                document.source, document.author, document.place, document.trailer,
            ]
            let expected = strings.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
            #expect(document.metadataUTF8Count == expected)
            paragraphs += document.paragraphs.count
            metadata += expected
        }
        // The memory estimate's sums, each document's fields walked once.
        let sums = Document.summedSizes(of: documents + DocumentPacking.pack(documents))
        #expect(sums.paragraphs == paragraphs)
        #expect(sums.metadataUTF8 == metadata)
    }

    @Test func emptyAndAbsentDiffer() {
        var empty = DocumentFields.Values()
        empty.strings[DocumentFields.Slot.title.rawValue] = ""
        #expect(DocumentFields(empty)[.title] == "")
        #expect(DocumentFields(DocumentFields.Values())[.title] == nil)
        #expect(DocumentFields(empty) != DocumentFields(DocumentFields.Values()))
    }

    @Test func paragraphEndsUpToTheirLimit() {
        var values = DocumentFields.Values()
        values.paragraphEnds = [0, 0, 1, UInt32.max - 1, UInt32.max]
        #expect(DocumentFields(values).paragraphEnds == values.paragraphEnds)
    }

    @Test func packedSmallerThanSeparateFields() {
        var values = DocumentFields.Values()
        values.strings = [
            "NATO and Azerbaijan discuss partnership", "22 June 2021", nil, "AZERTAC",
            "Vafa Ismayilova", "Baku", nil,
        ]
        values.headerLines = ["date 2021-06-22 By Vafa Ismayilova", "Baku, 22 June (AZERTAC)"]
        values.paragraphEnds = [120, 480, 1_000]
        // Three strings over 15 bytes and two arrays were separate heap objects.
        let separate =
            values.strings.reduce(0) { $0 + MemoryFootprint.string($1) }
            + values.headerLines.reduce(0) { $0 + MemoryFootprint.string($1) }
            + MemoryFootprint.array(values.headerLines)
            + MemoryFootprint.array(values.paragraphEnds)
        #expect(separate >= 300)
        // Packed: one array of the encoded bytes. Its chunk is computed from the byte count,
        // not read from the array's capacity: glibc may hand out a reused chunk a little
        // larger than asked (a parallel test run once measured 208 bytes against 200 here).
        let packed = DocumentFields(values).stored.count
        #expect(MemoryFootprint.chunk(32 + packed) < 200)
        #expect(MemoryFootprint.chunk(32 + packed) < separate)
    }

    /// Every setter of `Document` changes its field only.
    @Test func documentSettersChangeOneFieldEach() {
        let original = Document(
            id: "000_x", title: "Title", date: PartialDate(year: 2021, month: 6, day: 22),
            dateText: "22.06.2021", dateInferred: true, dateEvidence: "2021", lang: .azerbaijani,
            source: "AZERTAC", author: "Vafa", place: "Bakı", paragraphs: ["Bir.", "İki."],
            trailer: "Bütün xəbərlər", headerLines: ["date 2021-06-22"])
        var document = original
        document.title = nil
        #expect(document.title == nil)
        #expect(document.source == "AZERTAC" && document.trailer == "Bütün xəbərlər")
        #expect(document.date == original.date && document.paragraphs == ["Bir.", "İki."])
        document.title = "Title"
        #expect(document == original)
        document.date = nil
        document.dateText = "x"
        document.dateEvidence = nil
        document.source = "Trend"
        document.author = nil
        document.place = "Brussels"
        document.trailer = nil
        document.headerLines = []
        #expect(document.date == nil && document.dateText == "x" && document.dateEvidence == nil)
        #expect(
            document.source == "Trend" && document.author == nil && document.place == "Brussels")
        #expect(document.trailer == nil && document.headerLines.isEmpty)
        #expect(document.title == "Title" && document.paragraphs == ["Bir.", "İki."])
        #expect(document.id == "000_x" && document.lang == .azerbaijani && document.dateInferred)
        document.paragraphs = ["Üç."]
        #expect(document.paragraphCount == 1 && document.text == "Üç.")
        #expect(document.source == "Trend" && document.place == "Brussels")
    }
}
