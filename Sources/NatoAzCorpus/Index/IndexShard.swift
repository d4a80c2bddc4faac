import CPrefetch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The index of a contiguous run of the corpus' documents, built on one thread;
/// ``IndexBuilder`` merges the shards into the index.
///
/// Posting lists use the final format (``PostingEntry``'s) with global document numbers,
/// except that each list's first document delta counts from -1, as if no shard came before:
/// the merge re-encodes that one number.
struct IndexShard: Sendable {
    /// The shard's terms, sorted by UTF-8 bytes (one block: no `String` per term).
    var terms = UTF8Block(bytes: [], starts: [0])
    /// Posting lists in `terms` order; term `i`'s are `postings[offsets[i]..<offsets[i + 1]]`.
    var postings: [UInt8] = []
    var offsets: [Int] = [0]
    var documentCounts: [UInt32] = []
    var occurrenceCounts: [UInt32] = []
    var masks: [UInt8] = []
    /// The last document of each term's list (global number).
    var lastDocuments: [Int32] = []
    /// The shard's documents, in order (checkpoint starts count from the shard's first).
    var stats: [DocumentStats] = []
    var checkpoints: [Checkpoint] = []
    var totalLength: UInt64 = 0
    var textBytes = 0
    var languages = Set<Language>()
    /// Original spellings of the words indexed, by the number of their primary term in `terms`.
    var spellings = ShardSpellings()

    /// Indexes `documents[range]`; document `i` gets number `i`. `sharedStems` is this
    /// shard's writer of the stems the build's shards share, if there are several.
    static func build(
        _ documents: [Document], range: Range<Int>, options: AnalysisOptions,
        sharedStems: SharedStems.Writer? = nil
    ) -> IndexShard {
        var builder = ShardBuilder(
            options: options,
            expectedTokens: expectedDistinctTokens(
                textBytes: range.reduce(0) { $0 + documents[$1].textByteCount }),
            sharedStems: sharedStems)
        for number in range {
            builder.add(documents[number], number: Int32(number))
        }
        return builder.finish()
    }

    /// About how many distinct tokens (and terms) `textBytes` bytes of news text hold, by
    /// Heaps' law (`K * n^b`, fitted to the synthetic corpora: 35,000 per shard at 1.2 MB,
    /// 178,000 at 12.4 MB, 739,000 at 125 MB, for which it gives 36,000, 150,000 and 629,000),
    /// so that the shard's tables start at their final size instead of doubling up to it:
    /// each doubling is a new table, every page of it fresh memory for the kernel to clear
    /// (the token cache's were 252 of the 100k shard phase's 4,860 samples). Text with fewer
    /// distinct words gets tables up to twice too large, freed when the shard is done.
    static func expectedDistinctTokens(textBytes: Int) -> Int {
        guard textBytes > 0 else { return 0 }
        return min(1 << 24, Int(6 * pow(Double(textBytes), 0.62)))
    }
}

/// Accumulates one shard: analyses tokens through the ``TokenCache``, gathers each document's
/// (term, position) pairs, and appends each term's entry for the document, already encoded, to
/// one log. `finish` sorts the vocabulary and copies every entry to its list's place: no
/// per-term buffers exist during the build.
private struct ShardBuilder: ~Copyable {
    private let analyzer: Analyzer
    private var cache: TokenCache
    private var vocabulary: ShardVocabulary
    /// Per local term, in one table so that a document's entry touches one cache line per term
    /// (aligned: a 32-byte value in an `Array` straddles two lines every other time).
    private var termStats: AlignedTable<TermStats>
    /// Entries in document order: varint local term, varint entry length, entry.
    private var log = ByteLog()
    private var shard = IndexShard()
    // Per-document scratch, kept for its capacity.
    /// The document's (term, position) pairs, `term << 32 | position`, in token order.
    private var pairs = AlignedTable<UInt64>(capacity: 1 << 12)
    /// Per pair, the next pair of its term in the document (``appendEntries``).
    private var links: [UInt32] = []
    /// The document's terms in the order they first occur, each with its first pair.
    private var touched: [UInt64] = []
    /// One term's positions in the document.
    private var positions: [UInt32] = []
    /// The hashes of a field's tokens (``TokenCache/hash(of:in:language:)``).
    private var hashes = AlignedTable<UInt64>(capacity: 1 << 12)
    private var newTerms = TermBytes()
    private var newIDs: [UInt32] = []
    /// Each body is expanded here in turn (``Document/withTextUTF8(using:_:)``).
    private var bodyScratch: [UInt8] = []

