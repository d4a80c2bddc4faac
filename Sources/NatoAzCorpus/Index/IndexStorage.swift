/// The immutable data of a built index: vocabulary, posting bytes and document statistics.
struct IndexStorage: Sendable {
    let dictionary: TermDictionary
    let postingBytes: [UInt8]
    let stats: [DocumentStats]
    let averageLength: Double
    let languages: Set<Language>
    let textBytes: Int
    let surfaceForms: SurfaceFormTable
    let checkpoints: [Checkpoint]
    let filters: FilterColumns

    init(_ data: IndexData, documents: [Document]) {
        dictionary = data.dictionary
        postingBytes = data.postings
        stats = data.stats
        averageLength =
            data.stats.isEmpty ? 1 : max(1, Double(data.totalLength) / Double(data.stats.count))
        languages = data.languages
        textBytes = data.textBytes
        surfaceForms = data.surfaceForms
        checkpoints = data.checkpoints
        filters = FilterColumns(documents)
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

    /// The last checkpoint of `document` at or before `position` (nil if none precedes it).
    func checkpoint(document: Int, atOrBefore position: UInt32) -> Checkpoint? {
        let start = Int(stats[document].checkpointStart)
        let end =
            document + 1 < stats.count
            ? Int(stats[document + 1].checkpointStart) : checkpoints.count
        var best: Checkpoint? = nil
        var low = start
        var high = end
        while low < high {
            let mid = (low + high) / 2
            if checkpoints[mid].position <= position {
                best = checkpoints[mid]
                low = mid + 1
            } else {
                high = mid
            }
        }
        return best
    }
}
