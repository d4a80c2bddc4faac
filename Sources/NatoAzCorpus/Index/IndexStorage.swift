/// The immutable data of a built index: vocabulary, posting bytes and document statistics.
struct IndexStorage: Sendable {
    let dictionary: TermDictionary
    let postingBytes: [UInt8]
    let stats: [DocumentStats]
    let averageLength: Double
    let languages: Set<Language>
    let textBytes: Int
    let surfaceForms: [[SurfaceForm]]

    init(_ data: IndexData) {
        dictionary = data.dictionary
        postingBytes = data.postings
        stats = data.stats
        averageLength =
            data.stats.isEmpty ? 1 : max(1, Double(data.totalLength) / Double(data.stats.count))
        languages = data.languages
        textBytes = data.textBytes
        surfaceForms = data.surfaceForms
    }

    func postings(ofTerm id: Int) -> [Posting] {
        postingBytes.withUnsafeBufferPointer {
            PostingListReader.postings($0, range: dictionary.postingRange(id))
        }
    }

    func positions(of posting: Posting, into positions: inout [UInt32]) {
        postingBytes.withUnsafeBufferPointer {
            PostingListReader.positions($0, of: posting, into: &positions)
        }
    }
}
