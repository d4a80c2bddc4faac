/// The search index in a snapshot, structure by structure, each array as written by
/// ``SnapshotOutput/write(array:)``:
///
/// ```
/// vocabulary   term bytes, term starts, hash slots, document and collection frequencies,
///              language masks, posting offsets, trie (common prefixes, next shorter,
///              pair keys, pair starts)
/// postings     posting bytes; skips (entries as document/offset pairs, terms, starts)
/// documents    stats (length, body start, checkpoint start per document), average length
///              (Double bits), languages (mask), text bytes
/// spellings    bytes, form starts, term starts
/// checkpoints  deltas, anchors (position/offset pairs), wide (numbers, position/offset pairs)
/// filters      languages, date lower, date upper, sources, source names, id bytes, id starts
/// ```
///
/// Reading checks every count and offset the readers index with (see ``IndexSnapshot``).
extension SnapshotOutput {
    func write(storage: IndexStorage) throws(SnapshotError) {
        let dictionary = storage.dictionary
        try write(block: dictionary.terms.block)
        try write(array: dictionary.terms.slots)
        try write(array: dictionary.documentFrequencies)
        try write(array: dictionary.collectionFrequencies)
        try write(array: dictionary.languageMasks)
        try write(array: dictionary.postingOffsets)
        try write(array: dictionary.sorted.commonPrefix)
        try write(array: dictionary.sorted.nextShorter)
        try write(array: dictionary.sorted.pairKeys)
        try write(array: dictionary.sorted.pairStarts)

        try write(array: storage.postingBytes)
        try write(
            array: Self.flatten(storage.skips.entries, 2) {
                $1 == 0 ? UInt32(bitPattern: $0.previousDocument) : $0.offset
            })
        try write(array: storage.skips.terms)
        try write(array: storage.skips.starts)

        try write(
            array: Self.flatten(storage.stats, 3) {
                $1 == 0 ? $0.length : $1 == 1 ? $0.bodyFirstPosition : $0.checkpointStart
            })
        try write(storage.averageLength.bitPattern)
        try write(storage.languages.reduce(UInt8(0)) { $0 | $1.maskBit })
        try write(UInt64(storage.textBytes))

        try write(array: storage.surfaceForms.bytes)
        try write(array: storage.surfaceForms.formStarts)
        try write(array: storage.surfaceForms.starts)

        let checkpoints = storage.checkpoints
        try write(array: checkpoints.deltas)
        try write(
            array: Self.flatten(checkpoints.anchors, 2) { $1 == 0 ? $0.position : $0.byteOffset })
        let wide = checkpoints.wide.sorted { $0.key < $1.key }
        try write(array: wide.map(\.key))
        try write(
            array: Self.flatten(wide, 2) { $1 == 0 ? $0.value.position : $0.value.byteOffset })

        let filters = storage.filters
        let languages = Language.allCases
        try write(array: filters.languages.map { UInt8(languages.firstIndex(of: $0) ?? 0) })
        try write(array: filters.dateLower)
        try write(array: filters.dateUpper)
        try write(array: filters.sources)
        try write(strings: filters.sourceNames)
        try write(block: filters.ids)
    }

    /// `width` words per value, read by `word(value, index)`, in one array.
    private static func flatten<T>(_ values: [T], _ width: Int, _ word: (T, Int) -> UInt32)
        -> [UInt32]
    {
        var words: [UInt32] = []
        words.reserveCapacity(values.count * width)
        for value in values {
            for index in 0..<width { words.append(word(value, index)) }
        }
        return words
    }

    func write(block: UTF8Block) throws(SnapshotError) {
        try write(array: block.bytes)
        try write(array: block.starts)
    }
}

