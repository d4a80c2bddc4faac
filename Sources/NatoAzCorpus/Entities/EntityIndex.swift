/// One place an entity is named.
public struct EntityMention: Sendable, Hashable {
    public var docID: String
    /// UTF-8 byte offsets of the name in ``Document/text``: `start..<end`.
    public var start: Int
    public var end: Int
    /// The name as written, e.g. `Ильхамом Алиевым`.
    public var surface: String
    /// The mention in its context (about 80 characters each side, on one line).
    public var line: String
}

/// An entity with everything the corpus says about it.
public struct EntityRecord: Sendable, Hashable {
    public var name: String
    /// `person`, `country`, `city`, `organisation`, ... (the table's word), or `person` for a
    /// detected name seen with a title, `name` for other detected names.
    public var type: String
    public var aliases: [String]
    /// True when the alias table lists it; false when it was detected as a capitalised name.
    public var fromTable: Bool
    /// Titles seen right before the name, e.g. `Defence Minister Col-Gen`, most frequent first.
    public var titles: [String]
    /// Every mention, in document order.
    public var mentions: [EntityMention]

    /// The documents mentioning it, in id order.
    public var docIDs: [String] {
        var ids: [String] = []
        for mention in mentions where ids.last != mention.docID { ids.append(mention.docID) }
        return ids
    }
}

/// The entities of one corpus generation: the alias table's entities located by search, plus
/// names the table lacks, found as runs of capitalised words.
///
/// Table aliases are matched as quoted phrases with search's analysis, so inflected and
/// transliterated forms count (`Ильхамом Алиевым` is a mention of `Ilham Aliyev`).
/// Detection looks for two to four Titlecase words in a row (`Zakir Hasanov`), strips the
/// titles before them (`Defence Minister Col-Gen`) and any words the table already covers.
public final class EntityIndex: Sendable {
    /// All entities, most mentioned first, ties by name.
    public let entities: [EntityRecord]
    private let byKey: [String: Int]

    /// Locates `table`'s entities in `index` and detects the rest. Blocking: run it where
    /// the index is built.
    public init(index: SearchIndex, table: EntityTable) {
        var records: [EntityRecord] = []
        var covered: [Int: [Range<Int>]] = [:]
        for entry in table.entries {
            let query = entry.names.map { name -> String in
                "\"" + name.filter { $0 != "\"" } + "\""
            }.joined(separator: " OR ")
            let found = (try? index.matches(query, fuzzy: false)) ?? []
            var mentions: [EntityMention] = []
            for matched in found {
                let text = Array(index.documents[matched.documentNumber].text.utf8)
                for (start, end) in Self.groups(matched.spans) {
                    covered[matched.documentNumber, default: []].append(start..<end)
                    mentions.append(
                        Self.mention(docID: matched.docID, text: text, start: start, end: end))
                }
            }
            records.append(
                EntityRecord(
                    name: entry.canonical, type: entry.type, aliases: entry.aliases,
                    fromTable: true, titles: [], mentions: mentions))
        }
        records += NameDetector.detect(index: index, covered: covered)
        records.sort {
            $0.mentions.count != $1.mentions.count
                ? $0.mentions.count > $1.mentions.count : $0.name < $1.name
        }
        var byKey: [String: Int] = [:]
        for (number, record) in records.enumerated() {
            for name in [record.name] + record.aliases {
                let key = SynonymTable.key(name)
                if byKey[key] == nil { byKey[key] = number }
            }
        }
        self.entities = records
        self.byKey = byKey
    }

    /// The entity with this canonical name or alias (case and diacritics ignored).
    public func entity(named name: String) -> EntityRecord? {
        byKey[SynonymTable.key(name)].map { entities[$0] }
    }

    /// The entities of one type (all when nil), most mentioned first.
    public func entities(type: String?) -> [EntityRecord] {
        guard let type, !type.isEmpty else { return entities }
        let wanted = type.lowercased()
        return entities.filter { $0.type == wanted }
    }

    /// The entities one document mentions, with only that document's mentions, most
    /// mentioned first.
    public func entities(ofDocument id: String) -> [EntityRecord] {
        entities.compactMap { record in
            var record = record
            record.mentions = record.mentions.filter { $0.docID == id }
            return record.mentions.isEmpty ? nil : record
        }.sorted {
            $0.mentions.count != $1.mentions.count
                ? $0.mentions.count > $1.mentions.count : $0.name < $1.name
        }
    }

    /// Matched body words grouped into names: consecutive positions of one query part.
    static func groups(_ spans: [MatchSpan]) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        var current: (start: Int, end: Int, position: Int, part: Int)? = nil
        for span in spans where span.field == .body {
            if var group = current, span.part == group.part, span.position == group.position + 1 {
                group.end = span.end
                group.position = span.position
                current = group
                continue
            }
            if let group = current { result.append((group.start, group.end)) }
            current = (span.start, span.end, span.position, span.part)
        }
        if let group = current { result.append((group.start, group.end)) }
        return result
    }

    static func mention(docID: String, text: [UInt8], start: Int, end: Int) -> EntityMention {
        let surface = String(decoding: text[start..<end], as: UTF8.self)
        let left = SearchIndex.context(text, before: start, width: 80)
        let right = SearchIndex.context(text, after: end, width: 80)
        let line = [left, surface, right].filter { !$0.isEmpty }.joined(separator: " ")
        return EntityMention(docID: docID, start: start, end: end, surface: surface, line: line)
    }
}
