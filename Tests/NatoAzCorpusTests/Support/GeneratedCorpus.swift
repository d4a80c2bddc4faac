import NatoAzBenchKit
import NatoAzCorpus
import NatoAzTestSupport

/// 250 synthetic articles (`natoaz-bench generate`'s generator, seed 11) with the seeds' alias
/// table, written once to a temporary directory, loaded by the real loader and indexed.
enum GeneratedCorpus {
    static let articles = 250

    static let index: SearchIndex? = {
        guard let directory = try? TemporaryDirectory("natoaz-corpus") else { return nil }
        guard
            (try? CorpusGenerator(
                options: .init(articles: articles, seed: 11, directory: directory.path)
            ).run()) != nil,
            let corpus = try? CorpusLoader().load(directory: directory.path)
        else { return nil }
        return try? SearchIndex(
            documents: corpus.documents, synonyms: LoadedSeeds.table.table.synonyms)
    }()
}