extension SnapshotInput {
    func readStorage(documentCount: Int) throws(SnapshotError) -> IndexStorage {
        let terms = try readBlock("the vocabulary")
        let termCount = terms.count
        let slots = try readArray(of: Int32.self)
        guard slots.count == termCount + termCount / 3 + 16,
            slots.allSatisfy({ $0 >= -1 && $0 < termCount }), slots.contains(-1)
        else { throw damaged("the vocabulary's hash table does not fit its terms") }
        let documentFrequencies = try readArray(of: UInt32.self)
        let collectionFrequencies = try readArray(of: UInt32.self)
        let languageMasks = try readArray(of: UInt8.self)
        let postingOffsets = try readArray(of: UInt32.self)
        let commonPrefix = try readArray(of: UInt8.self)
        let nextShorter = try readArray(of: Int32.self)
        let pairKeys = try readArray(of: UInt64.self)
        let pairStarts = try readArray(of: Int32.self)
        guard documentFrequencies.count == termCount, collectionFrequencies.count == termCount,
            languageMasks.count == termCount, postingOffsets.count == termCount + 1,
            commonPrefix.count == termCount, nextShorter.count == termCount,
            pairStarts.count == pairKeys.count
        else { throw damaged("the vocabulary's columns differ in length") }
        // A trie walk follows nextShorter forwards until it ends: each must point ahead.
        for (index, next) in nextShorter.enumerated()
        where Int(next) <= index || Int(next) > termCount {
            throw damaged("the vocabulary's trie points backwards at term \(index)")
        }
        guard Self.ascending(pairKeys, strictly: true),
            Self.ascending(pairStarts, strictly: true),
            pairStarts.allSatisfy({ $0 >= 0 && $0 < termCount })
        else { throw damaged("the vocabulary's pair table is out of order") }

        let postingBytes = try readBytes()
        guard postingOffsets.first == 0, Self.ascending(postingOffsets, strictly: false),
            Int(postingOffsets.last ?? 0) <= postingBytes.count
        else { throw damaged("posting offsets do not fit the posting bytes") }
        let skipPairs = try readArray(of: UInt32.self)
        let skipTerms = try readArray(of: UInt32.self)
        let skipStarts = try readArray(of: UInt32.self)
        guard skipPairs.count % 2 == 0, skipStarts.count == skipTerms.count + 1,
            skipStarts.first == 0, Self.ascending(skipStarts, strictly: false),
            Int(skipStarts.last ?? 0) == skipPairs.count / 2,
            Self.ascending(skipTerms, strictly: true), skipTerms.allSatisfy({ $0 < termCount })
        else { throw damaged("the posting skips do not fit their lists") }
        var entries: [PostingSkips.Entry] = []
        entries.reserveCapacity(skipPairs.count / 2)
        for pair in stride(from: 0, to: skipPairs.count, by: 2) {
            guard Int(skipPairs[pair + 1]) <= postingBytes.count else {
                throw damaged("a posting skip points past the posting bytes")
            }
            entries.append(
                PostingSkips.Entry(
                    previousDocument: Int32(bitPattern: skipPairs[pair]),
                    offset: skipPairs[pair + 1]))
        }

        let statWords = try readArray(of: UInt32.self)
        guard statWords.count == 3 * documentCount else {
            throw damaged("document statistics do not match the documents")
        }
        let stats = stride(from: 0, to: statWords.count, by: 3).map {
            DocumentStats(
                length: statWords[$0], bodyFirstPosition: statWords[$0 + 1],
                checkpointStart: statWords[$0 + 2])
        }
        let averageLength = Double(bitPattern: try read(UInt64.self))
        guard averageLength.isFinite, averageLength >= 1 else {
            throw damaged("the average document length is \(averageLength)")
        }
        let languageMask = try read(UInt8.self)
        let languages = Set(Language.allCases.filter { languageMask & $0.maskBit != 0 })
        let textBytes = try read(UInt64.self)
        guard textBytes <= UInt64(Int.max) else { throw damaged("text bytes out of range") }

        let surfaceForms = try readSurfaceForms(termCount: termCount)
        let checkpoints = try readCheckpoints(stats: stats)
        let filters = try readFilters(documentCount: documentCount)

        let sorted = SortedTerms(
            terms: TermStore(block: terms, slots: slots), commonPrefix: commonPrefix,
            nextShorter: nextShorter, pairKeys: pairKeys, pairStarts: pairStarts)
        let dictionary = TermDictionary(
            sorted: sorted, documentFrequencies: documentFrequencies,
            collectionFrequencies: collectionFrequencies, languageMasks: languageMasks,
            postingOffsets: postingOffsets)
        return IndexStorage(
            dictionary: dictionary, postingBytes: postingBytes,
            skips: PostingSkips(entries: entries, terms: skipTerms, starts: skipStarts),
            stats: stats, averageLength: averageLength, languages: languages,
            textBytes: Int(textBytes), surfaceForms: surfaceForms, checkpoints: checkpoints,
            filters: filters)
    }

