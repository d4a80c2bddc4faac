import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Per-document numbers BM25 and the snippet builder need.
struct DocumentStats: Sendable {
    /// Tokens indexed (title and body), counting each position once.
    var length: UInt32
    /// Position of the body's first token; title tokens sit below it.
    var bodyFirstPosition: UInt32
    /// This document's checkpoints are `checkpoints[checkpointStart..<next document's]`.
    var checkpointStart: UInt32
}

/// A place to start re-tokenizing a body from without reading it from the beginning: a
/// word's position and byte offset. The word follows whitespace, so tokenizing from there
/// yields the same words and positions as tokenizing the whole text.
struct Checkpoint: Sendable {
    var position: UInt32
    var byteOffset: UInt32
}

/// Everything a built index holds besides the documents themselves.
struct IndexData: Sendable {
    var dictionary: TermDictionary
    var postings: [UInt8]
    /// Skip points of the lists longer than one block.
    var skips: PostingSkips
    var stats: [DocumentStats]
    var totalLength: UInt64
    var languages: Set<Language>
    /// Bytes of title and body text analysed.
    var textBytes: Int
    /// Body checkpoints of all documents, about every ``IndexBuilder/checkpointInterval``
    /// positions; ``DocumentStats/checkpointStart`` says where each document's begin.
    var checkpoints: [Checkpoint]
    /// `checkpoints` as the index keeps them.
    var checkpointTable: CheckpointTable
    /// Per term (in dictionary order), the original spellings indexed under it as their
    /// primary term, most frequent first.
    var surfaceForms: SurfaceFormTable
    /// The documents' metadata in columns, for filters.
    var filters: FilterColumns
}

/// Builds the positional index: the documents are cut into contiguous shards (balanced by
/// text size), each shard is indexed on its own thread (``IndexShard``), and the shards are
/// merged in document order.
///
/// The result does not depend on how many shards there are or how they were scheduled: every
/// shard numbers documents globally, vocabularies are merged in UTF-8 order, a term's lists are
/// concatenated in shard order (re-encoding only each later shard's first document delta), and
/// spellings are summed and sorted by value. A one-shard build is the serial build, and tests
/// check that any other shard count gives the same bytes.
struct IndexBuilder {
    /// Positions left empty between title and body, so no phrase spans the two.
    static let fieldGap: UInt32 = 1
    /// Positions between body checkpoints (snippets re-tokenize at most this many extra words).
    static let checkpointInterval: UInt32 = 32

    private let options: AnalysisOptions
    private let parallelism: Int
    private let minimumDocumentsPerShard: Int
    private let minimumTermsPerMergePart: Int

    /// `parallelism` shards at most (default: the online processors), each with at least
    /// `minimumDocumentsPerShard` documents (a thread is not worth it for a handful); the
    /// shards' vocabularies are merged in up to `parallelism` parts of at least
    /// `minimumTermsPerMergePart` terms.
    init(
        options: AnalysisOptions, parallelism: Int = SystemInfo.onlineProcessors,
        minimumDocumentsPerShard: Int = 256, minimumTermsPerMergePart: Int = 4_096
    ) {
        self.options = options
        self.parallelism = max(1, parallelism)
        self.minimumDocumentsPerShard = max(1, minimumDocumentsPerShard)
        self.minimumTermsPerMergePart = max(1, minimumTermsPerMergePart)
    }

    func build(documents: [Document]) -> IndexData {
        let ranges = Self.shardRanges(
            documents,
            count: min(parallelism, max(1, documents.count / minimumDocumentsPerShard)))
        let options = self.options
        let shards: [IndexShard]
        if ranges.count == 1 {
            shards = [IndexShard.build(documents, range: ranges[0], options: options)]
        } else {
            let slots = Mutex([IndexShard?](repeating: nil, count: ranges.count))
            // The text's bytes read through a pointer: a `reduce` over the array copies each
            // document (retains and releases), on one core between the load and the shards.
            let textBytes = documents.withUnsafeBufferPointer { documents in
                documents.indices.reduce(0) { $0 + documents[$1].textByteCount }
            }
            // Freed when the shards are built.
            let stems = SharedStems(
                expectedWords: IndexShard.expectedDistinctTokens(textBytes: textBytes) / 2,
                writers: ranges.count)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { number in
                let shard = IndexShard.build(
                    documents, range: ranges[number], options: options,
                    sharedStems: stems.writer(number))
                slots.withLock { $0[number] = shard }
            }
            shards = slots.withLock { $0.map { $0! } }
        }
        // Handed over, so that the merge can free each shard's lists once they are merged.
        return Self.merge(
            consume shards, documents: documents, parallelism: parallelism,
            minimumTermsPerMergePart: minimumTermsPerMergePart)
    }

