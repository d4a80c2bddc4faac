import Dispatch
import Synchronization

/// Loads a corpus directory into an immutable `Corpus`.
///
/// **Which files are articles.** Every regular file directly in the directory whose name ends
/// in `.txt` (any case: `.TXT` too) and does not start with a dot. The document id is the file
/// name without that extension (`000_b63174de97e40d1a.txt` -> `000_b63174de97e40d1a`).
/// Subdirectories are not searched. Everything else, e.g. the `entities.tsv` alias table that
/// the lookups read, editor backups (`a.txt~`) and hidden files, is listed in
/// `LoadReport.ignored` and otherwise left alone. If two names give the same id (`a.txt`,
/// `a.TXT`), the first in byte order loads and the other is rejected. A name that is not valid
/// UTF-8 or contains a control character is rejected (it is reported with `?` for those).
///
/// **Bad files.** Each article file is read, decoded (`TextDecoder`) and parsed
/// (`ArticleParser`) on its own; a file that cannot be used is a `RejectedFile` with a reason
/// and never stops the others. Only a directory that cannot be listed throws (`CorpusError`).
///
/// **Bodies.** Kept plain by the load, in the corpus' `BodyStore`: the index is built from them
/// as they are, and `Corpus.compressBodies(parallelism:)` (the daemon calls it once it serves)
/// trains a zstd dictionary (`BodyDictionary`) on the bodies of an even spread of up to 1,000
/// articles and compresses every body with it.
///
/// **Parallelism.** Files are processed by `LoadOptions.parallelism` workers
/// (`DispatchQueue.concurrentPerform`) that take the next file index from an atomic counter,
/// so one huge file does not hold up a fixed share of the others. Results go into per-file
/// slots and are assembled in file order, so the outcome does not depend on scheduling. A
/// thread of its own asks the kernel for the files a window ahead of the workers
/// (`ReadAhead`), so that a corpus not in the page cache is read with many requests in flight.
public struct CorpusLoader: Sendable {
    /// The file size limit and the number of workers.
    public var options: LoadOptions

    /// A loader with `options` (by default: 8 MiB per file, one worker per processor).
    public init(options: LoadOptions = LoadOptions()) {
        self.options = options
    }

    /// Reads every article of `directory` and returns the corpus with its ``LoadReport``: a
    /// file that cannot be read or parsed is listed there with its reason and the others load.
    ///
    /// - Throws: ``CorpusError`` only when the directory itself cannot be listed.
    public func load(directory: String) throws(CorpusError) -> Corpus {
        let clock = ContinuousClock()
        let started = clock.now
        let entries = try DirectoryListing.entries(of: directory)

        var articles: [Article] = []
        var ignored: [IgnoredFile] = []
        var rejected: [RejectedFile] = []
        var seenIDs: [String: String] = [:]
        let sortedEntries = entries.sorted { $0.rawName.lexicographicallyPrecedes($1.rawName) }
        // Two names give one id only if their extensions differ in case: when every name ends
        // in `.txt` exactly (or is no article), no id can repeat and none is looked up.
        let mayRepeatIDs = sortedEntries.contains {
            !$0.rawName.suffix(4).elementsEqual(".txt".utf8)
                && Self.articleID(of: $0.rawName) != nil
        }
        for entry in sortedEntries {
            // Ids go into logs, JSON and shell commands: a name that is not UTF-8 or holds a
            // control character (a newline, an escape) cannot be an id.
            let hasControl = entry.rawName.contains { $0 < 0x20 || $0 == 0x7F }
            guard let name = entry.name, !hasControl else {
                let shown = String(decoding: entry.rawName, as: UTF8.self).unicodeScalars
                    .map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
                if Self.articleID(of: entry.rawName) != nil {
                    rejected.append(RejectedFile(file: shown, reason: .invalidFileName))
                } else {
                    ignored.append(IgnoredFile(file: shown, why: "not a .txt file"))
                }
                continue
            }
            if name.utf8.first == UInt8(ascii: ".") {
                ignored.append(IgnoredFile(file: name, why: "hidden file"))
            } else if let idBytes = Self.articleID(of: entry.rawName) {
                let id = String(decoding: idBytes, as: UTF8.self)
                if mayRepeatIDs, let kept = seenIDs[id] {
                    rejected.append(RejectedFile(file: name, reason: .duplicateID(keptFile: kept)))
                } else {
                    if mayRepeatIDs { seenIDs[id] = name }
                    articles.append(Article(file: name, id: id, isRegularFile: entry.isRegularFile))
                }
            } else if entry.isDirectory {
                ignored.append(IgnoredFile(file: name, why: "directory (not searched)"))
            } else {
                ignored.append(IgnoredFile(file: name, why: "not a .txt file"))
            }
        }

        let outcomes = process(articles, in: directory)
        let sample = Self.dictionarySample(of: articles.count).compactMap { index -> String? in
            guard case .loaded = outcomes[index].result else { return nil }
            return articles[index].id
        }

        var documents: [Document] = []
        documents.reserveCapacity(outcomes.count)
        var repaired: [RepairedFile] = []
        var bytesRead = 0
        for (article, outcome) in zip(articles, outcomes) {
            bytesRead += outcome.bytesRead
            switch outcome.result {
            case .loaded(let document, let repairs):
                documents.append(document)
                if !repairs.isEmpty {
                    repaired.append(RepairedFile(file: article.file, repairs: repairs))
                }
            case .rejected(let reason):
                rejected.append(RejectedFile(file: article.file, reason: reason))
            }
        }
        rejected.sort { $0.file < $1.file }
        let report = LoadReport(
            directory: directory, loaded: documents.count, rejected: rejected,
            repaired: repaired, ignored: ignored, bytesRead: bytesRead,
            elapsed: clock.now - started)
        return Corpus(plainDocuments: documents, dictionarySample: sample, report: report)
    }

