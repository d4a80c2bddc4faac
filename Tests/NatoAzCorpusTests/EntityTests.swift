import Testing

@testable import NatoAzCorpus

/// The alias table format, entity lookups on the seeds, and search through aliases.
@Suite struct EntityTests {
    @Test func parsesTheTableAndReportsMalformedLinesByNumber() {
        let table = EntityTable(
            parsing: """
                # comment
                NATO | organisation | НАТО | North Atlantic Treaty Organization

                Turkey\tcountry\tTürkiye\tТурция
                just a name
                Baku | two words | Баку
                nato | organisation
                """)
        #expect(table.entries.map(\.canonical) == ["NATO", "Turkey"])
        #expect(table.entries[1].aliases == ["Türkiye", "Турция"])
        #expect(table.entries[0].line == 2)
        #expect(table.problems.map(\.line) == [5, 6, 7])
        #expect(table.summary.contains("line 5"))
    }

    @Test func lineWithAControlCharacterIsSkippedWithoutEchoingIt() {
        let table = EntityTable(
            parsing:
                "NATO | organisation\nEvil\u{1B}[2J | person\nCSI\u{9B}31m | person\nBaku | city")
        #expect(table.entries.map(\.canonical) == ["NATO", "Baku"])
        #expect(
            table.problems.map(\.description) == [
                "line 2: control character U+001B in the line; remove it",
                "line 3: control character U+009B in the line; remove it",
            ])
    }

    @Test func shippedTableLoadsCleanly() throws {
        guard case .loaded(let table) = LoadedSeeds.table else {
            Issue.record("seeds/entities.tsv not loaded: \(LoadedSeeds.table)")
            return
        }
        #expect(table.problems.isEmpty, "\(table.problems)")
        #expect(table.entries.count >= 40)
        let types = Set(table.entries.map(\.type))
        #expect(types.isSuperset(of: ["person", "country", "city", "organisation"]))
    }

    @Test func tableEntitiesCountInflectedAndCrossScriptMentions() throws {
        let entities = try #require(LoadedSeeds.entities)
        let aliyev = try #require(entities.entity(named: "Ильхам Алиев"))
        #expect(aliyev.name == "Ilham Aliyev")
        #expect(aliyev.fromTable)
        #expect(entities.mentions(of: aliyev).contains { $0.surface == "Ильхамом Алиевым" })
        #expect(Set(aliyev.docIDs.map(LoadedSeeds.short)).isSuperset(of: ["000", "002", "003"]))
        let stoltenberg = try #require(entities.entity(named: "stoltenberg"))
        #expect(stoltenberg.docIDs.map(LoadedSeeds.short) == ["002"])
        let lines = entities.mentions(of: stoltenberg)
        #expect(lines.count == stoltenberg.mentionCount && !lines.isEmpty)
        #expect(lines.allSatisfy { $0.line.contains($0.surface) })
        #expect(entities.mentions(of: stoltenberg, limit: 1).count == 1)
        let nato = try #require(entities.entity(named: "НАТО"))
        #expect(nato.docIDs.count == 5)
        #expect(
            entities.entities.first?.name == "NATO" || entities.entities.first?.name == "Azerbaijan"
        )
    }

    @Test func detectsNamesTheTableLacksWithTheirTitles() throws {
        let entities = try #require(
            LoadedSeeds.indexWithAliases.map { EntityIndex(index: $0, table: EntityTable()) })
        let hasanov = try #require(entities.entity(named: "Zakir Hasanov"))
        #expect(!hasanov.fromTable)
        #expect(hasanov.type == "person")
        #expect(hasanov.titles == ["Defence Minister Col-Gen"])
        let tokel = try #require(entities.entity(named: "Metin Tokel"))
        #expect(tokel.docIDs.map(LoadedSeeds.short) == ["004"])
        #expect(entities.entity(named: "The NATO") == nil)
    }

    @Test func entitiesOfOneDocumentAndByType() throws {
        let entities = try #require(LoadedSeeds.entities)
        let russian = try #require(LoadedSeeds.index?.documents.first { $0.id.hasPrefix("002") })
        let names = entities.entities(ofDocument: russian.id).map(\.name)
        #expect(names.contains("Jens Stoltenberg"))
        #expect(names.contains("Brussels"))
        #expect(names.contains("Resolute Support"))
        let people = entities.entities(type: "person")
        #expect(people.allSatisfy { $0.type == "person" })
        #expect(people.contains { $0.name == "Hikmet Hajiyev" })
    }

    @Test func searchFindsEveryAliasOfAnEntity() throws {
        let index = try #require(LoadedSeeds.indexWithAliases)
        let ids = try index.search("\"Resolute Support\"", options: SearchOptions(limit: 10)).hits
            .map { LoadedSeeds.short($0.docID) }
        #expect(Set(ids) == ["000", "002", "003", "004"])  // 002 says «Решительная поддержка»
        let turkey = try index.search("Turkey", options: SearchOptions(limit: 10)).hits
            .map { LoadedSeeds.short($0.docID) }
        // 000 writes Türkiye, 002 Турцией, 003 Turkey.
        #expect(Set(turkey).isSuperset(of: ["000", "002", "003"]))
    }

    @Test func turkishAndAzerbaijaniAliasesFindTheirEntity() throws {
        let documents = [
            Document(
                id: "t1", lang: .turkish,
                paragraphs: ["Azerbaycan, Kararlı Destek misyonuna katıldı."]),
            Document(
                id: "a1", lang: .azerbaijani,
                paragraphs: ["Azərbaycan Qətiyyətli Dəstək missiyasında iştirak edib."]),
            Document(id: "e1", lang: .english, paragraphs: ["The Resolute Support mission ended."]),
        ]
        let index = try SearchIndex(
            documents: documents, synonyms: LoadedSeeds.table.table.synonyms)
        let ids = try index.search("\"Resolute Support\"").hits.map(\.docID)
        #expect(Set(ids) == ["t1", "a1", "e1"])
    }
}