    private func readSurfaceForms(termCount: Int) throws(SnapshotError) -> SurfaceFormTable {
        let bytes = try readBytes()
        let formStarts = try readArray(of: UInt32.self)
        let starts = try readArray(of: UInt32.self)
        guard formStarts.first == 0, Int(formStarts.last ?? 1) == bytes.count,
            Self.ascending(formStarts, strictly: false), starts.count == termCount + 1,
            starts.first == 0, Self.ascending(starts, strictly: false),
            Int(starts.last ?? 1) == formStarts.count - 1
        else { throw damaged("the spelling table's offsets do not fit") }
        // Each spelling starts with its count, a varint that must end inside the spelling.
        for form in 0..<(formStarts.count - 1) {
            var offset = Int(formStarts[form])
            let end = Int(formStarts[form + 1])
            var length = 0
            while offset < end, bytes[offset] & 0x80 != 0 {
                offset += 1
                length += 1
            }
            guard offset < end, length < 5 else {
                throw damaged("spelling \(form)'s count does not read back")
            }
        }
        return SurfaceFormTable(bytes: bytes, formStarts: formStarts, starts: starts)
    }

    private func readCheckpoints(stats: [DocumentStats]) throws(SnapshotError) -> CheckpointTable {
        let deltas = try readArray(of: UInt32.self)
        let anchorWords = try readArray(of: UInt32.self)
        let wideNumbers = try readArray(of: Int32.self)
        let wideWords = try readArray(of: UInt32.self)
        let interval = CheckpointTable.anchorInterval
        guard anchorWords.count == 2 * ((deltas.count + interval - 1) / interval),
            wideWords.count == 2 * wideNumbers.count,
            Self.ascending(stats.map(\.checkpointStart), strictly: false),
            stats.allSatisfy({ Int($0.checkpointStart) <= deltas.count })
        else { throw damaged("the checkpoint table does not fit the documents") }
        var wide: [Int32: Checkpoint] = [:]
        for (index, number) in wideNumbers.enumerated() {
            guard number >= 0, Int(number) < deltas.count,
                deltas[Int(number)] == CheckpointTable.escape
            else { throw damaged("a wide checkpoint has no place") }
            wide[number] = Checkpoint(
                position: wideWords[2 * index], byteOffset: wideWords[2 * index + 1])
        }
        // Every escaped delta is looked up in `wide` unconditionally.
        let escaped = deltas.reduce(0) { $0 + ($1 == CheckpointTable.escape ? 1 : 0) }
        guard escaped == wide.count else {
            throw damaged("escaped checkpoints and wide checkpoints differ in number")
        }
        let anchors = stride(from: 0, to: anchorWords.count, by: 2).map {
            Checkpoint(position: anchorWords[$0], byteOffset: anchorWords[$0 + 1])
        }
        return CheckpointTable(deltas: deltas, anchors: anchors, wide: wide)
    }

    private func readFilters(documentCount: Int) throws(SnapshotError) -> FilterColumns {
        let languageCodes = try readBytes()
        let dateLower = try readArray(of: Int32.self)
        let dateUpper = try readArray(of: Int32.self)
        let sources = try readArray(of: Int32.self)
        let sourceNames = try readStrings()
        let ids = try readBlock("the id column")
        let languages = Language.allCases
        guard languageCodes.count == documentCount, dateLower.count == documentCount,
            dateUpper.count == documentCount, sources.count == documentCount,
            ids.count == documentCount, languageCodes.allSatisfy({ Int($0) < languages.count }),
            sources.allSatisfy({ $0 >= -1 && Int($0) < sourceNames.count })
        else { throw damaged("the filter columns do not match the documents") }
        return FilterColumns(
            languages: languageCodes.map { languages[Int($0)] }, dateLower: dateLower,
            dateUpper: dateUpper, sources: sources, sourceNames: sourceNames, ids: ids)
    }

    func readBlock(_ what: String) throws(SnapshotError) -> UTF8Block {
        let bytes = try readBytes()
        let starts = try readArray(of: UInt32.self)
        guard starts.first == 0, Int(starts.last ?? 1) == bytes.count,
            Self.ascending(starts, strictly: false)
        else { throw damaged("\(what)'s string offsets do not fit its bytes") }
        return UTF8Block(bytes: bytes, starts: starts)
    }

    private static func ascending<T: Comparable>(_ values: [T], strictly: Bool) -> Bool {
        var index = 1
        while index < values.count {
            if strictly ? values[index - 1] >= values[index] : values[index - 1] > values[index] {
                return false
            }
            index += 1
        }
        return true
    }
}
