/// One place an entity is named.
public struct EntityMention: Sendable, Hashable {
    /// The document's id.
    public var docID: String
    /// UTF-8 byte offsets of the name in ``Document/text``: `start..<end`.
    public var start: Int
    /// The offset just past the name's last byte.
    public var end: Int
    /// The name as written, e.g. `Ильхамом Алиевым`.
    public var surface: String
    /// The mention in its context (about 80 characters each side, on one line).
    public var line: String
}

/// Where a mention is, as index positions: kept instead of text so that an entity named in
/// every article costs 12 bytes per mention; ``EntityIndex/mentions(of:limit:)`` reads the
/// text back.
struct MentionLocation: Sendable, Hashable {
    var document: Int32
    /// Index positions of the name's first and last word.
    var first: Int32
    var last: Int32
}

/// An entity with everything the corpus says about it.
///
/// Its text is read from the ``EntityIndex``'s shared columns, and its mentions are a slice
/// of one array the index shares among all its entities; its document ids are read off them
/// when asked for. A corpus of 100,000 articles has tens of thousands of detected names,
/// most named once: strings and arrays of their own each would cost more than the mentions
/// themselves, and would keep the build's freed scratch resident around them.
public struct EntityRecord: Sendable, Hashable {
    private let columns: EntityColumns
    /// Its number in the columns (its place in ``EntityIndex/entities``).
    let number: Int32
    private let storedDocumentCount: Int32
    /// True when the alias table lists it; false when it was detected as a capitalised name.
    public let fromTable: Bool
    /// Every mention, in document order.
    private(set) var locations: ArraySlice<MentionLocation>

    /// The canonical name: the alias table's first column, or a detected name as first written.
    public var name: String { columns.names[Int(number)] }
    /// `person`, `country`, `city`, `organisation`, ... (the table's word), or `person` for a
    /// detected name seen with a title, `name` for other detected names.
    public var type: String { columns.type(of: Int(number)) }
    /// The alias table's other names for it (none for a detected name).
    public var aliases: [String] { columns.aliases(of: Int(number)) }
    /// Titles seen right before the name, e.g. `Defence Minister Col-Gen`, most frequent first.
    public var titles: [String] { columns.titles(of: Int(number)) }

    /// How many times the corpus names it.
    public var mentionCount: Int { locations.count }

    /// How many documents mention it.
    public var documentCount: Int { Int(storedDocumentCount) }

    /// The documents mentioning it, in id order.
    public var docIDs: [String] { docIDs(limit: .max) }

    /// The first `limit` documents mentioning it, in id order (read off the mentions, so a
    /// page of entities costs its page, not every mention).
    public func docIDs(limit: Int) -> [String] {
        var ids: [String] = []
        var last: Int32 = -1
        for location in locations where location.document != last {
            guard ids.count < limit else { break }
            ids.append(columns.documents[Int(location.document)].id)
            last = location.document
        }
        return ids
    }

    /// Whether its type is type number `type` of the columns.
    func hasType(_ type: UInt32) -> Bool { columns.types[Int(number)] == type }

    /// The same entity with only the mentions `range` of ``locations``.
    func narrowed(to range: Range<Int>) -> EntityRecord {
        EntityRecord(
            columns: columns, number: number, fromTable: fromTable, locations: locations[range])
    }

    private static func distinctDocuments(_ locations: ArraySlice<MentionLocation>) -> Int {
        var count = 0
        var last: Int32 = -1
        for location in locations where location.document != last {
            count += 1
            last = location.document
        }
        return count
    }

    init(
        columns: EntityColumns, number: Int32, fromTable: Bool,
        locations: ArraySlice<MentionLocation>
    ) {
        self.columns = columns
        self.number = number
        self.fromTable = fromTable
        self.locations = locations
        self.storedDocumentCount = Int32(Self.distinctDocuments(locations))
    }

    public static func == (left: EntityRecord, right: EntityRecord) -> Bool {
        left.name == right.name && left.type == right.type && left.aliases == right.aliases
            && left.fromTable == right.fromTable && left.titles == right.titles
            && left.locations.elementsEqual(right.locations) && left.docIDs == right.docIDs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(type)
        hasher.combine(locations.count)
    }
}

/// The entities of one corpus generation: the alias table's entities located by search, plus
/// names the table lacks, found as runs of capitalised words.
///
/// Table aliases are matched as quoted phrases with search's analysis, so inflected and
/// transliterated forms count (`Ильхамом Алиевым` is a mention of `Ilham Aliyev`). They are
/// located from the index's positions alone. Detection looks for two to four Titlecase words
/// in a row (`Zakir Hasanov`), strips the titles before them (`Defence Minister Col-Gen`) and
/// any words the table already covers; it reads every body once.
public final class EntityIndex: Sendable {
    /// All entities, most mentioned first, ties by name.
    public let entities: [EntityRecord]
    let byKey: EntityKeyTable
    /// Every entity's mentions, one after the other (``EntityRecord/locations`` are slices).
    let allLocations: [MentionLocation]
    let columns: EntityColumns
    private let index: SearchIndex

