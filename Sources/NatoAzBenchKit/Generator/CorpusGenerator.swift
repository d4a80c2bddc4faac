import Synchronization

/// Writes a synthetic corpus: `articles` files in the seeds' formats, identical for a given seed
/// on every machine, and the same article `i` whatever the corpus size (a 10k corpus is the
/// first tenth of a 100k one).
public struct CorpusGenerator: Sendable {
    /// What to write and where.
    public struct Options: Sendable {
        /// How many articles to write.
        public var articles: Int
        /// The seed: the same seed writes the same articles everywhere.
        public var seed: UInt64
        /// The directory to write the articles into (created if missing).
        public var directory: String
        /// Where to write the tab-separated manifest (id, lang, format, date, bytes, title);
        /// nil for none. It must not be inside `directory`, which holds articles only.
        public var manifest: String?
        /// Writer threads (the work is CPU plus file creation; one per core is right).
        public var workers: Int

        /// Options for `articles` articles of `seed` in `directory`.
        public init(
            articles: Int, seed: UInt64, directory: String, manifest: String? = nil,
            workers: Int = 2
        ) {
            self.articles = articles
            self.seed = seed
            self.directory = directory
            self.manifest = manifest
            self.workers = workers
        }
    }

    /// What one language contributed, with the Heaps' law numbers: `distinctWords` vocabulary
    /// ranks among `tokens` drawn (entities and quoted sentences not counted).
    public struct LanguageSummary: Sendable {
        /// The language's code (`en`, `ru`, `az`, `tr`).
        public var code: String
        /// Articles written in it.
        public var articles: Int
        /// Bytes of its article files.
        public var bytes: Int
        /// Vocabulary words drawn for its articles.
        public var tokens: Int
        /// Distinct vocabulary words among `tokens`.
        public var distinctWords: Int
    }

    /// What a run wrote and how fast.
    public struct Summary: Sendable {
        /// Articles written.
        public var articles: Int
        /// Bytes of the article files.
        public var bytes: Int
        /// Wall-clock time of the run.
        public var seconds: Double
        /// Per language, in a fixed order.
        public var languages: [LanguageSummary]

        /// Throughput in MB (10^6 bytes) per second.
        public var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / max(seconds, 1e-9) }
    }

    /// What this generator writes.
    public let options: Options

    /// A generator for `options`; nothing is written until it runs.
    public init(options: Options) { self.options = options }

    private static let chunk = 256

    public func run() throws(GeneratorError) -> Summary {
        guard options.articles >= 0 else {
            throw GeneratorError("--articles must be 0 or more, not \(options.articles)")
        }
        guard options.workers >= 1 else {
            throw GeneratorError("--workers must be at least 1, not \(options.workers)")
        }
        do {
            try Files.makeDirectories(options.directory)
            let existing = try Files.names(in: options.directory)
            if !existing.isEmpty {
                throw GeneratorError(
                    "\(options.directory) is not empty (\(existing.count) entries, e.g. "
                        + "\(existing.sorted()[0])); choose a new directory so generated and "
                        + "other articles do not mix")
            }
        } catch let error as FileError {
            throw GeneratorError(error.description)
        } catch let error as GeneratorError {
            throw error
        } catch {
            throw GeneratorError("\(error)")
        }
        let started = monotonicNanoseconds()
        let composer = ArticleComposer(seed: options.seed)
        let languageCount = composer.lexicons.count
        let rankCount = composer.ranks.rankCount
        let options = self.options
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let results = Mutex<[WorkerResult]>([])
        let failure = Mutex<GeneratorError?>(nil)

        runOnThreads(options.workers) { _ in
            var result = WorkerResult(languages: languageCount, ranks: rankCount)
            var buffer: [UInt8] = []
            buffer.reserveCapacity(32 * 1024)
            while !failed.load(ordering: .relaxed) {
                let first = next.add(Self.chunk, ordering: .relaxed).oldValue
                if first >= options.articles { break }
                for index in first..<min(first + Self.chunk, options.articles) {
                    let record = composer.compose(
                        index: index, into: &buffer, seen: &result.coverage)
                    do {
                        try Files.write(buffer, to: "\(options.directory)/\(record.id).txt")
                    } catch {
                        failed.store(true, ordering: .relaxed)
                        failure.withLock { $0 = $0 ?? GeneratorError("\(error)") }
                        break
                    }
                    let language = composer.lexicons.firstIndex { $0.code == record.lang } ?? 0
                    result.articles[language] += 1
                    result.bytes[language] += record.bytes
                    if options.manifest != nil { result.records.append((index, record)) }
                }
            }
            results.withLock { $0.append(result) }
        }
        if let error = failure.withLock({ $0 }) { throw error }

        var total = WorkerResult(languages: languageCount, ranks: rankCount)
        for result in results.withLock({ $0 }) { total.merge(result) }
        if let manifest = options.manifest {
            total.records.sort { $0.0 < $1.0 }
            var text = ArticleRecord.manifestHeader + "\n"
            for (_, record) in total.records { text += record.manifestLine + "\n" }
            do {
                try Files.write(Array(text.utf8), to: manifest)
            } catch {
                throw GeneratorError(error.description)
            }
        }
        let seconds = Double(monotonicNanoseconds() - started) / 1e9
        let languages = composer.lexicons.indices.map { index in
            LanguageSummary(
                code: composer.lexicons[index].code, articles: total.articles[index],
                bytes: total.bytes[index], tokens: total.coverage.tokens[index],
                distinctWords: total.coverage.distinct(language: index))
        }
        return Summary(
            articles: options.articles, bytes: total.bytes.reduce(0, +), seconds: seconds,
            languages: languages)
    }
}

/// What one writer thread produced.
private struct WorkerResult: Sendable {
    var articles: [Int]
    var bytes: [Int]
    var coverage: VocabularyCoverage
    var records: [(Int, ArticleRecord)] = []

    init(languages: Int, ranks: Int) {
        articles = Array(repeating: 0, count: languages)
        bytes = Array(repeating: 0, count: languages)
        coverage = VocabularyCoverage(languages: languages, ranks: ranks)
    }

    mutating func merge(_ other: WorkerResult) {
        for index in articles.indices {
            articles[index] += other.articles[index]
            bytes[index] += other.bytes[index]
        }
        coverage.merge(other.coverage)
        records.append(contentsOf: other.records)
    }
}

/// Why the generator stopped, in words a user can act on.
public struct GeneratorError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
