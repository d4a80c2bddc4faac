#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The merge's second step: every merged list written once, at its place in the index's
/// posting array (see ``IndexBuilder/mergeVocabularies(_:parts:minimumTermsPerPart:)``).
extension IndexBuilder {
    /// Chunks of lists per part when the merge runs on several cores: small enough that the
    /// cores finish together, taken in turn with the columns' join.
    static let listChunksPerPart = 4

    /// The merged posting array: the lists of each part's terms (`pieces[p]`, merged from
    /// `cuts[p]` of each shard) at the part's place, written in chunks of about equal bytes
    /// on `parallelism` cores, `beside` running as one more task among them.
    static func writePostings(
        _ shards: [IndexShard], cuts: [[Range<Int>]], pieces: [MergedVocabulary],
        parallelism: Int, beside: @escaping @Sendable () -> Void
    ) -> [UInt8] {
        var starts = [0]
        for piece in pieces {
            starts.append(starts[starts.count - 1] + piece.offsets[piece.termCount])
        }
        let bases = starts
        let total = bases[pieces.count]
        // (part, terms of the part's piece) of each chunk, in order.
        var chunks: [(part: Int, terms: Range<Int>)] = []
        let perPart = parallelism > 1 ? listChunksPerPart : 1
        for (part, piece) in pieces.enumerated() {
            let bytes = piece.offsets[piece.termCount]
            var start = 0
            for chunk in 1...perPart {
                // The first term whose lists start at or past the chunk's share of the bytes.
                let end =
                    chunk == perPart
                    ? piece.termCount
                    : firstIndex(from: start, to: piece.termCount) {
                        piece.offsets[$0] < bytes * chunk / perPart
                    }
                if end > start { chunks.append((part, start..<end)) }
                start = end
            }
        }
        let tasks = chunks
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let output = UncheckedOutput(base: buffer.baseAddress)
            // `beside` first: it is one task, the lists are many.
            perform(tasks.count + 1, parallelism: parallelism) { task in
                guard task > 0 else { return beside() }
                let (part, terms) = tasks[task - 1]
                guard let base = output.base else { return }
                writeLists(
                    terms, of: pieces[part], ranges: cuts[part], shards: shards,
                    into: base + bases[part])
            }
            count = total
        }
    }

    /// The posting array being written, shared by the tasks that write its disjoint parts.
    private struct UncheckedOutput: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt8>?
    }

    /// The first index in `from..<end` that `isBelow` is false for (`end` if none), where
    /// `isBelow` holds for a prefix of the range: a binary search.
    private static func firstIndex(from: Int, to end: Int, where isBelow: (Int) -> Bool) -> Int {
        var low = from
        var high = end
        while low < high {
            let mid = (low + high) / 2
            if isBelow(mid) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Writes the merged lists of `terms` (numbered in `piece`, which merged `ranges[s]` of
    /// each shard `s`) at `output`, the piece's first byte: each list at its offset, the
    /// shards' lists of a term in shard order, each later one's first delta rebased.
    ///
    /// A term's holders are the shards whose next term has its number in the piece
    /// (`piece.globalNumbers`, increasing along each shard's terms): no term is compared again.
    private static func writeLists(
        _ terms: Range<Int>, of piece: MergedVocabulary, ranges: [Range<Int>],
        shards: [IndexShard], into output: UnsafeMutablePointer<UInt8>
    ) {
        withBuffers(shards.map(\.postings)) { postings in
            withBuffers(shards.map(\.offsets)) { offsets in
                withBuffers(shards.map(\.lastDocuments)) { lastDocuments in
                    withBuffers(piece.globalNumbers) { numbers in
                        // Each shard's first term at or past the chunk's (as an index into
                        // its numbers), and the index past its range's last.
                        var heads = numbers.map { numbers in
                            firstIndex(from: 0, to: numbers.count) {
                                Int(numbers[$0]) < terms.lowerBound
                            }
                        }
                        var position = piece.offsets[terms.lowerBound]
                        for term in terms {
                            var previousLast: Int32 = -1
                            for shard in numbers.indices {
                                let head = heads[shard]
                                guard head < numbers[shard].count,
                                    Int(numbers[shard][head]) == term
                                else { continue }
                                let local = ranges[shard].lowerBound + head
                                let bytes = postings[shard]
                                var offset = offsets[shard][local]
                                if previousLast >= 0 {
                                    let delta = rebasedDelta(bytes, &offset, after: previousLast)
                                    position += VarInt.write(delta.value, to: output + position)
                                }
                                let count = offsets[shard][local + 1] - offset
                                if count > 0 {
                                    memcpy(output + position, bytes.baseAddress! + offset, count)
                                }
                                position += count
                                previousLast = lastDocuments[shard][local]
                                heads[shard] = head + 1
                            }
                        }
                        precondition(
                            position == piece.offsets[terms.upperBound],
                            "merged lists written as counted")
                    }
                }
            }
        }
    }

    /// Reads the first document delta of a shard's list at `offset` (advancing past it),
    /// which counts from -1, and returns it counting from `previousLast`, the last document of
    /// the shards before, as ``PostingEntry`` writes a delta (with the entry's flag), and its
    /// size in bytes.
    @inline(__always)
    static func rebasedDelta(
        _ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int, after previousLast: Int32
    ) -> (value: UInt32, count: Int) {
        let first = PostingEntry.readDelta(bytes, &offset)
        let firstDocument = Int32(first.delta) - 1
        let value = UInt32(firstDocument - previousLast) << 1 | (first.isSingle ? 1 : 0)
        return (value, VarInt.size(value))
    }
}