    /// Up to `count` contiguous, non-empty ranges covering all documents, cut where the text
    /// read so far passes each equal share.
    static func shardRanges(_ documents: [Document], count: Int) -> [Range<Int>] {
        guard count > 1, documents.count > 1 else { return [0..<documents.count] }
        // Read through a pointer, the title's length from the packed fields: no copy of a
        // document and no string made per document.
        let sizes = documents.withUnsafeBufferPointer { documents in
            documents.indices.map {
                documents[$0].textByteCount + documents[$0].titleUTF8Count + 1
            }
        }
        let total = sizes.reduce(0, +)
        var ranges: [Range<Int>] = []
        var start = 0
        var read = 0
        for (number, size) in sizes.enumerated() {
            read += size
            let share = total * (ranges.count + 1) / count
            if read >= share, ranges.count < count - 1, number + 1 < documents.count {
                ranges.append(start..<number + 1)
                start = number + 1
            }
        }
        ranges.append(start..<documents.count)
        return ranges
    }

    // MARK: - Merging shards

    /// Merges the shards of `documents`, and builds the documents' filter columns beside the
    /// merge's tail (where a core is free).
    static func merge(
        _ shards: consuming [IndexShard], documents: [Document], parallelism: Int = 1,
        minimumTermsPerMergePart: Int = 4_096
    ) -> IndexData {
        var stats: [DocumentStats] = []
        var checkpoints: [Checkpoint] = []
        stats.reserveCapacity(shards.reduce(0) { $0 + $1.stats.count })
        checkpoints.reserveCapacity(shards.reduce(0) { $0 + $1.checkpoints.count })
        var totalLength: UInt64 = 0
        var textBytes = 0
        var languages = Set<Language>()
        for number in shards.indices {
            let shard = shards[number]
            let base = UInt32(checkpoints.count)
            for var entry in shard.stats {
                entry.checkpointStart += base
                stats.append(entry)
            }
            checkpoints.append(contentsOf: shard.checkpoints)
            totalLength += shard.totalLength
            textBytes += shard.textBytes
            languages.formUnion(shard.languages)
        }

        let merged: MergedVocabulary
        if shards.count == 1 {
            let only = shards[0]
            merged = MergedVocabulary(
                termBytes: only.terms.bytes, termStarts: only.terms.starts,
                postings: only.postings, offsets: only.offsets,
                documentFrequencies: only.documentCounts,
                collectionFrequencies: only.occurrenceCounts, masks: only.masks,
                globalNumbers: [Array(0..<Int32(only.terms.count))])
        } else {
            merged = mergeVocabularies(
                &shards, parts: parallelism, minimumTermsPerPart: minimumTermsPerMergePart)
        }

        let mergedShards = consume shards
        // The dictionary, the spellings and the skip table need only the merged vocabulary.
        // They run as one flat list of tasks: a `concurrentPerform` inside another one gets
        // one thread, which left the spellings (the tail's longest step) on one core.
        let vocabulary = merged
        let termCount = vocabulary.termCount
        // Small parts, taken in turn, even the cores out: the cost per term varies along the
        // order (with 4 parts per core at 100k the last ran alone for about 0.3 s).
        let partCount = max(1, min(16 * parallelism, termCount / max(1, minimumTermsPerMergePart)))
        let cuts = (0...partCount).map { termCount * $0 / partCount }
        let dictionarySlot = Mutex<TermDictionary?>(nil)
        let bucketsSlot = Mutex<SpellingBuckets?>(nil)
        let skipPieces = Mutex([PostingSkips?](repeating: nil, count: partCount))
        let filtersSlot = Mutex<FilterColumns?>(nil)
        let checkpointsSlot = Mutex<CheckpointTable?>(nil)
        let (mergedStats, mergedCheckpoints) = (stats, checkpoints)
        // First the dictionary and the spellings' bucketing (which the spellings' parts need),
        // and the skips, filter columns and checkpoint table, which even out the two.
        perform(4 + partCount, parallelism: parallelism) { task in
            switch task {
            case 0:
                let dictionary = TermDictionary(
                    terms: UTF8Block(
                        bytes: exactlySized(vocabulary.termBytes),
                        starts: exactlySized(vocabulary.termStarts)),
                    documentFrequencies: vocabulary.documentFrequencies,
                    collectionFrequencies: vocabulary.collectionFrequencies,
                    languageMasks: vocabulary.masks, postingOffsets: vocabulary.offsets,
                    distinct: true)
                dictionarySlot.withLock { $0 = dictionary }
            case 1:
                let buckets = bucketSpellings(
                    mergedShards, globalNumbers: vocabulary.globalNumbers, termCount: termCount)
                bucketsSlot.withLock { $0 = buckets }
            case 2:
                let filters = FilterColumns(documents)
                filtersSlot.withLock { $0 = filters }
            case 3:
                // Built here rather than in `IndexStorage`, after the merge, on one core.
                let table = CheckpointTable(
                    mergedCheckpoints,
                    documentStarts: mergedStats.lazy.map { Int($0.checkpointStart) })
                checkpointsSlot.withLock { $0 = table }
            default:
                let part = task - 4
                let skips = vocabulary.postings.withUnsafeBufferPointer { postings in
                    PostingSkips(
                        postings: postings, terms: cuts[part]..<cuts[part + 1],
                        documentFrequencies: vocabulary.documentFrequencies,
                        range: { vocabulary.offsets[$0]..<vocabulary.offsets[$0 + 1] })
                }
                skipPieces.withLock { $0[part] = skips }
            }
        }
        let buckets = bucketsSlot.withLock { $0! }
        let spellingPieces = Mutex([SpellingPiece?](repeating: nil, count: partCount))
        perform(partCount, parallelism: parallelism) { part in
            let piece = orderSpellings(
                mergedShards, buckets.bucketed, buckets.starts, terms: cuts[part]..<cuts[part + 1])
            spellingPieces.withLock { $0[part] = piece }
        }
        // The tail: the spellings' pieces joined on all cores while one task joins the skips'
        // and another frees the shards (their munmaps took 0.01 s at 100k articles on the one
        // busy core, the other idle).
        let shardsToFree = Mutex<[IndexShard]?>(consume mergedShards)
        let skipsSlot = Mutex<PostingSkips?>(nil)
        let surfaceForms = joinSpellings(
            spellingPieces.withLock { $0.map { $0! } }, parallelism: parallelism, besideTasks: 2
        ) { task in
            if task == 0 {
                let skips = PostingSkips(joining: skipPieces.withLock { $0.map { $0! } })
                skipsSlot.withLock { $0 = skips }
            } else {
                shardsToFree.withLock { $0 = nil }
            }
        }
        let dictionary = dictionarySlot.withLock { $0! }
        return IndexData(
            dictionary: dictionary, postings: merged.postings,
            skips: skipsSlot.withLock { $0! }, stats: stats,
            totalLength: totalLength, languages: languages, textBytes: textBytes,
            checkpoints: checkpoints, checkpointTable: checkpointsSlot.withLock { $0! },
            surfaceForms: surfaceForms, filters: filtersSlot.withLock { $0! })
    }