    /// Tables sized for `expectedTokens` distinct tokens and terms (they grow past it).
    ///
    /// The tables that grow by appending (the term counters, the vocabulary's and the cache's
    /// arenas) get room for twice that: room never written is address space only (no page is
    /// faulted in), where a doubling past the estimate copied the table into fresh memory and
    /// left the old one's pages faulted in for nothing (at 100k a shard has 641,000 terms
    /// against 629,000 estimated: the counters' doubling copied 20 MB per shard).
    init(
        options: AnalysisOptions, expectedTokens: Int = 0, sharedStems: SharedStems.Writer? = nil
    ) {
        analyzer = Analyzer(options: options, sharedStems: sharedStems)
        cache = TokenCache(expectedCount: expectedTokens, reserving: 2 * expectedTokens)
        vocabulary = ShardVocabulary(expectedCount: expectedTokens, reserving: 2 * expectedTokens)
        termStats = AlignedTable<TermStats>(capacity: max(1 << 12, 2 * expectedTokens))
    }

    mutating func add(_ document: Document, number: Int32) {
        shard.languages.insert(document.lang)
        pairs.removeAll()
        let checkpointStart = UInt32(shard.checkpoints.count)
        var positionCount: UInt32 = 0
        var bodyFirst: UInt32 = 0
        if let title = document.title, !title.isEmpty {
            let titleEnd = tokens(
                of: title, from: 0, isBody: false, language: document.lang, count: &positionCount)
            bodyFirst = titleEnd > 0 ? titleEnd + IndexBuilder.fieldGap : 0
        }
        // Moved out for the call: `tokens` mutates self while the body's bytes are borrowed.
        var scratch = bodyScratch
        bodyScratch = []
        _ = document.withTextUTF8(using: &scratch) { bytes in
            tokens(
                ofBytes: bytes, from: bodyFirst, isBody: true, language: document.lang,
                count: &positionCount)
        }
        bodyScratch = scratch
        shard.stats.append(
            DocumentStats(
                length: positionCount, bodyFirstPosition: bodyFirst,
                checkpointStart: checkpointStart))
        shard.totalLength += UInt64(positionCount)
        appendEntries(document: number, bodyFirst: bodyFirst, mask: document.lang.maskBit)
    }

    /// Tokenizes and analyses one field, appending its (term, position) pairs; returns the
    /// position after its last word.
    private mutating func tokens(
        of text: String, from firstPosition: UInt32, isBody: Bool, language: Language,
        count positionCount: inout UInt32
    ) -> UInt32 {
        var text = text
        return text.withUTF8 { bytes in
            tokens(
                ofBytes: bytes, from: firstPosition, isBody: isBody, language: language,
                count: &positionCount)
        }
    }

