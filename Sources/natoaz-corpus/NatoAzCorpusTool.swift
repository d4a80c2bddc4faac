import ArgumentParser
import NatoAzCorpus

/// `natoaz-corpus DIR`: loads a corpus directory exactly as natoazd does and prints what it
/// found (rejected, repaired and ignored files, metadata per document) and how fast it loaded.
/// Use it to check a corpus before pointing the daemon at it, and to measure load throughput.
@main
struct NatoAzCorpusTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "natoaz-corpus",
        abstract: "Load a corpus directory as natoazd would and report on it.",
        discussion: """
            Articles are the *.txt files directly in DIRECTORY. Exits 0 when every article \
            loaded, 1 when some were rejected, 2 on a usage error or an unreadable directory.
            """)

    @Argument(help: "The corpus directory (the .txt articles).")
    var directory: String

    @Option(help: "Reject files larger than this many bytes.")
    var maxFileBytes: Int = LoadOptions().maxFileBytes

    @Option(help: "Files loaded at once (default: the number of processors).")
    var parallelism: Int?

    @Option(help: "Load this many times and report each run's throughput (for measuring).")
    var `repeat`: Int = 1

    @Flag(help: "Print one line of metadata per document.")
    var documents = false

    @Flag(
        help: """
            Also build the search, Suggest, frequency and entity indexes as natoazd does, and print \
            the resident memory after each step and where the index's bytes go.
            """)
    var memory = false

    func validate() throws {
        guard maxFileBytes > 0 else { throw ValidationError("--max-file-bytes must be positive.") }
        guard (parallelism ?? 1) > 0 else {
            throw ValidationError("--parallelism must be positive.")
        }
        guard (1...100).contains(`repeat`) else {
            throw ValidationError("--repeat must be 1...100.")
        }
    }

    func run() throws {
        // As natoazd does at start-up, so that --memory measures what natoazd holds.
        if memory { HeapAllocator.useFixedMmapThreshold() }
        let loader = CorpusLoader(
            options: LoadOptions(maxFileBytes: maxFileBytes, parallelism: parallelism))
        var corpus: Corpus?
        for run in 1...`repeat` {
            let loaded: Corpus
            do {
                loaded = try loader.load(directory: directory)
            } catch {
                print("natoaz-corpus: \(error)")
                throw ExitCode(2)
            }
            let report = loaded.report
            let seconds =
                Double(report.elapsed.components.seconds)
                + Double(report.elapsed.components.attoseconds) / 1e18
            let megabytes = Double(report.bytesRead) / 1_000_000
            print(
                "run \(run): \(report.loaded) documents, \(report.bytesRead) bytes in "
                    + "\(format(seconds * 1000)) ms = \(format(megabytes / seconds)) MB/s")
            corpus = loaded
        }
        guard let corpus else { return }
        let report = corpus.report
        print(
            "\(report.loaded) loaded, \(report.rejected.count) rejected, "
                + "\(report.repaired.count) repaired, \(report.ignored.count) ignored")
        for line in report.problemLines { print(line) }
        if documents {
            for document in corpus.documents { print(describe(document)) }
        }
        if memory {
            do {
                try MemoryReport.run(
                    corpus, entityTable: EntityTableLoad.read(directory: directory).table)
            } catch {
                print("natoaz-corpus: \(error)")
                throw ExitCode(2)
            }
        }
        if !report.rejected.isEmpty { throw ExitCode(1) }
    }

    private func describe(_ document: Document) -> String {
        var fields = ["\(document.id)", "lang=\(document.lang.rawValue)"]
        if let date = document.date {
            fields.append("date=\(date)\(document.dateInferred ? " (inferred)" : "")")
        }
        if let place = document.place { fields.append("place=\(place)") }
        if let source = document.source { fields.append("source=\(source)") }
        if let author = document.author { fields.append("author=\(author)") }
        fields.append("paragraphs=\(document.paragraphs.count)")
        if let title = document.title { fields.append("title=\(title)") }
        return fields.joined(separator: "\t")
    }

    private func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return "\(rounded)"
    }
}
