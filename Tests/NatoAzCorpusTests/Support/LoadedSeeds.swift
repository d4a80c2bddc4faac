import NatoAzCorpus

/// The seeds as the real loader reads them, indexed once for all lookup tests.
enum LoadedSeeds {
    static let corpus: Corpus? = try? CorpusLoader().load(
        directory: SeedFixture.seedsDirectory.path)

    static let index: SearchIndex? = corpus.flatMap { try? SearchIndex(documents: $0.documents) }

    /// First three characters of an id ("002_163f..." -> "002").
    static func short(_ id: String) -> String { String(id.prefix(3)) }
}

extension LoadedSeeds {
    /// The shipped alias table, `seeds/entities.tsv`.
    static let table: EntityTableLoad = EntityTableLoad.read(
        directory: SeedFixture.seedsDirectory.path)

    /// The seeds indexed with the alias table, as the daemon indexes them.
    static let indexWithAliases: SearchIndex? = corpus.flatMap {
        try? SearchIndex(documents: $0.documents, synonyms: table.table.synonyms)
    }

    static let entities: EntityIndex? = indexWithAliases.map {
        EntityIndex(index: $0, table: table.table)
    }
}