    /// ``tokens(of:from:isBody:language:count:)`` of a field's UTF-8 bytes.
    private mutating func tokens(
        ofBytes bytes: UnsafeBufferPointer<UInt8>, from firstPosition: UInt32, isBody: Bool,
        language: Language, count positionCount: inout UInt32
    ) -> UInt32 {
        shard.textBytes += bytes.count
        let tokens = WordTokenizer.tokenize(utf8: bytes, firstPosition: Int(firstPosition))
        // Written through a pointer (an append checked the array's capacity and uniqueness at
        // every token), with the language's bit worked out once for the field.
        hashes.removeAll()
        let languageBit = language.maskBit
        hashes.append(count: tokens.count) { hashes in
            for index in tokens.indices {
                (hashes + index).initialize(
                    to: TokenCache.hash(of: tokens[index], in: bytes, languageBit: languageBit))
            }
        }
        let fieldHashes = UnsafeBufferPointer(start: hashes.base, count: hashes.count)
        // The pairs' table grows as they are written (by doubling, at most a few times per
        // shard): the count of the pairs the warmed entries hold is not needed for a reserve.
        _ = cache.warm(fieldHashes)
        var next = firstPosition
        var nextCheckpoint = firstPosition
        for (index, token) in tokens.enumerated() {
            let position = UInt32(token.position)
            if isBody, token.kind == .word, position >= nextCheckpoint,
                token.start == 0 || IndexBuilder.isSpace(bytes[token.start - 1])
            {
                shard.checkpoints.append(
                    Checkpoint(position: position, byteOffset: UInt32(token.start)))
                nextCheckpoint = position + IndexBuilder.checkpointInterval
            }
            let entry: Int
            switch cache.lookUp(bytes, token, language: language, hash: fieldHashes[index]) {
            case .found(let found):
                entry = found
            case .missing(let slot, let hash):
                newTerms.removeAll()
                analyzer.documentTerms(
                    token: token, in: bytes, language: language, into: &newTerms)
                newIDs.removeAll(keepingCapacity: true)
                newTerms.forEachTerm { vocabulary.prefetchSlot(ofBytes: $0) }
                newTerms.forEachTerm { newIDs.append(termID($0)) }
                entry = cache.insert(
                    bytes, token, language: language, slot: slot, hash: hash,
                    termIDs: newIDs)
            }
            // The terms' counters, which `appendEntries` reads once the document's fields are
            // read: a rare term's are a cache miss, asked for here, far ahead of that read.
            let stats = termStats.base
            let idsCount = cache.idsCount(ofEntry: entry)
            pairs.append(count: idsCount) { written in
                cache.writePairs(ofEntry: entry, position: position, to: written)
                for index in 0..<idsCount {
                    natoaz_prefetch(stats + Int(written[index] >> 32))
                }
            }
            if token.kind == .word {
                positionCount += 1
                next = position + 1
            }
        }
        return next
    }

    private mutating func termID(_ term: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let (id, isNew) = vocabulary.id(ofBytes: term)
        if isNew {
            termStats.append(TermStats())
        }
        return id
    }

    /// Encodes this document's entry of every term it contains into the log.
    ///
    /// The pairs are grouped by term without a sort: pairs come in token order, so each term's
    /// positions are already non-decreasing, and one pass links each pair to the term's pair
    /// before it (the term's counters keep its last pair in the document). Then each term's
    /// chain is read from its first pair. Entries go to the log in the order the terms first
    /// occur; `finish` places each by its term, so the order within a document does not show
    /// in the postings.
    ///
    /// A counting pass (count per term, then each term's group start, then a second pass over
    /// the pairs placing each in its group) read and wrote every pair's counters twice; the
    /// chain needs them once per pair. Everything is read and written through pointers (an
    /// `Array` element write checked its buffer's uniqueness, and the table's subscript its
    /// bounds, at every pair).
    private mutating func appendEntries(document: Int32, bodyFirst: UInt32, mask: UInt8) {
        let pairCount = pairs.count
        if links.count < pairCount {
            links.append(contentsOf: repeatElement(0, count: pairCount - links.count))
        }
        if touched.count < pairCount {
            touched.append(contentsOf: repeatElement(0, count: pairCount - touched.count))
        }
        if positions.count < pairCount {
            positions.append(contentsOf: repeatElement(0, count: pairCount - positions.count))
        }
        // Worked on in place, moved out so the loops can use the other fields.
        // Valid throughout: the pairs are not added to while they are grouped.
        let documentPairs = UnsafeBufferPointer(start: pairs.base, count: pairCount)
        var links = self.links
        var touched = self.touched
        var positions = self.positions
        self.links = []
        self.touched = []
        self.positions = []
        defer {
            self.links = links
            self.touched = touched
            self.positions = positions
        }
        // Valid throughout: the table grows only when a term is added (`termID`).
        let stats = termStats.base
        do {
            let pairs = documentPairs
            links.withUnsafeMutableBufferPointer { links in
                touched.withUnsafeMutableBufferPointer { touched in
                    positions.withUnsafeMutableBufferPointer { positions in
                        let touchedCount = link(
                            pairs, document: document, stats: stats, links: links,
                            touched: touched)
                        for first in touched[..<touchedCount] {
                            let id = Int(first >> 32)
                            let last = Int(stats[id].lastPair)
                            // The term's positions without repeats (a compound's parts can
                            // give one term twice at a position).
                            var pair = Int(truncatingIfNeeded: first & 0xFFFF_FFFF)
                            var previous = UInt32(truncatingIfNeeded: pairs[pair])
                            positions[0] = previous
                            var count = 1
                            var titleCount: UInt32 = previous < bodyFirst ? 1 : 0
                            while pair != last {
                                pair = Int(links[pair])
                                let position = UInt32(truncatingIfNeeded: pairs[pair])
                                if position != previous {
                                    positions[count] = position
                                    count += 1
                                    if position < bodyFirst { titleCount += 1 }
                                    previous = position
                                }
                            }
                            appendEntry(
                                term: stats + id, number: id, document: document,
                                positions: UnsafeBufferPointer(
                                    rebasing: positions[0..<count]),
                                titleCount: titleCount, mask: mask)
                        }
                    }
                }
            }
        }
    }

