/// What a generation builds from its finished index after the load (Suggest, the frequency
/// lists, the entity index), stored in the snapshot after the index so that a start from the
/// snapshot serves them at once instead of building them again.
public struct SnapshotLookups: Sendable {
    /// Suggest's completions.
    public var suggestions: SuggestIndex
    /// Terms' frequency lists.
    public var frequencies: FrequencyList
    /// The located and detected entities.
    public var entities: EntityIndex

    /// The three lookups of one generation.
    public init(suggestions: SuggestIndex, frequencies: FrequencyList, entities: EntityIndex) {
        self.suggestions = suggestions
        self.frequencies = frequencies
        self.entities = entities
    }
}

/// The lookups section of a snapshot, after the index, each array as written by
/// ``SnapshotOutput/write(array:)``:
///
/// ```
/// suggest      entry forms, entry frequencies, keys (front-coded bytes, block starts,
///              count), key entries, top prefixes (block), top starts, top ends, top entries
/// frequencies  first word, ranked, per language (count, then language number and ranked),
///              shared ids, shared values
/// entities     names, type names (blocks), types, aliases (block), alias starts, titles
///              (block), title starts, from-table flags, mention counts, mentions (document,
///              first, last per mention), key slots, key fragments, name starts
/// ```
///
/// Reading checks every number a reader indexes with against what it indexes (the index's
/// spellings, terms and documents, the section's own entries and blocks): a damaged section
/// is refused like any other damage, and the load goes to the text.
extension SnapshotOutput {
    func write(lookups: SnapshotLookups) throws(SnapshotError) {
        let suggest = lookups.suggestions
        try write(array: suggest.entryForms)
        try write(array: suggest.entryFrequencies)
        try write(array: suggest.keys.bytes)
        try write(array: suggest.keys.blockStarts)
        try write(UInt64(suggest.keys.count))
        try write(array: suggest.keyEntries)
        // Sorted, so that the same lists write the same bytes.
        let top = suggest.topByPrefix.sorted { $0.key < $1.key }
        try write(block: UTF8Block(top.map(\.key)))
        try write(array: top.map { $0.value.lowerBound })
        try write(array: top.map { $0.value.upperBound })
        try write(array: suggest.topEntries)

        let frequencies = lookups.frequencies
        try write(UInt64(frequencies.firstWord))
        try write(array: frequencies.ranked)
        let languages = Language.allCases
        let byLanguage = frequencies.rankedByLanguage.sorted {
            languages.firstIndex(of: $0.key)! < languages.firstIndex(of: $1.key)!
        }
        try write(UInt64(byLanguage.count))
        for (language, ranked) in byLanguage {
            try write(UInt8(languages.firstIndex(of: language)!))
            try write(array: ranked)
        }
        try write(array: frequencies.shared.ids)
        try write(array: frequencies.shared.values)

        let entities = lookups.entities
        let columns = entities.columns
        try write(block: columns.names)
        try write(block: columns.typeNames)
        try write(array: columns.types)
        try write(block: columns.aliases)
        try write(array: columns.aliasStarts)
        try write(block: columns.titles)
        try write(array: columns.titleStarts)
        try write(array: entities.entities.map { UInt8($0.fromTable ? 1 : 0) })
        try write(array: entities.entities.map { UInt32($0.mentionCount) })
        var mentions: [Int32] = []
        mentions.reserveCapacity(3 * entities.allLocations.count)
        for location in entities.allLocations {
            mentions.append(location.document)
            mentions.append(location.first)
            mentions.append(location.last)
        }
        try write(array: mentions)
        try write(array: entities.byKey.slots)
        try write(array: entities.byKey.fragments)
        try write(array: entities.byKey.nameStarts)
    }
}

extension SnapshotInput {
    /// The lookups section for `index` (restored from the same snapshot).
    func readLookups(index: SearchIndex) throws(SnapshotError) -> SnapshotLookups {
        SnapshotLookups(
            suggestions: try readSuggestions(index: index),
            frequencies: try readFrequencies(index: index),
            entities: try readEntities(index: index))
    }

