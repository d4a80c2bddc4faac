import Testing

@testable import NatoAzCorpus

/// The entity index's compact storage: the name lookup without stored keys, and mentions as
/// slices of one shared array.
@Suite struct EntityStorageTests {
    /// Every canonical name and alias finds the record a dictionary filled in record order
    /// ("first one wins") gives, also in other letter cases; unknown names find none.
    @Test func nameLookupMatchesAFirstWinsDictionary() throws {
        let entities = try #require(LoadedSeeds.entities)
        var reference: [String: Int] = [:]
        for (number, record) in entities.entities.enumerated() {
            for name in [record.name] + record.aliases {
                let key = SynonymTable.key(name)
                if reference[key] == nil { reference[key] = number }
            }
        }
        #expect(reference.count > 50)
        for record in entities.entities {
            for name in [record.name] + record.aliases {
                let expected = entities.entities[reference[SynonymTable.key(name)]!]
                #expect(entities.entity(named: name) == expected, "\(name)")
                #expect(entities.entity(named: name.uppercased()) == expected, "\(name)")
            }
        }
        #expect(entities.entity(named: "no such entity anywhere") == nil)
        #expect(entities.entity(named: "") == nil)
    }

    /// A table whose entities share names: the earlier (more mentioned) keeps the key, and
    /// a key table far larger than its first size still finds every one.
    @Test func sharedNamesGoToTheFirstRecordAndManyNamesFitTheTable() throws {
        let index = try #require(LoadedSeeds.indexWithAliases)
        var lines = ["NATO | organisation | Alliance", "Alliance | organisation | NATO"]
        for number in 0..<300 { lines.append("Name\(number) Word | person | Alias\(number)") }
        let table = EntityTable(parsing: lines.joined(separator: "\n"))
        let entities = EntityIndex(index: index, table: table)
        let nato = try #require(entities.entity(named: "nato"))
        #expect(entities.entity(named: "alliance") == nato)
        #expect(nato.mentionCount > 0)
        for number in 0..<300 {
            #expect(entities.entity(named: "alias\(number)")?.name == "Name\(number) Word")
            #expect(entities.entity(named: "name\(number) word")?.name == "Name\(number) Word")
        }
    }

    /// Mentions and document ids read through slices: per document, and with a limit.
    @Test func mentionsOfSlicesAreTheDocumentsOwn() throws {
        let entities = try #require(LoadedSeeds.entities)
        let nato = try #require(entities.entity(named: "NATO"))
        let all = entities.mentions(of: nato)
        #expect(all.count == nato.mentionCount)
        #expect(entities.mentions(of: nato, limit: 2) == Array(all.prefix(2)))
        for id in nato.docIDs {
            let own = try #require(entities.entities(ofDocument: id).first { $0.name == "NATO" })
            #expect(own.docIDs == [id])
            #expect(own.documentCount == 1)
            #expect(entities.mentions(of: own) == all.filter { $0.docID == id })
        }
        #expect(Set(all.map(\.docID)) == Set(nato.docIDs))
        #expect(nato.docIDs == nato.docIDs.sorted())
        for record in entities.entities {
            #expect(record.documentCount == record.docIDs.count)
            #expect(record.docIDs(limit: 2) == Array(record.docIDs.prefix(2)))
        }
    }
}