    /// ``appendEntries(document:bodyFirst:mask:)``'s pass over the pairs: links each pair
    /// after the one before it of the same term (`links[that one] = this one`), and lists the
    /// terms in the order they first occur as `term << 32 | first pair` in `touched`; returns
    /// how many terms it listed. Each term's `lastPair` is its last pair in the document.
    @inline(__always)
    private func link(
        _ pairs: UnsafeBufferPointer<UInt64>, document: Int32,
        stats: UnsafeMutablePointer<TermStats>, links: UnsafeMutableBufferPointer<UInt32>,
        touched: UnsafeMutableBufferPointer<UInt64>
    ) -> Int {
        var touchedCount = 0
        for index in pairs.indices {
            let id = pairs[index] >> 32
            let term = stats + Int(id)
            if term.pointee.stamp != document {
                term.pointee.stamp = document
                touched[touchedCount] = id << 32 | UInt64(index)
                touchedCount += 1
            } else {
                links[Int(term.pointee.lastPair)] = UInt32(truncatingIfNeeded: index)
            }
            term.pointee.lastPair = UInt32(truncatingIfNeeded: index)
        }
        return touchedCount
    }

    /// Encodes one term's entry for `document` into the log and counts it (`stats` is the
    /// term's counters, `number` its local number).
    @inline(__always)
    private mutating func appendEntry(
        term stats: UnsafeMutablePointer<TermStats>, number id: Int, document: Int32,
        positions: UnsafeBufferPointer<UInt32>, titleCount: UInt32, mask: UInt8
    ) {
        let tf = UInt32(positions.count)
        let delta = UInt32(document - stats.pointee.lastDocument)
        let length = PostingEntry.size(
            delta: delta, positions: positions, titleCount: titleCount)
        let header = VarInt.size(UInt32(id)) + VarInt.size(UInt32(length))
        log.write(count: header + length) { pointer in
            var written = VarInt.write(UInt32(id), to: pointer)
            written += VarInt.write(UInt32(length), to: pointer + written)
            _ = PostingEntry.write(
                delta: delta, positions: positions, titleCount: titleCount,
                to: pointer + written)
        }
        stats.pointee.byteCount += length
        stats.pointee.documents += 1
        stats.pointee.occurrences += tf
        stats.pointee.mask |= mask
        stats.pointee.lastDocument = document
    }