    /// The merged vocabulary: term `i` is the UTF-8 `termBytes[termStarts[i]..<termStarts[i + 1]]`
    /// (one block, as ``UTF8Block`` holds it: no `String` per term).
    struct MergedVocabulary {
        var termBytes: [UInt8] = []
        var termStarts: [UInt32] = [0]
        var postings: [UInt8] = []
        var offsets: [Int] = [0]
        var documentFrequencies: [UInt32] = []
        var collectionFrequencies: [UInt32] = []
        var masks: [UInt8] = []
        /// Per shard, the merged number of each of its terms.
        var globalNumbers: [[Int32]] = []

        var termCount: Int { termStarts.count - 1 }
    }

    /// Merges the shards' sorted vocabularies; a term's lists are joined in shard order.
    ///
    /// The terms are cut into up to `parts` ranges (of at least `minimumTermsPerPart` terms of
    /// the largest shard) at terms of the largest shard, so every shard is cut at the same
    /// bytes, and merged in two steps, each on all cores:
    ///
    /// 1. Each range's terms are merged on its own thread (``mergeTerms(_:_:)``): everything
    ///    but the posting bytes, whose merged lengths it counts, so every list's place in the
    ///    index's array is known.
    /// 2. The lists are copied there once, in chunks of equal bytes taken in turn
    ///    (``writeLists(_:of:ranges:shards:into:)``), while the ranges' columns (terms,
    ///    offsets, counts) are joined: the same result as one merge of everything.
    ///
    /// Until session 18 each range's lists went into a piece of their own and one thread then
    /// joined the pieces: at 100k articles 113 MB of fresh memory written twice, the second
    /// time on one core (about 0.1 s with the other idle).
    ///
    /// The shards' lists are freed once merged.
    private static func mergeVocabularies(
        _ shards: inout [IndexShard], parts: Int, minimumTermsPerPart: Int
    ) -> MergedVocabulary {
        let cuts = mergeCuts(shards, parts: parts, minimumTerms: minimumTermsPerPart)
        let pieces: [MergedVocabulary]
        let read = shards
        if cuts.count == 1 {
            pieces = [mergeTerms(read, cuts[0])]
        } else {
            let slots = Mutex([MergedVocabulary?](repeating: nil, count: cuts.count))
            DispatchQueue.concurrentPerform(iterations: cuts.count) { part in
                let piece = mergeTerms(read, cuts[part])
                slots.withLock { $0[part] = piece }
            }
            pieces = slots.withLock { $0.map { $0! } }
        }
        let joined = Mutex(MergedVocabulary())
        let postings = writePostings(read, cuts: cuts, pieces: pieces, parallelism: parts) {
            // Beside the lists, on whichever core is free.
            let columns = joinColumns(pieces, cuts: cuts, shards: read)
            joined.withLock { $0 = columns }
        }
        _ = consume read
        for number in shards.indices { shards[number].postings = [] }
        var merged = joined.withLock { $0 }
        merged.postings = postings
        return merged
    }

