import Testing

@testable import NatoAzCorpus

/// Name detection runs over chunks of documents on several threads; whatever the chunks and
/// threads, the records must be those of one pass over all documents, in the same order.
@Suite struct NameDetectorChunkTests {
    /// Names that recur across documents, with titles, spelling variants that fold to one key
    /// (the first spelling seen must win) and mentions a table entity covers.
    static let index: SearchIndex = {
        let people = [
            "Zakir Hasanov", "Jens Stoltenberg", "Mark Rutte", "Metin Tokel", "Ilham Aliyev",
            "Jeyhun Bayramov", "Hikmet Hajiyev", "Mevlut Cavusoglu",
        ]
        let titles = ["Defence Minister Col-Gen", "Secretary General", "President", "", ""]
        var documents: [Document] = []
        for number in 0..<97 {
            var sentences: [String] = []
            for step in 0..<(3 + number % 5) {
                let person = people[(number * 7 + step * 3) % people.count]
                let spelled = (number + step) % 4 == 0 ? person.replacingE() : person
                let title = titles[(number + step) % titles.count]
                sentences.append(
                    "On Monday \(title.isEmpty ? "" : title + " ")\(spelled) met officials "
                        + "in Baku at NATO Allied Land Command Metin Tokel \(number).")
            }
            documents.append(
                Document(
                    id: String(1000 + number), title: "Talks \(number)", lang: .english,
                    paragraphs: [sentences.joined(separator: " ")]))
        }
        return try! SearchIndex(documents: documents)
    }()

    static func detect(_ index: SearchIndex, parallelism: Int, documentsPerChunk: Int)
        -> [EntityDraft]
    {
        // Mark one name's mentions as covered by the table in some documents, as
        // EntityIndex does, so that skipped runs are checked across chunks too.
        var covered: [Int: [ClosedRange<Int>]] = [:]
        for location in index.nameLocations("\"Mark Rutte\"") where location.document % 3 == 0 {
            covered[Int(location.document), default: []].append(
                Int(location.first)...Int(location.last))
        }
        return NameDetector.detect(
            index: index, covered: covered, parallelism: parallelism,
            documentsPerChunk: documentsPerChunk)
    }

    @Test(arguments: [(2, 1), (2, 7), (3, 10), (4, 96), (2, 97)])
    func chunksGiveTheOnePassRecords(parallelism: Int, documentsPerChunk: Int) {
        let onePass = Self.detect(Self.index, parallelism: 1, documentsPerChunk: .max)
        #expect(onePass.count >= 8)
        #expect(onePass.contains { !$0.titles.isEmpty && $0.mentionCount > 10 })
        let chunked = Self.detect(
            Self.index, parallelism: parallelism, documentsPerChunk: documentsPerChunk)
        #expect(chunked.map(\.name) == onePass.map(\.name))
        #expect(chunked == onePass)
        #expect(chunked.map(\.type) == onePass.map(\.type))
        #expect(chunked.map(\.titles) == onePass.map(\.titles))
    }

    /// The first spelling of a name is its record's name, and its mentions are in document
    /// order, even when a later chunk saw another spelling first.
    @Test func firstSpellingAndDocumentOrderSurviveTheJoin() throws {
        let records = Self.detect(Self.index, parallelism: 2, documentsPerChunk: 3)
        for record in records {
            let documents = record.locations.map(\.document)
            #expect(documents == documents.sorted(), "\(record.name)")
        }
        let hasanov = try #require(records.first { SynonymTable.key($0.name) == "zakir hasanov" })
        let first = try #require(hasanov.locations.first)
        #expect(Self.index.documents[Int(first.document)].text.contains(hasanov.name))
    }
}

extension String {
    /// The same name with its `e`s accented: a spelling that folds to the same key.
    fileprivate func replacingE() -> String {
        String(map { $0 == "e" ? "é" : $0 })
    }
}