    /// Sorts the vocabulary and lays the posting lists out in that order.
    mutating func finish() -> IndexShard {
        let order = vocabulary.sortedOrder()
        let termCount = order.count
        shard.terms = vocabulary.block(in: order)
        // Not read again. Freed before the lists are allocated, their pages are what the
        // kernel gives the lists: pages freed a moment ago are cheap to fault in again, where
        // fresh memory is cleared page by page (and, in a VM, often backed by the host first).
        vocabulary = ShardVocabulary()
        // One pass in sorted order reads each term's counters once (one line, at random) and
        // writes the columns in order (a pass per column read every term's counters again).
        var rank = [Int32](repeating: 0, count: termCount)
        // Where the next entry of each (local) term goes.
        var cursors = [Int](hugePagesRepeating: 0, count: termCount)
        var documentCounts: [UInt32] = []
        var occurrenceCounts: [UInt32] = []
        var masks: [UInt8] = []
        var lastDocuments: [Int32] = []
        var offsets: [Int] = []
        documentCounts.reserveCapacity(termCount)
        occurrenceCounts.reserveCapacity(termCount)
        masks.reserveCapacity(termCount)
        lastDocuments.reserveCapacity(termCount)
        offsets.reserveCapacity(termCount + 1)
        offsets.append(0)
        var total = 0
        for (sorted, id) in order.enumerated() {
            let stats = termStats[id]
            rank[id] = Int32(sorted)
            cursors[id] = total
            documentCounts.append(stats.documents)
            occurrenceCounts.append(stats.occurrences)
            masks.append(stats.mask)
            lastDocuments.append(stats.lastDocument)
            total += stats.byteCount
            offsets.append(total)
        }
        termStats = AlignedTable<TermStats>(capacity: 0)  // as the vocabulary above
        // The spellings before the lists, so the token cache (64 MiB of huge pages at 100k, and
        // its arenas) is freed before the lists are allocated: with the vocabulary's and the
        // counters' pages, freed pages enough for the lists, which this VM gives back at about
        // 2.5-3 GB/s against 0.4-0.5 GB/s for fresh huge pages.
        shard.spellings = spellings(rank: rank)
        cache = TokenCache()
        shard.documentCounts = documentCounts
        shard.occurrenceCounts = occurrenceCounts
        shard.masks = masks
        shard.lastDocuments = lastDocuments
        shard.postings = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            // Written at random, one entry at a time.
            if let base = buffer.baseAddress { HugePages.advise(base, byteCount: buffer.count) }
            // Each chunk is freed once copied: the log and the lists are not both whole at once.
            let lists = buffer.baseAddress!
            cursors.withUnsafeMutableBufferPointer { cursors in
                var batch = ScatterBatch()
                log.drain { chunk in
                    var offset = 0
                    while offset < chunk.count {
                        batch.read(chunk, from: &offset, cursors: cursors)
                        batch.place(from: chunk.baseAddress!, into: lists, cursors: cursors)
                    }
                }
            }
            count = total
        }
        shard.offsets = offsets
        return shard
    }

    /// Original spellings per primary term (compound forms are not spellings anyone types),
    /// their bytes copied from the cache's keys (no `String` per spelling), in the order of
    /// their terms (`rank`: a local term's number in the sorted terms).
    ///
    /// In term order, the merge reads each shard's spellings front to back as it walks the
    /// merged terms; in the cache's slot order every spelling it read was a cache miss or two
    /// (its start and its bytes), on the merge's cores (`orderSpellings` was the largest item
    /// of the merge's tail). Here a counting pass orders the slots by term, on the shards'.
    private func spellings(rank: [Int32]) -> ShardSpellings {
        // The word entries' slots, grouped by their primary term's rank (in slot order within
        // a term: the merge orders a term's spellings by count and text, whatever their order).
        var firsts = [Int32](repeating: 0, count: rank.count + 1)
        var wordCount = 0
        cache.forEachEntry { _, entry in
            guard entry.kind == .word, let primary = cache.primaryTermID(of: entry) else { return }
            firsts[Int(rank[Int(primary)]) + 1] += 1
            wordCount += 1
        }
        for term in rank.indices { firsts[term + 1] += firsts[term] }
        var slots = [UInt32](repeating: 0, count: wordCount)
        var sortedTerms = [Int32](repeating: 0, count: wordCount)
        cache.forEachEntry { slot, entry in
            guard entry.kind == .word, let primary = cache.primaryTermID(of: entry) else { return }
            let term = Int(rank[Int(primary)])
            let index = Int(firsts[term])
            slots[index] = UInt32(slot)
            sortedTerms[index] = Int32(term)
            firsts[term] += 1
        }
        var spellings = ShardSpellings()
        spellings.terms = sortedTerms
        spellings.counts.reserveCapacity(wordCount)
        spellings.starts.reserveCapacity(wordCount + 1)
        spellings.bytes.reserveCapacity(wordCount * 12)
        // Entries read at random: each asked for well ahead of its read, and its key (when
        // not in the entry) once the entry is in.
        let ahead = 8
        for index in slots.indices {
            if index + 2 * ahead < slots.count {
                cache.prefetchEntry(Int(slots[index + 2 * ahead]))
            }
            if index + ahead < slots.count { cache.prefetchKey(ofEntry: Int(slots[index + ahead])) }
            let entry = cache.entry(Int(slots[index]))
            spellings.counts.append(entry.count)
            cache.withKey(of: entry) { spellings.bytes.append(contentsOf: $0) }
            spellings.starts.append(UInt32(spellings.bytes.count))
        }
        return spellings
    }
}