    /// The pieces' columns (all but the postings) joined in order; one piece is taken as it
    /// is.
    private static func joinColumns(
        _ pieces: [MergedVocabulary], cuts: [[Range<Int>]], shards: [IndexShard]
    ) -> MergedVocabulary {
        if pieces.count == 1 { return pieces[0] }
        var merged = MergedVocabulary()
        let termCount = pieces.reduce(0) { $0 + $1.termCount }
        merged.termBytes.reserveCapacity(pieces.reduce(0) { $0 + $1.termBytes.count })
        merged.termStarts.reserveCapacity(termCount + 1)
        merged.offsets.reserveCapacity(termCount + 1)
        merged.documentFrequencies.reserveCapacity(termCount)
        merged.collectionFrequencies.reserveCapacity(termCount)
        merged.masks.reserveCapacity(termCount)
        merged.globalNumbers = shards.map {
            [Int32](repeating: 0, count: $0.terms.count)
        }
        var byteBase = 0
        for (part, piece) in pieces.enumerated() {
            let termBase = Int32(merged.termCount)
            let termByteBase = UInt32(merged.termBytes.count)
            merged.termBytes.append(contentsOf: piece.termBytes)
            precondition(merged.termBytes.count <= UInt32.max, "terms over 4 GiB")
            merged.termStarts.append(
                contentsOf: piece.termStarts.dropFirst().lazy.map { $0 + termByteBase })
            merged.offsets.append(contentsOf: piece.offsets.dropFirst().lazy.map { $0 + byteBase })
            byteBase += piece.offsets[piece.termCount]
            merged.documentFrequencies.append(contentsOf: piece.documentFrequencies)
            merged.collectionFrequencies.append(contentsOf: piece.collectionFrequencies)
            merged.masks.append(contentsOf: piece.masks)
            for number in shards.indices {
                let first = cuts[part][number].lowerBound
                for (offset, local) in piece.globalNumbers[number].enumerated() {
                    merged.globalNumbers[number][first + offset] = termBase + local
                }
            }
        }
        return merged
    }

