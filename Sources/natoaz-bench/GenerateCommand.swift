import ArgumentParser
import NatoAzBenchKit

/// `natoaz-bench generate`: writes a deterministic synthetic corpus.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic synthetic corpus in the seeds' formats.",
        discussion: """
            Articles are in English, Russian, Azerbaijani and Turkish (55/20/15/10 %), in the \
            layouts of seeds/, with a Zipf-distributed vocabulary that grows with the corpus \
            (Heaps' law) and the seeds' names, so queries have answers. The same seed gives the \
            same files on every machine; article i does not depend on --articles. \
            100,000 articles come to about 250 MB.
            """
    )

    @Option(help: "Number of articles to write.")
    var articles: Int

    @Option(help: "Seed; the same seed gives the same corpus.")
    var seed: UInt64 = 1

    @Option(help: "Directory to write into (created; must be empty).")
    var out: String

    @Option(help: "Also write a TSV manifest of what each article states (outside --out).")
    var manifest: String?

    @Option(help: "Writer threads.")
    var workers: Int = 2

    func validate() throws {
        guard articles >= 0 else { throw ValidationError("--articles must be 0 or more.") }
        guard (1...64).contains(workers) else {
            throw ValidationError("--workers must be between 1 and 64.")
        }
        if let manifest, manifest.hasPrefix(out.hasSuffix("/") ? out : out + "/") {
            throw ValidationError("--manifest must be outside --out, which holds articles only.")
        }
    }

    func run() throws {
        let generator = CorpusGenerator(
            options: .init(
                articles: articles, seed: seed, directory: out, manifest: manifest,
                workers: workers))
        let summary: CorpusGenerator.Summary
        do {
            summary = try generator.run()
        } catch {
            printError("natoaz-bench generate: \(error)")
            throw ExitCode(1)
        }
        print(
            "wrote \(summary.articles) articles, \(summary.bytes) bytes in "
                + "\(format(summary.seconds, digits: 2)) s "
                + "(\(format(summary.megabytesPerSecond, digits: 1)) MB/s) to \(out)")
        for language in summary.languages {
            print(
                "  \(language.code): \(language.articles) articles, \(language.bytes) bytes, "
                    + "\(language.tokens) words drawn, \(language.distinctWords) distinct")
        }
    }
}