/// `finish`'s scatter of the log's entries to their lists, a batch of entries at a time: a rare
/// term's cursor and the place its entry goes are each a cache miss, which one entry at a time
/// waited for in turn; a batch asks for all its cursors, then for all its targets, before it
/// reads or writes any, so the misses overlap.
private struct ScatterBatch {
    static let capacity = 64
    private var ids = [Int](repeating: 0, count: capacity)
    private var starts = [Int](repeating: 0, count: capacity)
    private var lengths = [Int](repeating: 0, count: capacity)
    private var count = 0

    /// Reads up to ``capacity`` entries of `chunk` from `offset` (which it moves past them) and
    /// asks for their cursors.
    @inline(__always)
    mutating func read(
        _ chunk: UnsafeBufferPointer<UInt8>, from offset: inout Int,
        cursors: UnsafeMutableBufferPointer<Int>
    ) {
        count = 0
        ids.withUnsafeMutableBufferPointer { ids in
            starts.withUnsafeMutableBufferPointer { starts in
                lengths.withUnsafeMutableBufferPointer { lengths in
                    while count < Self.capacity, offset < chunk.count {
                        let id = Int(VarInt.read(chunk, &offset))
                        let length = Int(VarInt.read(chunk, &offset))
                        natoaz_prefetch(cursors.baseAddress! + id)
                        ids[count] = id
                        starts[count] = offset
                        lengths[count] = length
                        offset += length
                        count += 1
                    }
                }
            }
        }
    }

    /// Copies the entries read to their lists' cursors, moving the cursors past them (in the
    /// log's order: entries of one term keep their order).
    @inline(__always)
    mutating func place(
        from chunk: UnsafePointer<UInt8>, into lists: UnsafeMutablePointer<UInt8>,
        cursors: UnsafeMutableBufferPointer<Int>
    ) {
        ids.withUnsafeMutableBufferPointer { ids in
            starts.withUnsafeBufferPointer { starts in
                lengths.withUnsafeBufferPointer { lengths in
                    // Each entry's target, kept in `ids`, asked for ahead of the copies.
                    for index in 0..<count {
                        let target = cursors[ids[index]]
                        cursors[ids[index]] = target + lengths[index]
                        ids[index] = target
                        natoaz_prefetch_write(lists + target)
                    }
                    for index in 0..<count {
                        ByteLog.copy(
                            chunk + starts[index], to: lists + ids[index],
                            count: lengths[index])
                    }
                }
            }
        }
    }
}

/// A shard's original spellings: spelling `i` is the UTF-8 `bytes[starts[i]..<starts[i + 1]]`,
/// which occurred `counts[i]` times as a word whose primary term is `terms[i]` (its number in
/// the shard's sorted terms).
struct ShardSpellings: Sendable {
    var terms: [Int32] = []
    var counts: [UInt32] = []
    var bytes: [UInt8] = []
    var starts: [UInt32] = [0]

    var count: Int { terms.count }

    /// Runs `body` on the bytes of spelling `number` (valid only inside `body`).
    @inline(__always)
    func withUTF8<R>(_ number: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[Int(starts[number])..<Int(starts[number + 1])]))
        }
    }
}

/// One local term's running numbers in a shard: 32 bytes (it was 40 with a group start, and
/// half the entries straddled two cache lines), the grouping pass's two fields first, in one
/// 8-byte word.
private struct TermStats {
    /// The document being grouped when this term was last seen in it, and the term's last
    /// (term, position) pair in that document (``ShardBuilder`` scratch).
    var stamp: Int32 = -1
    var lastPair: UInt32 = 0
    /// Bytes of its entries so far.
    var byteCount = 0
    var documents: UInt32 = 0
    var occurrences: UInt32 = 0
    /// The last document it occurred in (global number), -1 before the first.
    var lastDocument: Int32 = -1
    /// Languages of the documents it occurred in (``Language/maskBit``).
    var mask: UInt8 = 0
}

extension VarInt {
    /// How many bytes ``append(_:to:)`` writes for `value`.
    @inline(__always)
    static func size(_ value: UInt32) -> Int {
        value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5
    }
}