    /// Per part, per shard, the range of the shard's terms that part merges: the parts cut
    /// every shard at the same terms, so each term falls in one part, in order.
    static func mergeCuts(_ shards: [IndexShard], parts: Int, minimumTerms: Int)
        -> [[Range<Int>]]
    {
        let largest = shards.indices.max { shards[$0].terms.count < shards[$1].terms.count }!
        let pivots = shards[largest].terms
        let parts = max(1, min(parts, pivots.count / max(1, minimumTerms)))
        var bounds = [shards.map { _ in 0 }]
        for part in 1..<parts {
            let pivot = pivots.withUTF8(pivots.count * part / parts) { Array($0) }
            bounds.append(
                shards.map { shard in
                    // The first term not below the pivot.
                    var low = 0
                    var high = shard.terms.count
                    pivot.withUnsafeBufferPointer { pivot in
                        while low < high {
                            let mid = (low + high) / 2
                            if shard.terms.withUTF8(mid, { compareUTF8($0, pivot) }) < 0 {
                                low = mid + 1
                            } else {
                                high = mid
                            }
                        }
                    }
                    return low
                })
        }
        bounds.append(shards.map(\.terms.count))
        return (0..<bounds.count - 1).map { part in
            shards.indices.map { bounds[part][$0]..<bounds[part + 1][$0] }
        }
    }

    /// Merges `ranges[s]` of each shard `s`'s terms, all but their posting bytes: the numbers
    /// it gives count from 0, and its offsets from the start of the range's lists, which
    /// ``writeLists(_:of:ranges:shards:into:)`` writes there.
    private static func mergeTerms(_ shards: [IndexShard], _ ranges: [Range<Int>])
        -> MergedVocabulary
    {
        withBuffers(shards.map(\.terms.bytes)) { termBytes in
            withBuffers(shards.map(\.terms.starts)) { termStarts in
                withBuffers(shards.map(\.postings)) { postings in
                    mergeTerms(
                        shards, ranges, termBytes: termBytes, termStarts: termStarts,
                        postings: postings)
                }
            }
        }
    }

    /// ``mergeTerms(_:_:)`` with every shard's term block and postings in reach.
    private static func mergeTerms(
        _ shards: [IndexShard], _ ranges: [Range<Int>],
        termBytes: [UnsafeBufferPointer<UInt8>], termStarts: [UnsafeBufferPointer<UInt32>],
        postings: [UnsafeBufferPointer<UInt8>]
    ) -> MergedVocabulary {
        @inline(__always)
        func term(_ shard: Int, _ local: Int) -> UnsafeBufferPointer<UInt8> {
            let starts = termStarts[shard]
            return UnsafeBufferPointer(
                rebasing: termBytes[shard][Int(starts[local])..<Int(starts[local + 1])])
        }
        let offsets = shards.map(\.offsets)
        let documentCounts = shards.map(\.documentCounts)
        let occurrenceCounts = shards.map(\.occurrenceCounts)
        let masks = shards.map(\.masks)
        let lastDocuments = shards.map(\.lastDocuments)
        var merged = MergedVocabulary()
        let termCount = ranges.reduce(0) { $0 + $1.count }
        merged.termStarts.reserveCapacity(termCount + 1)
        merged.termBytes.reserveCapacity(
            ranges.indices.reduce(0) {
                $0 + Int(termStarts[$1][ranges[$1].upperBound])
                    - Int(termStarts[$1][ranges[$1].lowerBound])
            })
        merged.offsets.reserveCapacity(termCount + 1)
        merged.documentFrequencies.reserveCapacity(termCount)
        merged.collectionFrequencies.reserveCapacity(termCount)
        merged.masks.reserveCapacity(termCount)
        merged.globalNumbers = ranges.map { [Int32](repeating: 0, count: $0.count) }
        var heads = ranges.map(\.lowerBound)
        var holders: [Int] = []
        var postingBytes = 0
        while true {
            // The smallest head term, and every shard whose head it is.
            holders.removeAll(keepingCapacity: true)
            for number in shards.indices where heads[number] < ranges[number].upperBound {
                if let first = holders.first {
                    let order = compareUTF8(
                        term(number, heads[number]), term(first, heads[first]))
                    if order < 0 {
                        holders.removeAll(keepingCapacity: true)
                        holders.append(number)
                    } else if order == 0 {
                        holders.append(number)
                    }
                } else {
                    holders.append(number)
                }
            }
            guard let first = holders.first else { break }
            let global = Int32(merged.termCount)
            merged.termBytes.append(contentsOf: term(first, heads[first]))
            precondition(merged.termBytes.count <= UInt32.max, "terms over 4 GiB")
            merged.termStarts.append(UInt32(merged.termBytes.count))
            var documents: UInt32 = 0
            var occurrences: UInt32 = 0
            var mask: UInt8 = 0
            var previousLast: Int32 = -1
            for number in holders {
                let local = heads[number]
                documents += documentCounts[number][local]
                occurrences += occurrenceCounts[number][local]
                mask |= masks[number][local]
                var offset = offsets[number][local]
                if previousLast >= 0 {
                    // The list's first delta is written again (counting from the last
                    // document of the shards before), maybe in fewer bytes.
                    let delta = rebasedDelta(postings[number], &offset, after: previousLast)
                    postingBytes += delta.count
                }
                postingBytes += offsets[number][local + 1] - offset
                previousLast = lastDocuments[number][local]
                merged.globalNumbers[number][local - ranges[number].lowerBound] = global
                heads[number] += 1
            }
            merged.offsets.append(postingBytes)
            merged.documentFrequencies.append(documents)
            merged.collectionFrequencies.append(occurrences)
            merged.masks.append(mask)
        }
        return merged
    }

