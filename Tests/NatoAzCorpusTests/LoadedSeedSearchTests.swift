import Testing

@testable import NatoAzCorpus

/// Search over the seeds as the real loader reads them (the path the daemon takes).
@Suite struct LoadedSeedSearchTests {
    static let index: SearchIndex? = {
        guard
            let corpus = try? CorpusLoader().load(directory: SeedFixture.seedsDirectory.path)
        else { return nil }
        return try? SearchIndex(documents: corpus.documents)
    }()

    private func ids(_ query: String) throws -> [String] {
        let index = try #require(Self.index)
        return try index.search(query, options: SearchOptions(limit: 100)).hits.map {
            String($0.docID.prefix(3))
        }
    }

    @Test func indexesEveryLoadedSeed() throws {
        let index = try #require(Self.index)
        #expect(
            index.documents.map { String($0.id.prefix(3)) } == ["000", "001", "002", "003", "004"])
    }

    @Test func crossScriptQueries() throws {
        #expect(try ids("stoltenberg") == ["002"])
        #expect(try ids("Столтенберг") == ["002"])
        #expect(Set(try ids("НАТО")) == ["000", "001", "002", "003", "004"])
        #expect(Set(try ids("Алиев")) == ["000", "002", "003"])
        #expect(try ids("Türkiye") == ["000", "001"])
    }

    @Test func metadataFilters() throws {
        #expect(try ids("lang:ru") == ["002"])
        #expect(try ids("source:AZERTAC") == ["003"])
        #expect(try ids("date:2021-12-14") == ["002", "003"])
        #expect(try ids("nato date:2021-06..2021-12 -lang:ru") == ["004", "003"])
    }
}