    /// The id bytes if `name` ends in `.txt` (any case) after a non-empty stem.
    private static func articleID(of name: [UInt8]) -> ArraySlice<UInt8>? {
        let count = name.count
        guard count > 4, name.first != UInt8(ascii: ".") else { return nil }
        // Each byte with 0x20 set, as ".txt" (whose bytes have it already): no arrays made.
        guard name[count - 4] | 0x20 == UInt8(ascii: "."),
            name[count - 3] | 0x20 == UInt8(ascii: "t"),
            name[count - 2] | 0x20 == UInt8(ascii: "x"),
            name[count - 1] | 0x20 == UInt8(ascii: "t")
        else { return nil }
        return name.dropLast(4)
    }

    /// An article file to load, as listed.
    struct Article: Sendable {
        var file: String
        var id: String
        /// The listing's file type (see ``ReadAhead``: only regular files are read ahead).
        var isRegularFile: Bool
    }

    // MARK: - One file

    struct FileOutcome: Sendable {
        enum Result: Sendable {
            case loaded(Document, repairs: [Repair])
            case rejected(RejectionReason)
        }
        var result: Result
        var bytesRead: Int
    }

    /// Reads, decodes and parses one file; `pageCacheMiss` as ``FileReader/readFile(path:limit:pageCacheMiss:)``.
    static func loadFile(
        path: String, id: String, options: LoadOptions, body storage: ArticleParser.BodyStorage,
        pageCacheMiss: (() -> Void)? = nil
    ) -> FileOutcome {
        let bytes: [UInt8]
        switch FileReader.readFile(
            path: path, limit: options.maxFileBytes, pageCacheMiss: pageCacheMiss)
        {
        case .rejected(let reason, let read):
            return FileOutcome(result: .rejected(reason), bytesRead: read)
        case .bytes(let read):
            bytes = read
        }
        switch TextDecoder.decode(bytes) {
        case .rejected(let reason):
            return FileOutcome(result: .rejected(reason), bytesRead: bytes.count)
        case .text(let text, let repairs):
            switch ArticleParser.parse(id: id, text: text, body: storage) {
            case .rejected(let reason):
                return FileOutcome(result: .rejected(reason), bytesRead: bytes.count)
            case .document(let document):
                return FileOutcome(
                    result: .loaded(document, repairs: repairs), bytesRead: bytes.count)
            }
        }
    }

    // MARK: - In parallel

    /// Reads and parses every article on `options.parallelism` workers, each body kept plain
    /// (see ``BodyStore``: compressing them here took about 12% of the load's CPU, and the
    /// index build then expanded each again).
    func process(_ articles: [Article], in directory: String) -> [FileOutcome] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let slots = OutcomeSlots(count: articles.count)
        let options = self.options
        let workers = min(options.parallelism, max(1, articles.count))
        // Dormant until the workers find files not in the page cache.
        let readAhead = ReadAhead(
            count: articles.count, sizeLimit: options.maxFileBytes, dormant: true
        ) {
            let article = articles[$0]
            return article.isRegularFile ? prefix + article.file : nil
        }
        defer { readAhead.stop() }
        Self.inParallel(articles.count, workers: workers) { index in
            readAhead.advance()
            let article = articles[index]
            slots.store(
                Self.loadFile(
                    path: prefix + article.file, id: article.id, options: options, body: .plain,
                    pageCacheMiss: readAhead.missed),
                at: index)
        }
        return slots.take()
    }

    /// Runs `body` for 0..<count on `workers` threads, each taking the next number.
    private static func inParallel(
        _ count: Int, workers: Int, _ body: @Sendable (Int) -> Void
    ) {
        guard count > 0 else { return }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(workers, count)) { _ in
            while true {
                let number = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard number < count else { return }
                body(number)
            }
        }
    }
}

/// One slot per file. In each parallel step every index is written by at most one worker (an
/// atomic counter hands every index out once) and read only after `concurrentPerform` returns,
/// which orders those writes before the reads; that is why the unchecked Sendable is sound.
private final class OutcomeSlots: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<CorpusLoader.FileOutcome?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func store(_ outcome: CorpusLoader.FileOutcome, at index: Int) {
        storage[index] = outcome
    }

    /// The outcome stored at `index` (after the worker that stored it has finished).
    subscript(index: Int) -> CorpusLoader.FileOutcome {
        storage[index]!
    }

    func take() -> [CorpusLoader.FileOutcome] {
        storage.map { $0! }
    }
}
