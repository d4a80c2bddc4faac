import Foundation
import NatoAzCorpus

/// The five bundled seeds as documents, with metadata set by hand (what a correct loader
/// establishes), so search tests do not depend on the loader.
enum SeedFixture {
    static let seedsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    static func lines(_ id: String) -> [String] {
        let url = seedsDirectory.appendingPathComponent(id + ".txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "--" }
    }

    static let documents: [Document] = {
        let en000 = lines("000_b63174de97e40d1a")
        let en001 = lines("001_4f019866b068d0a9")
        let ru002 = lines("002_163f1bbd0ac872e2")
        let en003 = lines("003_285129050a8aee72")
        let en004 = lines("004_7335d4dbf30efac0")
        return [
            Document(
                id: "000_b63174de97e40d1a", date: PartialDate(year: nil, month: 11, day: 6),
                lang: .english, place: "Azerbaijan", paragraphs: en000),
            Document(
                id: "001_4f019866b068d0a9", title: en001[0], lang: .english,
                paragraphs: Array(en001.dropFirst().dropLast()), trailer: en001.last),
            Document(
                id: "002_163f1bbd0ac872e2", title: ru002[0],
                date: PartialDate(year: 2021, month: 12, day: 14), dateText: ru002[1],
                lang: .russian, paragraphs: Array(ru002.dropFirst(2))),
            Document(
                id: "003_285129050a8aee72", date: PartialDate(year: 2021, month: 12, day: 14),
                lang: .english, source: "AZERTAC", place: "Baku",
                paragraphs: Array(en003.dropFirst())),
            Document(
                id: "004_7335d4dbf30efac0", date: PartialDate(year: 2021, month: 6, day: 22),
                lang: .english, author: "Vafa Ismayilova", paragraphs: Array(en004.dropFirst())),
        ]
    }()

    // Five seeds are far below the posting limit: building cannot throw.
    static let index = try! SearchIndex(documents: documents)

    /// The short ids ("002") of a query's hits, in rank order.
    static func ids(_ query: String, _ options: SearchOptions = SearchOptions(limit: 100))
        throws -> [String]
    {
        try index.search(query, options: options).hits.map { String($0.docID.prefix(3)) }
    }
}
