import NatoAzBenchKit
import Testing

@testable import NatoAzCorpus

/// Entity records read their text from shared columns: every field must read back what the
/// build found, for made-up drafts at the edges and for the seeds' real entities.
@Suite struct EntityColumnsTests {
    /// Drafts with empty, short, long (over 15 bytes) and non-ASCII names, no or many aliases
    /// and titles, and types repeated, unique and long.
    static func drafts(count: Int, seed: UInt64) -> [EntityDraft] {
        var generator = SplitMix64(seed: seed)
        let alphabet = Array("aZə Йж-'ç").map(String.init)
        func text() -> String {
            let length = Int.random(
                in: 0...(Int.random(in: 0..<8, using: &generator) == 0 ? 60 : 14),
                using: &generator)
            return (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }
        let types = ["person", "name", "organisation", "international-organisation-long", ""]
        return (0..<count).map { number in
            let many = Int.random(in: 0..<5, using: &generator) == 0
            return EntityDraft(
                name: text(),
                type: number % 97 == 1 ? "type\(number)" : types.randomElement(using: &generator)!,
                aliases: (0..<Int.random(in: 0...(many ? 12 : 1), using: &generator)).map { _ in
                    text()
                },
                fromTable: Bool.random(using: &generator),
                titles: (0..<Int.random(in: 0...(many ? 9 : 1), using: &generator)).map { _ in
                    text()
                },
                locations: [])
        }
    }

    @Test(arguments: [(0, UInt64(1)), (1, 2), (2, 3), (500, 4), (5_000, 5)])
    func everyFieldReadsBack(count: Int, seed: UInt64) {
        let drafts = Self.drafts(count: count, seed: seed)
        let columns = EntityColumns(drafts, documents: [])
        #expect(columns.count == drafts.count)
        for (record, draft) in drafts.enumerated() {
            #expect(columns.names[record] == draft.name)
            #expect(columns.type(of: record) == draft.type)
            #expect(columns.aliases(of: record) == draft.aliases)
            #expect(columns.aliasCount(of: record) == draft.aliases.count)
            #expect(columns.titles(of: record) == draft.titles)
            for (offset, name) in ([draft.name] + draft.aliases).enumerated() {
                #expect(columns.name(offset, of: record) == name)
            }
            let number = columns.typeNumber(draft.type)
            #expect(number != nil && columns.types[record] == number)
        }
        #expect(columns.typeNumber("no such type") == nil)
        #expect(columns.typeNumber("perso") == nil)
    }

    /// The seeds' entities, table and detected, against the drafts the index stores
    /// (`EntityIndex.drafts`): every record's text, type, origin and mentions read back from
    /// the columns. Without the table, more
    /// names are detected, some with titles.
    @Test(arguments: [true, false])
    func seedRecordsAreTheirDrafts(withTable: Bool) throws {
        let index = try #require(LoadedSeeds.indexWithAliases)
        let table = withTable ? LoadedSeeds.table.table : EntityTable()
        let entities = EntityIndex(index: index, table: table)
        let drafts = EntityIndex.drafts(index: index, table: table)
        if withTable {
            #expect(drafts.contains { $0.fromTable && $0.aliases.count > 2 })
        } else {
            #expect(drafts.contains { !$0.fromTable && !$0.titles.isEmpty })
        }
        #expect(drafts.contains { $0.name.utf8.count > 15 })
        try #require(entities.entities.count == drafts.count)
        for (record, draft) in zip(entities.entities, drafts) {
            #expect(record.name == draft.name)
            #expect(record.type == draft.type)
            #expect(record.aliases == draft.aliases)
            #expect(record.fromTable == draft.fromTable)
            #expect(record.titles == draft.titles)
            #expect(Array(record.locations) == draft.locations, "\(draft.name)")
            #expect(record.documentCount == Set(draft.locations.map(\.document)).count)
        }
    }

    /// A type filter by number gives what comparing the type strings gives, in any letter
    /// case; an unknown type gives none.
    @Test func typeFilterMatchesTheTypeStrings() throws {
        let entities = try #require(LoadedSeeds.entities)
        let types = Set(entities.entities.map(\.type))
        #expect(types.isSuperset(of: ["person", "name", "country", "organisation"]))
        for type in types {
            let expected = entities.entities.filter { $0.type == type }
            #expect(!expected.isEmpty)
            #expect(entities.entities(type: type) == expected, "\(type)")
            #expect(entities.entities(type: type.uppercased()) == expected, "\(type)")
        }
        #expect(entities.entities(type: "no-such-type").isEmpty)
        #expect(entities.entities(type: nil) == entities.entities)
        #expect(entities.entities(type: "") == entities.entities)
    }
}