    /// Each shard's spellings bucketed by merged term: a counting pass, not a sort of them all.
    ///
    /// The spellings of each term are then summed over the shards and ordered, most frequent
    /// first (ties by text), in ranges of terms on all cores (``orderSpellings(_:_:_:terms:)``),
    /// and the ranges joined in term order (``joinSpellings(_:)``): the table is the same
    /// whatever the number of ranges. Spellings that are equal as strings (canonically
    /// equivalent) are one; its text is the smallest of them in bytes. The spellings stay bytes
    /// in the shards' blocks until they are written into the table: a `String` is made only for
    /// a term whose spellings are not all ``CanonicalOrder/isPlain(_:)``.
    private static func bucketSpellings(
        _ shards: [IndexShard], globalNumbers: [[Int32]], termCount: Int
    ) -> SpellingBuckets {
        var bucketStarts = [Int](repeating: 0, count: termCount + 1)
        for (number, shard) in shards.enumerated() {
            let numbers = globalNumbers[number]
            for term in shard.spellings.terms {
                bucketStarts[Int(numbers[Int(term)]) + 1] += 1
            }
        }
        for term in 0..<termCount { bucketStarts[term + 1] += bucketStarts[term] }
        var cursors = bucketStarts
        // Each spelling as `shard << 32 | its number in the shard`.
        var filling = [UInt64](repeating: 0, count: bucketStarts[termCount])
        for (number, shard) in shards.enumerated() {
            let numbers = globalNumbers[number]
            for (index, term) in shard.spellings.terms.enumerated() {
                let term = Int(numbers[Int(term)])
                filling[cursors[term]] = UInt64(number) << 32 | UInt64(index)
                cursors[term] += 1
            }
        }
        return SpellingBuckets(bucketed: filling, starts: bucketStarts)
    }

    /// Every spelling as `shard << 32 | number`, term `t`'s at `bucketed[starts[t]..<starts[t +
    /// 1]]`.
    private struct SpellingBuckets: Sendable {
        var bucketed: [UInt64]
        var starts: [Int]
    }

    /// A range of terms' spellings in ``SurfaceFormTable``'s layout, counted from the range's
    /// first byte and first spelling, without the closing starts.
    struct SpellingPiece: Sendable {
        var bytes: [UInt8] = []
        var formStarts: [UInt32] = []
        var termStarts: [UInt32] = []
    }

    /// One spelling of a term on its way into the table, when its term's spellings are ordered
    /// as strings.
    private struct BucketedSpelling {
        var surface: String
        var count: Int
        /// The surface's NFC form (its bytes when ``CanonicalOrder/isPlain(_:)``), normalised
        /// once. These bytes equate spellings exactly as `String`'s `==` does (canonical
        /// equivalence), and order them as `<` does except in rare runs of combining marks:
        /// `<` puts `e\u{323}` before `e\u{323}\u{327}`, whose NFC (`ȩ` U+0229 first) sorts
        /// before `ẹ` (U+1EB9); there the order among equally frequent spellings is NFC's, a
        /// consistent one. Compared as strings, each comparison normalised both: one term's
        /// 19,753 spellings of a letter and 127 combining marks took 14 s to sort (session 16).
        var key: [UInt8]
    }

