import NatoAzCorpus
import NatoAzTestSupport
import Testing

/// The outcome of loading a directory that holds one article file.
enum SingleFile {
    case loaded(Document, repairs: [Repair])
    case rejected(RejectionReason)

    var document: Document? {
        if case .loaded(let document, _) = self { return document }
        return nil
    }

    var repairs: [Repair] {
        if case .loaded(_, let repairs) = self { return repairs }
        return []
    }

    var rejection: RejectionReason? {
        if case .rejected(let reason) = self { return reason }
        return nil
    }
}

/// Writes `bytes` as the only file of a fresh directory, loads it, and reports what happened
/// (checking that the file is accounted for exactly once in the report).
func loadSingle(
    _ bytes: [UInt8], name: String = "article.txt", options: LoadOptions = LoadOptions()
) throws -> SingleFile {
    let directory = try TemporaryDirectory("natoaz-corpus")
    try directory.write(name, bytes: bytes)
    let corpus = try CorpusLoader(options: options).load(directory: directory.path)
    precondition(corpus.report.ignored.isEmpty, "article file was ignored")
    if let rejected = corpus.report.rejected.first {
        precondition(corpus.documents.isEmpty && corpus.report.rejected.count == 1)
        return .rejected(rejected.reason)
    }
    precondition(corpus.documents.count == 1)
    return .loaded(corpus.documents[0], repairs: corpus.report.repaired.first?.repairs ?? [])
}

func loadSingle(_ text: String, options: LoadOptions = LoadOptions()) throws -> Document? {
    try loadSingle(Array(text.utf8), options: options).document
}

/// The bundled seed corpus, found relative to this source file.
let seedsDirectory: String = {
    var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(4)  // LoadHelpers.swift, Support, NatoAzCorpusTests, Tests
    return components.joined(separator: "/") + "/seeds"
}()

/// Encodes Cyrillic and ASCII text as Windows-1251 (only the letters the tests use).
func windows1251(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar in
        switch scalar.value {
        case 0..<0x80: return UInt8(scalar.value)
        case 0x410...0x44F: return UInt8(0xC0 + scalar.value - 0x410)
        case 0x401: return 0xA8
        case 0x451: return 0xB8
        default: fatalError("not in the test encoder: \(scalar)")
        }
    }
}

/// An index of `articles` (file name -> text), written to a fresh directory and loaded as
/// natoazd loads a corpus; nil when that fails (a suite's tests then fail on `#require`).
func indexOfArticles(_ articles: [String: String]) -> SearchIndex? {
    guard let directory = try? TemporaryDirectory("natoaz-corpus") else { return nil }
    for (name, text) in articles {
        try? directory.write(name, bytes: Array(text.utf8))
    }
    guard let corpus = try? CorpusLoader().load(directory: directory.path) else { return nil }
    return try? SearchIndex(documents: corpus.documents)
}

/// The sorted ids of the documents `query` matches in `index`, without typo tolerance.
func exactMatchIDs(_ index: SearchIndex?, _ query: String) throws -> [String] {
    let index = try #require(index)
    return try index.search(query, options: SearchOptions(fuzzy: false)).hits.map(\.docID)
        .sorted()
}