    /// The entity index stored as these parts for `index` (read back from a snapshot, whose
    /// reader checks them): record `r` has the next `mentionCounts[r]` of `locations`.
    init(
        index: SearchIndex, columns: EntityColumns, fromTable: [Bool], mentionCounts: [Int],
        locations: [MentionLocation], byKey: EntityKeyTable
    ) {
        precondition(
            fromTable.count == columns.count && mentionCounts.count == columns.count
                && mentionCounts.reduce(0, +) == locations.count,
            "entity parts that do not fit each other")
        self.index = index
        self.columns = columns
        self.allLocations = locations
        self.byKey = byKey
        var records: [EntityRecord] = []
        records.reserveCapacity(columns.count)
        var start = 0
        for number in 0..<columns.count {
            let end = start + mentionCounts[number]
            records.append(
                EntityRecord(
                    columns: columns, number: Int32(number), fromTable: fromTable[number],
                    locations: locations[start..<end]))
            start = end
        }
        self.entities = records
    }

    /// Locates `table`'s entities in `index` and detects the rest. Blocking: run it where
    /// the index is built.
    public init(index: SearchIndex, table: EntityTable) {
        self.index = index
        let drafts = Self.drafts(index: index, table: table)
        // What is kept is a few large blocks made after the build's scratch: the columns'
        // text, all mentions in one array of the exact size (each entity a slice of it), the
        // records, the name lookup. The drafts' strings and arrays, grown one append at a
        // time, are freed with the rest of the scratch.
        let columns = EntityColumns(drafts, documents: index.documents)
        var all: [MentionLocation] = []
        all.reserveCapacity(drafts.reduce(0) { $0 + $1.locations.count })
        for draft in drafts { all.append(contentsOf: draft.locations) }
        var records: [EntityRecord] = []
        records.reserveCapacity(drafts.count)
        var start = 0
        for (number, draft) in drafts.enumerated() {
            // Slices are taken once `all` is complete: a slice shares its buffer, and an
            // append would then copy it.
            let end = start + draft.locations.count
            records.append(
                EntityRecord(
                    columns: columns, number: Int32(number), fromTable: draft.fromTable,
                    locations: all[start..<end]))
            start = end
        }
        self.byKey = EntityKeyTable(columns)
        self.allLocations = all
        self.columns = columns
        self.entities = records
    }

    /// The entity with this canonical name or alias (case and diacritics ignored).
    public func entity(named name: String) -> EntityRecord? {
        byKey.record(forKey: SynonymTable.key(name), in: columns).map { entities[$0] }
    }

    /// The types of this corpus's entities, sorted (`city`, `country`, `name`, `person`...).
    public var types: [String] { columns.typeNames.sorted() }

    /// The entities of one type (all when nil), most mentioned first.
    public func entities(type: String?) -> [EntityRecord] {
        guard let type, !type.isEmpty else { return entities }
        guard let wanted = columns.typeNumber(type.lowercased()) else { return [] }
        return entities.filter { $0.hasType(wanted) }
    }

    /// The entities one document mentions, with only that document's mentions, most
    /// mentioned first. `cancellation` is polled every 1,024 entities (every entity of the
    /// corpus is looked at); once it says so, the entities found so far are returned and the
    /// caller, which sees `cancellation.wasCancelled`, must not use them.
    public func entities(ofDocument id: String, cancellation: WorkCancellation? = nil)
        -> [EntityRecord]
    {
        guard let number = index.documentNumber(id: id).map(Int32.init) else { return [] }
        var found: [EntityRecord] = []
        for (visited, record) in entities.enumerated() {
            if visited & 1023 == 0, cancellation?.isCancelled == true { break }
            // Locations are in document order: binary-search the document's run.
            let locations = record.locations
            var low = locations.startIndex
            var high = locations.endIndex
            while low < high {
                let mid = (low + high) / 2
                if locations[mid].document < number { low = mid + 1 } else { high = mid }
            }
            var end = low
            while end < locations.endIndex, locations[end].document == number { end += 1 }
            if end > low { found.append(record.narrowed(to: low..<end)) }
        }
        return found.sorted {
            $0.mentionCount != $1.mentionCount
                ? $0.mentionCount > $1.mentionCount : $0.name < $1.name
        }
    }