    private func readSuggestions(index: SearchIndex) throws(SnapshotError) -> SuggestIndex {
        let spellings = index.storage.surfaceForms
        let formCount = spellings.formStarts.count - 1
        let entryForms = try readArray(of: UInt32.self)
        let entryFrequencies = try readArray(of: UInt32.self)
        guard entryFrequencies.count == entryForms.count,
            entryForms.allSatisfy({ Int($0) < formCount })
        else { throw damaged("Suggest's entries do not fit the index's spellings") }
        let entryCount = Int32(clamping: entryForms.count)
        let keyBytes = try readBytes()
        let keyBlockStarts = try readArray(of: UInt32.self)
        let keyCount = try read(UInt64.self)
        let keyEntries = try readArray(of: Int32.self)
        guard keyCount == UInt64(keyEntries.count),
            let keys = FrontCodedStrings(
                bytes: keyBytes, blockStarts: keyBlockStarts, count: keyEntries.count),
            keyEntries.allSatisfy({ $0 >= 0 && $0 < entryCount })
        else { throw damaged("Suggest's keys do not decode or do not fit its entries") }
        let prefixes = try readBlock("Suggest's prefixes")
        let lowers = try readArray(of: Int32.self)
        let uppers = try readArray(of: Int32.self)
        let topEntries = try readArray(of: Int32.self)
        guard lowers.count == prefixes.count, uppers.count == prefixes.count,
            zip(lowers, uppers).allSatisfy({ $0 >= 0 && $0 <= $1 && Int($1) <= topEntries.count }),
            topEntries.allSatisfy({ $0 >= 0 && $0 < entryCount })
        else { throw damaged("Suggest's precomputed lists do not fit its entries") }
        var topByPrefix: [String: Range<Int32>] = [:]
        topByPrefix.reserveCapacity(prefixes.count)
        for number in 0..<prefixes.count {
            topByPrefix[prefixes[number]] = lowers[number]..<uppers[number]
        }
        guard topByPrefix.count == prefixes.count else {
            throw damaged("Suggest's precomputed prefixes repeat")
        }
        return SuggestIndex(
            spellings: spellings, entryForms: entryForms, entryFrequencies: entryFrequencies,
            keys: keys, keyEntries: keyEntries, topByPrefix: topByPrefix, topEntries: topEntries)
    }

    private func readFrequencies(index: SearchIndex) throws(SnapshotError) -> FrequencyList {
        let termCount = index.storage.dictionary.count
        let firstWord = try read(UInt64.self)
        guard firstWord <= UInt64(termCount) else {
            throw damaged("the frequency lists' first word is past the vocabulary")
        }
        let words = Int32(firstWord)..<Int32(termCount)
        let ranked = try readArray(of: Int32.self)
        guard ranked.count == words.count, ranked.allSatisfy(words.contains) else {
            throw damaged("the frequency list does not fit the vocabulary")
        }
        let languages = Language.allCases
        let languageCount = try count(elementSize: 9)
        guard languageCount <= languages.count else {
            throw damaged("the frequency lists have \(languageCount) languages")
        }
        var byLanguage: [Language: [Int32]] = [:]
        for _ in 0..<languageCount {
            let number = Int(try read(UInt8.self))
            let list = try readArray(of: Int32.self)
            guard number < languages.count, byLanguage[languages[number]] == nil,
                list.count <= words.count, list.allSatisfy(words.contains)
            else { throw damaged("a language's frequency list does not fit the vocabulary") }
            byLanguage[languages[number]] = list
        }
        let sharedIDs = try readArray(of: Int32.self)
        let sharedValues = try readArray(of: UInt32.self)
        guard let shared = SharedTermCounts(ids: sharedIDs, values: sharedValues),
            sharedIDs.allSatisfy(words.contains)
        else { throw damaged("the shared terms' counts do not fit the vocabulary") }
        return FrequencyList(
            index: index, firstWord: Int(firstWord), ranked: ranked,
            rankedByLanguage: byLanguage, shared: shared)
    }

    private func readEntities(index: SearchIndex) throws(SnapshotError) -> EntityIndex {
        let names = try readBlock("the entities' names")
        let typeNames = try readBlock("the entity types")
        let types = try readArray(of: UInt32.self)
        let aliases = try readBlock("the entities' aliases")
        let aliasStarts = try readArray(of: UInt32.self)
        let titles = try readBlock("the entities' titles")
        let titleStarts = try readArray(of: UInt32.self)
        guard
            let columns = EntityColumns(
                names: names, typeNames: typeNames, types: types, aliases: aliases,
                aliasStarts: aliasStarts, titles: titles, titleStarts: titleStarts,
                documents: index.documents)
        else { throw damaged("the entity columns do not fit each other") }
        let fromTable = try readBytes()
        let mentionCounts = try readArray(of: UInt32.self)
        let mentionWords = try readArray(of: Int32.self)
        let documentCount = Int32(clamping: index.documents.count)
        guard fromTable.count == columns.count, fromTable.allSatisfy({ $0 <= 1 }),
            mentionCounts.count == columns.count, mentionWords.count % 3 == 0,
            mentionCounts.reduce(0, { $0 + Int($1) }) == mentionWords.count / 3
        else { throw damaged("the entities' mentions do not fit the entities") }
        var locations: [MentionLocation] = []
        locations.reserveCapacity(mentionWords.count / 3)
        for start in stride(from: 0, to: mentionWords.count, by: 3) {
            let location = MentionLocation(
                document: mentionWords[start], first: mentionWords[start + 1],
                last: mentionWords[start + 2])
            guard location.document >= 0, location.document < documentCount,
                location.first >= 0, location.first <= location.last
            else { throw damaged("an entity mention is outside the documents") }
            locations.append(location)
        }
        let slots = try readArray(of: Int32.self)
        let fragments = try readArray(of: UInt32.self)
        let nameStarts = try readArray(of: Int32.self)
        guard
            let byKey = EntityKeyTable(
                slots: slots, fragments: fragments, nameStarts: nameStarts, columns: columns)
        else { throw damaged("the entity name table does not fit the entities") }
        return EntityIndex(
            index: index, columns: columns, fromTable: fromTable.map { $0 == 1 },
            mentionCounts: mentionCounts.map(Int.init), locations: locations, byKey: byKey)
    }
}
