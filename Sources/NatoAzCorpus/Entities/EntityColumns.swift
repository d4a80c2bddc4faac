/// An entity as the build finds it, before it is stored: strings and arrays of its own, all
/// of them freed once ``EntityColumns`` holds their text.
struct EntityDraft: Sendable, Equatable {
    var name: String
    var type: String
    var aliases: [String]
    var fromTable: Bool
    /// Most frequent first.
    var titles: [String]
    /// In document order.
    var locations: [MentionLocation]

    var mentionCount: Int { locations.count }
}

/// The text of every entity record in a few blocks, by record number: the records keep a
/// number, not strings and arrays of their own.
///
/// At 100,000 articles there are about 46,000 records. With a `String` name (a heap object
/// when over 15 bytes) and arrays of titles each, their small long-lived allocations were
/// spread over the pages of the build's freed scratch and kept about 13 MB of it resident;
/// here the same text is a dozen allocations.
///
/// ```
/// record        0              1            2
/// names         NATO           Zakir Hasanov Mark Rutte        (one UTF8Block)
/// types         0              1            2                 typeNames: organisation person name
/// aliasStarts   0              2            2            2    aliases:  НАТО  OTAN
/// titleStarts   0              0            1            1    titles:   Defence Minister Col-Gen
/// ```
///
/// Record `r`'s aliases are `aliases[aliasStarts[r]..<aliasStarts[r + 1]]`, its titles
/// likewise.
final class EntityColumns: Sendable {
    let names: UTF8Block
    /// The distinct types, in the order first seen.
    let typeNames: UTF8Block
    /// Each record's number in ``typeNames``.
    let types: [UInt32]
    let aliases: UTF8Block
    let aliasStarts: [UInt32]
    let titles: UTF8Block
    let titleStarts: [UInt32]
    /// The indexed documents (shared with the index; ``MentionLocation/document`` numbers them).
    let documents: [Document]

    init(_ drafts: [EntityDraft], documents: [Document]) {
        var typeNumbers: [String: UInt32] = [:]
        var typeNames: [String] = []
        var types: [UInt32] = []
        types.reserveCapacity(drafts.count)
        for draft in drafts {
            if let number = typeNumbers[draft.type] {
                types.append(number)
            } else {
                let number = UInt32(typeNames.count)
                typeNumbers[draft.type] = number
                typeNames.append(draft.type)
                types.append(number)
            }
        }
        self.names = UTF8Block(drafts.lazy.map(\.name))
        self.typeNames = UTF8Block(typeNames)
        self.types = types
        self.aliases = UTF8Block(drafts.lazy.flatMap(\.aliases))
        self.aliasStarts = Self.starts(drafts.lazy.map(\.aliases.count))
        self.titles = UTF8Block(drafts.lazy.flatMap(\.titles))
        self.titleStarts = Self.starts(drafts.lazy.map(\.titles.count))
        self.documents = documents
    }

    /// The columns stored as these parts (read back from a snapshot), or nil when they do
    /// not fit each other: one name, type and pair of starts per record, every type number
    /// and start inside its block.
    init?(
        names: UTF8Block, typeNames: UTF8Block, types: [UInt32], aliases: UTF8Block,
        aliasStarts: [UInt32], titles: UTF8Block, titleStarts: [UInt32], documents: [Document]
    ) {
        func fits(_ starts: [UInt32], _ block: UTF8Block) -> Bool {
            guard starts.count == names.count + 1, starts.first == 0,
                Int(starts.last ?? 1) == block.count
            else { return false }
            return zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 }
        }
        guard types.count == names.count, types.allSatisfy({ Int($0) < typeNames.count }),
            fits(aliasStarts, aliases), fits(titleStarts, titles)
        else { return nil }
        self.names = names
        self.typeNames = typeNames
        self.types = types
        self.aliases = aliases
        self.aliasStarts = aliasStarts
        self.titles = titles
        self.titleStarts = titleStarts
        self.documents = documents
    }

    /// Running totals of `counts`, starting at 0: one more than there are counts.
    private static func starts(_ counts: some Collection<Int>) -> [UInt32] {
        var starts: [UInt32] = []
        starts.reserveCapacity(counts.count + 1)
        var total = 0
        starts.append(0)
        for count in counts {
            total += count
            starts.append(UInt32(total))
        }
        return starts
    }

    var count: Int { names.count }

    func type(of record: Int) -> String { typeNames[Int(types[record])] }

    /// The number of `type` in ``typeNames``, or nil when no record has it.
    func typeNumber(_ type: String) -> UInt32? {
        var type = type
        return type.withUTF8 { wanted in
            typeNames.indices.first { typeNames.equals($0, wanted) }.map(UInt32.init)
        }
    }

    func aliasCount(of record: Int) -> Int {
        Int(aliasStarts[record + 1] - aliasStarts[record])
    }

    func aliases(of record: Int) -> [String] {
        (Int(aliasStarts[record])..<Int(aliasStarts[record + 1])).map { aliases[$0] }
    }

    func titles(of record: Int) -> [String] {
        (Int(titleStarts[record])..<Int(titleStarts[record + 1])).map { titles[$0] }
    }

    /// Name `offset` of `record`: 0 is its name, 1... its aliases.
    func name(_ offset: Int, of record: Int) -> String {
        offset == 0 ? names[record] : aliases[Int(aliasStarts[record]) + offset - 1]
    }

    /// Bytes held by the blocks and arrays.
    var heapBytes: Int {
        names.heapBytes + typeNames.heapBytes + MemoryFootprint.array(types)
            + aliases.heapBytes + MemoryFootprint.array(aliasStarts) + titles.heapBytes
            + MemoryFootprint.array(titleStarts)
    }
}
