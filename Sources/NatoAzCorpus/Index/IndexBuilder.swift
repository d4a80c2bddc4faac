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
    var stats: [DocumentStats]
    var totalLength: UInt64
    var languages: Set<Language>
    /// Bytes of title and body text analysed.
    var textBytes: Int
    /// Body checkpoints of all documents, about every ``IndexBuilder/checkpointInterval``
    /// positions; ``DocumentStats/checkpointStart`` says where each document's begin.
    var checkpoints: [Checkpoint]
    /// Per term (in dictionary order), the original spellings indexed under it as their
    /// primary term, most frequent first.
    var surfaceForms: SurfaceFormTable
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
            DispatchQueue.concurrentPerform(iterations: ranges.count) { number in
                let shard = IndexShard.build(documents, range: ranges[number], options: options)
                slots.withLock { $0[number] = shard }
            }
            shards = slots.withLock { $0.map { $0! } }
        }
        return Self.merge(
            shards, parallelism: parallelism, minimumTermsPerMergePart: minimumTermsPerMergePart)
    }

    /// Up to `count` contiguous, non-empty ranges covering all documents, cut where the text
    /// read so far passes each equal share.
    static func shardRanges(_ documents: [Document], count: Int) -> [Range<Int>] {
        guard count > 1, documents.count > 1 else { return [0..<documents.count] }
        let sizes = documents.map { $0.textByteCount + ($0.title?.utf8.count ?? 0) + 1 }
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

    static func merge(
        _ shards: [IndexShard], parallelism: Int = 1, minimumTermsPerMergePart: Int = 4_096
    ) -> IndexData {
        var stats: [DocumentStats] = []
        var checkpoints: [Checkpoint] = []
        stats.reserveCapacity(shards.reduce(0) { $0 + $1.stats.count })
        checkpoints.reserveCapacity(shards.reduce(0) { $0 + $1.checkpoints.count })
        var totalLength: UInt64 = 0
        var textBytes = 0
        var languages = Set<Language>()
        for shard in shards {
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
                terms: only.terms, postings: only.postings, offsets: only.offsets,
                documentFrequencies: only.documentCounts,
                collectionFrequencies: only.occurrenceCounts, masks: only.masks,
                globalNumbers: [Array(0..<Int32(only.terms.count))])
        } else {
            merged = mergeVocabularies(
                shards, parts: parallelism, minimumTermsPerPart: minimumTermsPerMergePart)
        }

        // The spellings and the dictionary's tables need only the merged numbers: one thread
        // each.
        let surfaceFormsSlot = Mutex<SurfaceFormTable?>(nil)
        let dictionarySlot = Mutex<TermDictionary?>(nil)
        let vocabulary = merged
        DispatchQueue.concurrentPerform(iterations: parallelism > 1 ? 2 : 1) { task in
            if task == 0 {
                let dictionary = TermDictionary(
                    terms: vocabulary.terms,
                    documentFrequencies: vocabulary.documentFrequencies,
                    collectionFrequencies: vocabulary.collectionFrequencies,
                    languageMasks: vocabulary.masks, postingOffsets: vocabulary.offsets)
                dictionarySlot.withLock { $0 = dictionary }
            }
            if task == 1 || parallelism == 1 {
                let forms = mergeSpellings(
                    shards, globalNumbers: vocabulary.globalNumbers,
                    termCount: vocabulary.terms.count, parts: parallelism,
                    minimumTermsPerPart: minimumTermsPerMergePart)
                surfaceFormsSlot.withLock { $0 = forms }
            }
        }
        let surfaceForms = surfaceFormsSlot.withLock { $0! }
        let dictionary = dictionarySlot.withLock { $0! }
        return IndexData(
            dictionary: dictionary, postings: merged.postings, stats: stats,
            totalLength: totalLength, languages: languages, textBytes: textBytes,
            checkpoints: checkpoints, surfaceForms: surfaceForms)
    }

    private struct MergedVocabulary {
        var terms: [String] = []
        var postings: [UInt8] = []
        var offsets: [Int] = [0]
        var documentFrequencies: [UInt32] = []
        var collectionFrequencies: [UInt32] = []
        var masks: [UInt8] = []
        /// Per shard, the merged number of each of its terms.
        var globalNumbers: [[Int32]] = []
    }

    /// Merges the shards' sorted vocabularies; a term's lists are joined in shard order.
    ///
    /// The terms are cut into up to `parts` ranges (of at least `minimumTermsPerPart` terms of
    /// the largest shard) at terms of the largest shard, so every shard is cut at the same
    /// bytes; each range is merged on its own thread, and the pieces are joined in order: the
    /// same result as one merge of everything.
    private static func mergeVocabularies(
        _ shards: [IndexShard], parts: Int, minimumTermsPerPart: Int
    ) -> MergedVocabulary {
        let cuts = mergeCuts(shards, parts: parts, minimumTerms: minimumTermsPerPart)
        let pieces: [MergedVocabulary]
        if cuts.count == 1 {
            pieces = [mergeRanges(shards, cuts[0])]
        } else {
            let slots = Mutex([MergedVocabulary?](repeating: nil, count: cuts.count))
            DispatchQueue.concurrentPerform(iterations: cuts.count) { part in
                let piece = mergeRanges(shards, cuts[part])
                slots.withLock { $0[part] = piece }
            }
            pieces = slots.withLock { $0.map { $0! } }
        }
        if pieces.count == 1 { return pieces[0] }
        var merged = MergedVocabulary()
        merged.terms.reserveCapacity(pieces.reduce(0) { $0 + $1.terms.count })
        merged.postings.reserveCapacity(pieces.reduce(0) { $0 + $1.postings.count })
        merged.offsets.reserveCapacity(merged.terms.capacity + 1)
        merged.globalNumbers = shards.map {
            [Int32](repeating: 0, count: $0.terms.count)
        }
        for (part, piece) in pieces.enumerated() {
            let termBase = Int32(merged.terms.count)
            let byteBase = merged.postings.count
            merged.terms.append(contentsOf: piece.terms)
            merged.postings.append(contentsOf: piece.postings)
            merged.offsets.append(contentsOf: piece.offsets.dropFirst().lazy.map { $0 + byteBase })
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
            let pivot = pivots[pivots.count * part / parts]
            bounds.append(
                shards.map { shard in
                    // The first term not below the pivot.
                    var low = 0
                    var high = shard.terms.count
                    while low < high {
                        let mid = (low + high) / 2
                        if compareUTF8(shard.terms[mid], pivot) < 0 {
                            low = mid + 1
                        } else {
                            high = mid
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

    /// Merges `ranges[s]` of each shard `s`'s terms; the numbers it gives count from 0, and
    /// its offsets from the start of its own posting bytes.
    private static func mergeRanges(_ shards: [IndexShard], _ ranges: [Range<Int>])
        -> MergedVocabulary
    {
        var merged = MergedVocabulary()
        merged.terms.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
        merged.postings.reserveCapacity(
            zip(shards, ranges).reduce(0) {
                $0 + $1.0.offsets[$1.1.upperBound] - $1.0.offsets[$1.1.lowerBound]
            })
        merged.globalNumbers = ranges.map { [Int32](repeating: 0, count: $0.count) }
        var heads = ranges.map(\.lowerBound)
        var holders: [Int] = []
        while true {
            // The smallest head term, and every shard whose head it is.
            holders.removeAll(keepingCapacity: true)
            for (number, shard) in shards.enumerated()
            where heads[number] < ranges[number].upperBound {
                let term = shard.terms[heads[number]]
                if let first = holders.first {
                    let order = compareUTF8(term, shards[first].terms[heads[first]])
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
            let global = Int32(merged.terms.count)
            merged.terms.append(shards[first].terms[heads[first]])
            var documents: UInt32 = 0
            var occurrences: UInt32 = 0
            var mask: UInt8 = 0
            var previousLast: Int32 = -1
            for number in holders {
                let shard = shards[number]
                let local = heads[number]
                documents += shard.documentCounts[local]
                occurrences += shard.occurrenceCounts[local]
                mask |= shard.masks[local]
                shard.postings.withUnsafeBufferPointer { bytes in
                    var offset = shard.offsets[local]
                    let end = shard.offsets[local + 1]
                    if previousLast >= 0 {
                        // The list's first delta counts from -1; make it count from the last
                        // document of the shards before.
                        let first = PostingEntry.readDelta(bytes, &offset)
                        let firstDocument = Int32(first.delta) - 1
                        PostingEntry.appendDelta(
                            UInt32(firstDocument - previousLast), isSingle: first.isSingle,
                            to: &merged.postings)
                    }
                    merged.postings.append(
                        contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<end]))
                }
                previousLast = shard.lastDocuments[local]
                merged.globalNumbers[number][local - ranges[number].lowerBound] = global
                heads[number] += 1
            }
            merged.offsets.append(merged.postings.count)
            merged.documentFrequencies.append(documents)
            merged.collectionFrequencies.append(occurrences)
            merged.masks.append(mask)
        }
        return merged
    }

    /// Each term's original spellings with their counts summed over the shards, most frequent
    /// first (ties by text). Spellings that are equal as strings (canonically equivalent) are
    /// one; its text is the smallest of them in bytes.
    /// Sums each term's spellings over the shards and orders them, most frequent first.
    ///
    /// The spellings are bucketed by term on one thread; the buckets are then ordered and summed
    /// in up to `parts` ranges of at least `minimumTermsPerPart` terms, each on its own thread
    /// (at 100k articles this was the merge's longest single-threaded step), and the ranges
    /// joined in term order: the table is the same whatever the number of parts.
    private static func mergeSpellings(
        _ shards: [IndexShard], globalNumbers: [[Int32]], termCount: Int, parts: Int = 1,
        minimumTermsPerPart: Int = 4_096
    ) -> SurfaceFormTable {
        // Bucket the spellings by term (a counting pass, not a sort of them all), then order
        // each term's few spellings by text.
        var bucketStarts = [Int](repeating: 0, count: termCount + 1)
        for (number, shard) in shards.enumerated() {
            let numbers = globalNumbers[number]
            for spelling in shard.spellings {
                bucketStarts[Int(numbers[Int(spelling.term)]) + 1] += 1
            }
        }
        for term in 0..<termCount { bucketStarts[term + 1] += bucketStarts[term] }
        var cursors = bucketStarts
        var filling = [BucketedSpelling](
            repeating: BucketedSpelling(surface: "", count: 0, plain: true),
            count: bucketStarts[termCount])
        for (number, shard) in shards.enumerated() {
            let numbers = globalNumbers[number]
            for spelling in shard.spellings {
                let term = Int(numbers[Int(spelling.term)])
                filling[cursors[term]] = BucketedSpelling(
                    surface: spelling.surface, count: spelling.count,
                    plain: CanonicalOrder.isPlain(spelling.surface))
                cursors[term] += 1
            }
        }
        let bucketed = filling
        filling = []
        let starts = bucketStarts

        let partCount = max(1, min(parts, termCount / max(1, minimumTermsPerPart)))
        let cuts = (0...partCount).map { termCount * $0 / partCount }
        if partCount == 1 {
            let (forms, formStarts) = orderSpellings(bucketed, starts, terms: 0..<termCount)
            return SurfaceFormTable(forms: forms, starts: formStarts + [UInt32(forms.count)])
        }
        let pieces = Mutex([([SurfaceForm], [UInt32])?](repeating: nil, count: partCount))
        DispatchQueue.concurrentPerform(iterations: partCount) { part in
            let piece = orderSpellings(bucketed, starts, terms: cuts[part]..<cuts[part + 1])
            pieces.withLock { $0[part] = piece }
        }
        var forms: [SurfaceForm] = []
        forms.reserveCapacity(bucketed.count)
        var formStarts: [UInt32] = []
        formStarts.reserveCapacity(termCount + 1)
        for piece in pieces.withLock({ $0 }) {
            let (partForms, partStarts) = piece!
            let base = UInt32(forms.count)
            formStarts.append(contentsOf: partStarts.lazy.map { $0 + base })
            forms.append(contentsOf: partForms)
        }
        formStarts.append(UInt32(forms.count))
        return SurfaceFormTable(forms: forms, starts: formStarts)
    }

    /// One spelling of a term on its way into the table.
    private struct BucketedSpelling: Sendable {
        var surface: String
        var count: Int
        /// ``CanonicalOrder/isPlain(_:)``: compares as its bytes.
        var plain: Bool
    }

    /// The spellings of `terms` (buckets of `bucketed`, term `t`'s are
    /// `starts[t]..<starts[t + 1]`), each term's summed by text and ordered most frequent
    /// first, and where each term's begin, counted from the range's first spelling.
    private static func orderSpellings(
        _ bucketed: [BucketedSpelling], _ starts: [Int], terms: Range<Int>
    ) -> ([SurfaceForm], [UInt32]) {
        var forms: [SurfaceForm] = []
        forms.reserveCapacity(starts[terms.upperBound] - starts[terms.lowerBound])
        var formStarts: [UInt32] = []
        formStarts.reserveCapacity(terms.count)
        var scratch: [BucketedSpelling] = []
        for term in terms {
            formStarts.append(UInt32(forms.count))
            let first = forms.count
            if starts[term + 1] - starts[term] == 1 {  // most terms: nothing to order
                let only = bucketed[starts[term]]
                forms.append(SurfaceForm(text: only.surface, count: only.count))
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: bucketed[starts[term]..<starts[term + 1]])
            if scratch.count > 1 {
                // By text as strings, then (for canonically equal ones) by bytes; plain
                // spellings are equal as strings only when their bytes are (CanonicalOrder).
                scratch.sort {
                    if $0.plain, $1.plain { return compareUTF8($0.surface, $1.surface) < 0 }
                    if $0.surface != $1.surface { return $0.surface < $1.surface }
                    return compareUTF8($0.surface, $1.surface) < 0
                }
            }
            var lastIsPlain = false
            for spelling in scratch {
                if forms.count > first,
                    lastIsPlain && spelling.plain
                        ? compareUTF8(forms[forms.count - 1].text, spelling.surface) == 0
                        : forms[forms.count - 1].text == spelling.surface
                {
                    forms[forms.count - 1].count += spelling.count
                } else {
                    forms.append(SurfaceForm(text: spelling.surface, count: spelling.count))
                    lastIsPlain = spelling.plain
                }
            }
            if forms.count - first > 1 {
                forms[first...].sort { ($1.count, $0.text) < ($0.count, $1.text) }
            }
        }
        return (forms, formStarts)
    }

    // MARK: - Helpers

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
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
