import Foundation
import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// The lookups section of an index snapshot (Suggest, the frequency lists, the entity index):
/// written and read back, each structure comes back equal and answers the same; a section
/// whose numbers do not fit what they index is refused as damaged (the load then goes to
/// the text), never trusted.
@Suite("index snapshot lookups")
struct SnapshotLookupsTests {
    typealias Fixture = SnapshotRoundTripTests.Fixture

    @Test("Suggest comes back equal and completes the same")
    func suggestions() throws {
        let fixture = try Fixture()
        try fixture.write()
        let old = fixture.lookups.suggestions
        let new = try IndexSnapshot.read(from: fixture.snapshotPath, key: fixture.key).lookups
            .suggestions
        #expect(new.entryForms == old.entryForms)
        #expect(new.entryFrequencies == old.entryFrequencies)
        #expect(new.keys.bytes == old.keys.bytes && new.keys.blockStarts == old.keys.blockStarts)
        #expect(new.keys.count == old.keys.count && new.keyEntries == old.keyEntries)
        #expect(new.topByPrefix == old.topByPrefix && new.topEntries == old.topEntries)
        #expect(old.count > 100)
        for prefix in ["a", "n", "na", "bak", "azerb", "ст", "tü", "securi", "zzzz"] {
            for limit in [1, 10, 60] {
                #expect(
                    new.complete(prefix, limit: limit) == old.complete(prefix, limit: limit),
                    "\(prefix) \(limit)")
            }
        }
    }

    @Test("the frequency lists come back equal and page the same")
    func frequencies() throws {
        let fixture = try Fixture()
        try fixture.write()
        let old = fixture.lookups.frequencies
        let new = try IndexSnapshot.read(from: fixture.snapshotPath, key: fixture.key).lookups
            .frequencies
        #expect(new.firstWord == old.firstWord && new.ranked == old.ranked)
        #expect(new.rankedByLanguage == old.rankedByLanguage)
        #expect(new.shared.ids == old.shared.ids && new.shared.values == old.shared.values)
        #expect(old.rankedByLanguage.count > 1 && !old.shared.ids.isEmpty)
        for language in [nil] + Language.allCases.map(Optional.some) {
            for prefix in ["", "a", "na", "б"] {
                for mode in [TermListQuery.Mode.stem, .surface] {
                    let query = TermListQuery(prefix: prefix, language: language, mode: mode)
                    #expect(
                        new.page(query, offset: 3, limit: 40)
                            == old.page(query, offset: 3, limit: 40),
                        "\(query)")
                }
            }
        }
    }

    @Test("the entity index comes back equal and answers the same")
    func entities() throws {
        let fixture = try Fixture()
        try fixture.write()
        let old = fixture.lookups.entities
        let restored = try IndexSnapshot.read(from: fixture.snapshotPath, key: fixture.key)
        let new = restored.lookups.entities
        #expect(new.entities == old.entities)
        #expect(new.entities.map(\.fromTable) == old.entities.map(\.fromTable))
        #expect(new.entities.contains { $0.fromTable && !$0.aliases.isEmpty })
        #expect(new.entities.contains { !$0.fromTable })
        #expect(new.byKey.slots == old.byKey.slots && new.byKey.fragments == old.byKey.fragments)
        for record in old.entities.prefix(30) {
            for name in [record.name] + record.aliases {
                #expect(new.entity(named: name) == old.entity(named: name), "\(name)")
            }
            #expect(
                new.mentions(of: new.entity(named: record.name)!, limit: 20)
                    == old.mentions(of: record, limit: 20))
        }
        #expect(new.entity(named: "North Atlantic Treaty Organization")?.name == "NATO")
        for type in ["organisation", "country", "person", "name", "none"] {
            #expect(new.entities(type: type) == old.entities(type: type))
        }
        for document in fixture.corpus.documents.prefix(10) {
            #expect(new.entities(ofDocument: document.id) == old.entities(ofDocument: document.id))
        }
    }

    /// Lookups whose numbers point outside what they index, as a bug or damage that the
    /// checksum did not catch would leave them.
    enum Misfit: CaseIterable, CustomTestStringConvertible {
        case suggestFormPastSpellings, suggestKeyPastEntries, frequencyTermPastVocabulary,
            sharedTermPastVocabulary, mentionPastDocuments, mentionBackwards,
            nameTableOfOtherEntities

        var testDescription: String { "\(self)" }

        func apply(_ lookups: SnapshotLookups, index: SearchIndex) -> SnapshotLookups {
            var lookups = lookups
            let suggest = lookups.suggestions
            let frequencies = lookups.frequencies
            let entities = lookups.entities
            switch self {
            case .suggestFormPastSpellings, .suggestKeyPastEntries:
                var forms = suggest.entryForms
                var keyEntries = suggest.keyEntries
                if self == .suggestFormPastSpellings {
                    forms[0] = UInt32(index.storage.surfaceForms.formStarts.count)
                } else {
                    keyEntries[keyEntries.count / 2] = Int32(forms.count)
                }
                lookups.suggestions = SuggestIndex(
                    spellings: suggest.spellings, entryForms: forms,
                    entryFrequencies: suggest.entryFrequencies, keys: suggest.keys,
                    keyEntries: keyEntries, topByPrefix: suggest.topByPrefix,
                    topEntries: suggest.topEntries)
            case .frequencyTermPastVocabulary, .sharedTermPastVocabulary:
                var ranked = frequencies.ranked
                var shared = frequencies.shared
                if self == .frequencyTermPastVocabulary {
                    ranked[ranked.count - 1] = Int32(index.storage.dictionary.count)
                } else {
                    var ids = shared.ids
                    ids[ids.count - 1] = Int32(index.storage.dictionary.count)
                    shared = SharedTermCounts(ids: ids, values: shared.values)!
                }
                lookups.frequencies = FrequencyList(
                    index: index, firstWord: frequencies.firstWord, ranked: ranked,
                    rankedByLanguage: frequencies.rankedByLanguage, shared: shared)
            case .mentionPastDocuments, .mentionBackwards, .nameTableOfOtherEntities:
                var locations = entities.allLocations
                var byKey = entities.byKey
                if self == .mentionPastDocuments {
                    locations[0].document = Int32(index.documents.count)
                } else if self == .mentionBackwards {
                    locations[0].first = locations[0].last + 1
                } else {
                    let other = EntityIndex(index: index, table: EntityTable())
                    byKey = other.byKey
                }
                lookups.entities = EntityIndex(
                    index: index, columns: entities.columns,
                    fromTable: entities.entities.map(\.fromTable),
                    mentionCounts: entities.entities.map(\.mentionCount), locations: locations,
                    byKey: byKey)
            }
            return lookups
        }
    }

    @Test("a lookups section that does not fit is refused as damaged", arguments: Misfit.allCases)
    func misfitIsRefused(_ misfit: Misfit) throws {
        let fixture = try Fixture()
        let lookups = misfit.apply(fixture.lookups, index: fixture.index)
        try IndexSnapshot.write(
            corpus: fixture.corpus, index: fixture.index, lookups: lookups, key: fixture.key,
            to: fixture.snapshotPath)
        let error = #expect(throws: SnapshotError.self) {
            try IndexSnapshot.read(from: fixture.snapshotPath, key: fixture.key)
        }
        #expect(error?.kind == .damaged, "\(String(describing: error))")
    }

    @Test("front-coded keys that do not decode are refused")
    func frontCodedKeys() throws {
        let strings = (0..<40).map { "key\($0 * 7)" }.sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        let keys = FrontCodedStrings(strings)
        let same = try #require(
            FrontCodedStrings(bytes: keys.bytes, blockStarts: keys.blockStarts, count: keys.count))
        #expect(same.indices.map { same[$0] } == strings)
        #expect(
            FrontCodedStrings(
                bytes: keys.bytes, blockStarts: keys.blockStarts, count: keys.count + 1) == nil)
        #expect(
            FrontCodedStrings(
                bytes: Array(keys.bytes.dropLast()), blockStarts: keys.blockStarts,
                count: keys.count) == nil)
        var shifted = keys.blockStarts
        shifted[1] += 1
        #expect(
            FrontCodedStrings(bytes: keys.bytes, blockStarts: shifted, count: keys.count) == nil)
        // The second string shares more bytes than the first has.
        var bytes = keys.bytes
        bytes[1 + Int(bytes[0])] = 0x7F
        #expect(
            FrontCodedStrings(bytes: bytes, blockStarts: keys.blockStarts, count: keys.count) == nil
        )
        // A length in six bytes, which the reader would take for a shorter one (in five it
        // reads the same).
        let tail = Array("abc".utf8)
        let five: [UInt8] = [0x83, 0x80, 0x80, 0x80, 0x00] + tail
        #expect(FrontCodedStrings(bytes: five, blockStarts: [0], count: 1)?[0] == "abc")
        let six: [UInt8] = [0x83, 0x80, 0x80, 0x80, 0x80, 0x00] + tail
        #expect(FrontCodedStrings(bytes: six, blockStarts: [0], count: 1) == nil)
    }
}