    /// The first `limit` mentions of `record`, in document order, read back from the text.
    /// `cancellation` is polled every 16 documents (each one's text is decompressed); once it
    /// says so, the mentions so far are returned and the caller, which sees
    /// `cancellation.wasCancelled`, must not use them.
    public func mentions(
        of record: EntityRecord, limit: Int = .max, cancellation: WorkCancellation? = nil
    ) -> [EntityMention] {
        var result: [EntityMention] = []
        let locations = record.locations.prefix(max(0, limit))
        var start = locations.startIndex
        var documents = 0
        while start < locations.endIndex {
            if documents & 15 == 15, cancellation?.isCancelled == true { break }
            documents += 1
            let number = Int(locations[start].document)
            var end = start
            while end < locations.endIndex, Int(locations[end].document) == number { end += 1 }
            var text = index.documents[number].text
            let docID = index.documents[number].id
            text.withUTF8 { body in
                var words = BodyWords()
                for location in locations[start..<end] {
                    guard
                        let (first, last) = words.span(
                            of: Int(location.first)...Int(location.last), index: index,
                            document: number, body: body)
                    else { continue }
                    result.append(
                        Self.mention(docID: docID, text: body, start: first.start, end: last.end))
                }
            }
            start = end
        }
        return result
    }

    static func mention(
        docID: String, text: UnsafeBufferPointer<UInt8>, start: Int, end: Int
    ) -> EntityMention {
        let surface = String(
            decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)
        let left = SearchIndex.context(text, before: start, width: 80)
        let right = SearchIndex.context(text, after: end, width: 80)
        let line = [left, surface, right].filter { !$0.isEmpty }.joined(separator: " ")
        return EntityMention(docID: docID, start: start, end: end, surface: surface, line: line)
    }
}

extension SearchIndex {
    /// Where `query` (an OR of quoted names) matches in document bodies: matched words side
    /// by side that belong to the same name, from the index's positions alone.
    func nameLocations(_ query: String) -> [MentionLocation] {
        guard let node = try? QueryParser.parse(query) else { return [] }
        return analyzers.withAnalyzer { analyzer in
            var evaluator = QueryEvaluator(
                storage: storage, documents: documents, analyzer: analyzer,
                options: SearchOptions(fuzzy: false), synonyms: synonyms)
            guard let plan = try? evaluator.compile(node) else { return [] }
            return storage.withPostings { [evaluator] source in
                var locations: [MentionLocation] = []
                var parts: [Int: Int] = [:]
                for number in evaluator.evaluate(plan, source) {
                    let bodyFirst = bodyFirstPosition(ofDocument: Int(number))
                    parts.removeAll(keepingCapacity: true)
                    for match in evaluator.matchedPositions(document: number, source)
                    where Int(match.position) >= bodyFirst && parts[Int(match.position)] == nil {
                        parts[Int(match.position)] = match.part
                    }
                    // Consecutive positions of one name (query part) make one mention.
                    var current: (first: Int, last: Int, part: Int)? = nil
                    for position in parts.keys.sorted() {
                        let part = parts[position]!
                        if let group = current, group.part == part, position == group.last + 1 {
                            current!.last = position
                            continue
                        }
                        if let group = current {
                            locations.append(
                                MentionLocation(
                                    document: number, first: Int32(group.first),
                                    last: Int32(group.last)))
                        }
                        current = (position, position, part)
                    }
                    if let group = current {
                        locations.append(
                            MentionLocation(
                                document: number, first: Int32(group.first), last: Int32(group.last)
                            ))
                    }
                }
                return locations
            }
        }
    }
}

extension EntityIndex {
    /// The entity index's bytes, part by part (see ``MemoryFootprint``).
    public func memoryFootprint() -> MemoryFootprint {
        var footprint = MemoryFootprint()
        footprint.add("entities (\(entities.count)): records", MemoryFootprint.array(entities))
        footprint.add("entities: names, types, aliases and titles", columns.heapBytes)
        footprint.add("entities: mentions", MemoryFootprint.array(allLocations))
        footprint.add("entities: name lookup", byKey.heapBytes)
        return footprint
    }
}

extension EntityIndex {
    /// Every entity as the build finds it, before its text goes into ``EntityColumns``:
    /// `table`'s entries located in `index`, then the names detected outside them, by mentions
    /// (most first), then name.
    static func drafts(index: SearchIndex, table: EntityTable) -> [EntityDraft] {
        var drafts: [EntityDraft] = []
        var covered: [Int: [ClosedRange<Int>]] = [:]
        for entry in table.entries {
            let query = entry.names.map { name -> String in
                "\"" + name.filter { $0 != "\"" } + "\""
            }.joined(separator: " OR ")
            let locations = index.nameLocations(query)
            for location in locations {
                covered[Int(location.document), default: []].append(
                    Int(location.first)...Int(location.last))
            }
            drafts.append(
                EntityDraft(
                    name: entry.canonical, type: entry.type, aliases: entry.aliases,
                    fromTable: true, titles: [], locations: locations))
        }
        drafts += NameDetector.detect(index: index, covered: covered)
        drafts.sort {
            $0.mentionCount != $1.mentionCount
                ? $0.mentionCount > $1.mentionCount : $0.name < $1.name
        }
        return drafts
    }
}