    /// The spellings of `terms` (buckets of `bucketed`, term `t`'s are
    /// `starts[t]..<starts[t + 1]`, each `shard << 32 | number`), each term's summed by text
    /// and ordered most frequent first.
    private static func orderSpellings(
        _ shards: [IndexShard], _ bucketed: [UInt64], _ starts: [Int], terms: Range<Int>
    ) -> SpellingPiece {
        // Everything read through pointers: with arrays captured by the comparisons, each
        // read of a spelling retained and released them (about a fifth of the instructions
        // here, session 19).
        withBuffers(shards.map(\.spellings.bytes)) { bytes in
            withBuffers(shards.map(\.spellings.starts)) { byteStarts in
                withBuffers(shards.map(\.spellings.counts)) { counts in
                    bytes.withUnsafeBufferPointer { bytes in
                        byteStarts.withUnsafeBufferPointer { byteStarts in
                            counts.withUnsafeBufferPointer { counts in
                                bucketed.withUnsafeBufferPointer { bucketed in
                                    starts.withUnsafeBufferPointer { starts in
                                        orderSpellings(
                                            counts, bytes, byteStarts, bucketed, starts,
                                            terms: terms)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// ``orderSpellings(_:_:_:terms:)`` with every shard's spelling block in reach.
    private static func orderSpellings(
        _ counts: UnsafeBufferPointer<UnsafeBufferPointer<UInt32>>,
        _ spellingBytes: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>,
        _ spellingStarts: UnsafeBufferPointer<UnsafeBufferPointer<UInt32>>,
        _ bucketed: UnsafeBufferPointer<UInt64>, _ starts: UnsafeBufferPointer<Int>,
        terms: Range<Int>
    ) -> SpellingPiece {
        @inline(__always)
        func text(_ spelling: UInt64) -> UnsafeBufferPointer<UInt8> {
            let shard = Int(spelling >> 32)
            let number = Int(spelling & 0xFFFF_FFFF)
            let starts = spellingStarts[shard]
            return UnsafeBufferPointer(
                rebasing: spellingBytes[shard][Int(starts[number])..<Int(starts[number + 1])])
        }
        @inline(__always)
        func count(_ spelling: UInt64) -> Int {
            Int(counts[Int(spelling >> 32)][Int(spelling & 0xFFFF_FFFF)])
        }
        var piece = SpellingPiece()
        let spellingCount = starts[terms.upperBound] - starts[terms.lowerBound]
        piece.formStarts.reserveCapacity(spellingCount)
        piece.termStarts.reserveCapacity(terms.count)
        piece.bytes.reserveCapacity(
            bucketed[starts[terms.lowerBound]..<starts[terms.upperBound]].reduce(0) {
                $0 + text($1).count + 1
            })
        func append(_ text: UnsafeBufferPointer<UInt8>, count: Int) {
            piece.formStarts.append(UInt32(piece.bytes.count))
            VarInt.append(UInt32(clamping: count), to: &piece.bytes)
            piece.bytes.append(contentsOf: text)
        }
        var plain: [(spelling: UInt64, count: Int)] = []
        var byText: [UInt64] = []
        var strings: [BucketedSpelling] = []
        var forms: [SurfaceForm] = []
        for term in terms {
            piece.termStarts.append(UInt32(piece.formStarts.count))
            let bucket = bucketed[starts[term]..<starts[term + 1]]
            if bucket.count == 1 {  // most terms: nothing to order
                append(text(bucket[bucket.startIndex]), count: count(bucket[bucket.startIndex]))
                continue
            }
            if bucket.allSatisfy({ CanonicalOrder.isPlain(utf8: text($0)) }) {
                // Plain spellings are equal as strings only when their bytes are, and order
                // as their bytes (CanonicalOrder): sum and order them in place.
                if bucket.count == 2 {
                    // Most often one spelling from two shards: what the sorts below make of
                    // two, without them (summed if equal, else by count, then by bytes).
                    let first = bucket[bucket.startIndex]
                    let second = bucket[bucket.startIndex + 1]
                    let order = compareUTF8(text(first), text(second))
                    if order == 0 {
                        append(text(first), count: count(first) + count(second))
                    } else {
                        let firstLeads =
                            count(first) != count(second)
                            ? count(first) > count(second) : order < 0
                        let (lead, next) = firstLeads ? (first, second) : (second, first)
                        append(text(lead), count: count(lead))
                        append(text(next), count: count(next))
                    }
                    continue
                }
                plain.removeAll(keepingCapacity: true)
                byText.removeAll(keepingCapacity: true)
                byText.append(contentsOf: bucket)
                byText.sort { compareUTF8(text($0), text($1)) < 0 }
                for spelling in byText {
                    if let last = plain.last, compareUTF8(text(last.spelling), text(spelling)) == 0
                    {
                        plain[plain.count - 1].count += count(spelling)
                    } else {
                        plain.append((spelling, count(spelling)))
                    }
                }
                plain.sort {
                    $0.count != $1.count
                        ? $0.count > $1.count
                        : compareUTF8(text($0.spelling), text($1.spelling)) < 0
                }
                for form in plain { append(text(form.spelling), count: form.count) }
                continue
            }
            // By text as strings, then (for canonically equal ones) by bytes; plain spellings
            // are equal as strings only when their bytes are (CanonicalOrder).
            strings.removeAll(keepingCapacity: true)
            for spelling in bucket {
                let bytes = text(spelling)
                let surface = String(decoding: bytes, as: UTF8.self)
                strings.append(
                    BucketedSpelling(
                        surface: surface, count: count(spelling),
                        key: CanonicalOrder.isPlain(utf8: bytes)
                            ? Array(bytes) : surface._nfcCodeUnits))
            }
            strings.sort {
                let order = compareUTF8($0.key, $1.key)
                return order != 0 ? order < 0 : compareUTF8($0.surface, $1.surface) < 0
            }
            forms.removeAll(keepingCapacity: true)
            var formKeys: [[UInt8]] = []
            for spelling in strings {
                if let last = formKeys.last, compareUTF8(last, spelling.key) == 0 {
                    forms[forms.count - 1].count += spelling.count
                } else {
                    forms.append(SurfaceForm(text: spelling.surface, count: spelling.count))
                    formKeys.append(spelling.key)
                }
            }
            if forms.count > 1 {
                // Most frequent first, then as the strings order (by their keys).
                let order = forms.indices.sorted { a, b in
                    forms[a].count != forms[b].count
                        ? forms[a].count > forms[b].count
                        : compareUTF8(formKeys[a], formKeys[b]) < 0
                }
                forms = order.map { forms[$0] }
            }
            for form in forms {
                var text = form.text
                text.withUTF8 { append($0, count: form.count) }
            }
        }
        return piece
    }

    /// Runs `body(0)` to `body(iterations - 1)` on all cores, or in turn on this thread when
    /// `parallelism` is 1.
    static func perform(
        _ iterations: Int, parallelism: Int, _ body: @Sendable (Int) -> Void
    ) {
        if parallelism == 1 {
            for iteration in 0..<iterations { body(iteration) }
        } else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        }
    }

    /// Runs `body` with a buffer pointer to each of `arrays` (valid only inside `body`).
    static func withBuffers<Element, Result>(
        _ arrays: [[Element]], _ body: ([UnsafeBufferPointer<Element>]) -> Result
    ) -> Result {
        var buffers: [UnsafeBufferPointer<Element>] = []
        buffers.reserveCapacity(arrays.count)
        func nest(_ index: Int) -> Result {
            guard index < arrays.count else { return body(buffers) }
            return arrays[index].withUnsafeBufferPointer { buffer in
                buffers.append(buffer)
                return nest(index + 1)
            }
        }
        return nest(0)
    }

    /// `array` with no spare capacity (a copy if it has any): the built index keeps it.
    private static func exactlySized<Element>(_ array: [Element]) -> [Element] {
        array.capacity == array.count ? array : array.withUnsafeBufferPointer { Array($0) }
    }

    // MARK: - Helpers

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The byte order of two arrays of UTF-8 (as for two buffers, below).
    static func compareUTF8(_ left: [UInt8], _ right: [UInt8]) -> Int {
        left.withUnsafeBufferPointer { a in right.withUnsafeBufferPointer { compareUTF8(a, $0) } }
    }

    /// Compares two strings by their UTF-8 bytes: negative, zero or positive.
    static func compareUTF8(_ left: String, _ right: String) -> Int {
        let fast = left.utf8.withContiguousStorageIfAvailable { a in
            right.utf8.withContiguousStorageIfAvailable { b in compareUTF8(a, b) }
        }
        if let order = fast ?? nil { return order }
        if left.utf8.elementsEqual(right.utf8) { return 0 }
        return left.utf8.lexicographicallyPrecedes(right.utf8) ? -1 : 1
    }

    /// Compares two byte strings: negative, zero or positive.
    @inline(__always)
    static func compareUTF8(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>)
        -> Int
    {
        let common = min(a.count, b.count)
        if common > 0 {
            let order = memcmp(a.baseAddress!, b.baseAddress!, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}
