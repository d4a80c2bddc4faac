/// The immutable data of a built index: vocabulary, posting bytes and document statistics.
struct IndexStorage: Sendable {
    let dictionary: TermDictionary
    let postingBytes: [UInt8]
    let skips: PostingSkips
    let stats: [DocumentStats]
    let averageLength: Double
    let languages: Set<Language>
    let textBytes: Int
    let surfaceForms: SurfaceFormTable
    let checkpoints: CheckpointTable
    let filters: FilterColumns

    /// Storage made of its parts as they were stored (see ``IndexSnapshot``), checked there.
    init(
        dictionary: TermDictionary, postingBytes: [UInt8], skips: PostingSkips,
        stats: [DocumentStats], averageLength: Double, languages: Set<Language>, textBytes: Int,
        surfaceForms: SurfaceFormTable, checkpoints: CheckpointTable, filters: FilterColumns
    ) {
        self.dictionary = dictionary
        self.postingBytes = postingBytes
        self.skips = skips
        self.stats = stats
        self.averageLength = averageLength
        self.languages = languages
        self.textBytes = textBytes
        self.surfaceForms = surfaceForms
        self.checkpoints = checkpoints
        self.filters = filters
    }

    init(_ data: IndexData) {
        dictionary = data.dictionary
        postingBytes = data.postings
        skips = data.skips
        stats = data.stats
        averageLength =
            data.stats.isEmpty ? 1 : max(1, Double(data.totalLength) / Double(data.stats.count))
        languages = data.languages
        textBytes = data.textBytes
        surfaceForms = data.surfaceForms
        checkpoints = data.checkpointTable
        filters = data.filters
    }

    func postings(ofTerm id: Int) -> [Posting] {
        postingBytes.withUnsafeBufferPointer {
            PostingListReader.postings($0, range: dictionary.postingRange(id))
        }
    }

    /// Runs `body` with readers over the posting bytes (valid only inside `body`).
    func withPostings<R>(_ body: (PostingSource) -> R) -> R {
        postingBytes.withUnsafeBufferPointer { bytes in
            skips.entries.withUnsafeBufferPointer { skipEntries in
                body(
                    PostingSource(
                        bytes: bytes, skipEntries: skipEntries, skips: skips,
                        dictionary: dictionary, stats: stats))
            }
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
        return checkpoints.checkpoint(in: start..<end, atOrBefore: position)
    }
}

/// Cursors over an index's posting lists, for the duration of one search (see
/// ``IndexStorage/withPostings(_:)``).
struct PostingSource {
    let bytes: UnsafeBufferPointer<UInt8>
    let skipEntries: UnsafeBufferPointer<PostingSkips.Entry>
    let skips: PostingSkips
    let dictionary: TermDictionary
    let stats: [DocumentStats]

    func cursor(ofTerm id: Int) -> PostingCursor {
        PostingCursor(
            bytes: bytes, range: dictionary.postingRange(id), skips: skipEntries,
            skipRange: skips.range(ofTerm: id))
    }

    func documentFrequency(ofTerm id: Int) -> Int { Int(dictionary.documentFrequencies[id]) }

    func bodyFirstPosition(_ document: Int32) -> UInt32 {
        stats[Int(document)].bodyFirstPosition
    }
}
