import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        var listing = try DirectoryListing(of: directory)
        listing.sortByName()

        var articles: [Article] = []
        var ignored: [IgnoredFile] = []
        var rejected: [RejectedFile] = []
        var seenIDs: [String: String] = [:]
        // Names are bytes here: a file's name and id become strings on the worker that reads
        // it (and for the reports).
        let names = listing.nameBytes
        var allASCII = true
        names.withUnsafeBufferPointer { names in
            func name(_ entry: DirectoryListing.Entry) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: names[entry.nameStart..<entry.nameEnd])
            }
            // Two names give one id only if their extensions differ in case, or if their stems
            // are one text in two Unicode forms (`café` composed and decomposed), which ids, as
            // strings, cannot tell apart: when every article's name is ASCII and ends in `.txt`
            // exactly, no id can repeat and none is looked up.
            let mayRepeatIDs = listing.entries.contains {
                let raw = name($0)
                guard Self.hasArticleSuffix(raw) else { return false }
                return !raw.suffix(4).elementsEqual(".txt".utf8) || raw.contains { $0 >= 0x80 }
            }
            for entry in listing.entries {
                let raw = name(entry)
                let isArticle = Self.hasArticleSuffix(raw)
                // Ids go into logs, JSON and shell commands: a name that is not UTF-8 or holds
                // a control character (a newline, an escape) cannot be an id.
                var ascii = true
                var hasControl = false
                for byte in raw {
                    if byte >= 0x80 { ascii = false }
                    if byte < 0x20 || byte == 0x7F { hasControl = true }
                }
                if !ascii { allASCII = false }
                let valid = ascii || String(validating: raw, as: UTF8.self) != nil
                guard valid, !hasControl else {
                    let shown = String(decoding: raw, as: UTF8.self).unicodeScalars
                        .map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
                    if isArticle {
                        rejected.append(RejectedFile(file: shown, reason: .invalidFileName))
                    } else {
                        ignored.append(IgnoredFile(file: shown, why: "not a .txt file"))
                    }
                    continue
                }
                if raw.first == UInt8(ascii: ".") {
                    ignored.append(IgnoredFile(file: Self.string(raw), why: "hidden file"))
                } else if isArticle {
                    if mayRepeatIDs {
                        let id = Self.string(UnsafeBufferPointer(rebasing: raw.dropLast(4)))
                        if let kept = seenIDs[id] {
                            rejected.append(
                                RejectedFile(
                                    file: Self.string(raw), reason: .duplicateID(keptFile: kept)))
                            continue
                        }
                        seenIDs[id] = Self.string(raw)
                    }
                    articles.append(entry)
                } else if entry.isDirectory {
                    ignored.append(
                        IgnoredFile(file: Self.string(raw), why: "directory (not searched)"))
                } else {
                    ignored.append(IgnoredFile(file: Self.string(raw), why: "not a .txt file"))
                }
            }
        }

        // When the listing's ids are in order (file names that differ only past their stems,
        // as a corpus' do), so are the documents, and nothing is sorted after the parse.
        let list = ArticleList(names: names, articles: articles)
        let idsInOrder = list.idsAreInOrder(allASCII: allASCII)
        let store = BodyStore()
        let (outcomes, bodies) = process(list, in: directory, store: store)
        let sampleIndices = Self.dictionarySample(of: articles.count)
        var sampleNext = 0
        var sample: [Int] = []  // the sampled documents' numbers (their places in `documents`)

        // One pass over the outcomes, each moved out of its slot: the bodies are not touched
        // here (each document points at its body's number already, see ``process``), and a
        // copy of a document would touch its heap objects, far apart and long out of cache,
        // once more for each copy and again for each release.
        var documents: [Document] = []
        documents.reserveCapacity(articles.count)
        var bodyIndices: [Int] = []  // the file index (the body's slot) of each document
        bodyIndices.reserveCapacity(articles.count)
        var repaired: [RepairedFile] = []
        var bytesRead = 0
        var textBytes = 0
        for index in articles.indices {
            let sampled = sampleNext < sampleIndices.count && sampleIndices[sampleNext] == index
            if sampled { sampleNext += 1 }
            switch outcomes.take(at: index) {
            case .loaded(let document, let repairs, let read):
                bytesRead += read
                if sampled { sample.append(documents.count) }
                textBytes += document.textByteCount
                documents.append(consume document)
                bodyIndices.append(index)
                if !repairs.isEmpty {
                    repaired.append(RepairedFile(file: list.file(index), repairs: repairs))
                }
            case .rejected(let reason, let read):
                bytesRead += read
                rejected.append(RejectedFile(file: list.file(index), reason: reason))
            }
        }
        if !idsInOrder {
            // As `sorted { $0.id < $1.id }` (stable), each body's slot going along.
            let order = documents.indices.sorted {
                (documents[$0].id, $0) < (documents[$1].id, $1)
            }
            documents = order.map { documents[$0] }
            bodyIndices = order.map { bodyIndices[$0] }
            var placeOf = [Int](repeating: 0, count: order.count)
            for (place, number) in order.enumerated() { placeOf[number] = place }
            sample = sample.map { placeOf[$0] }
        }
        let plain = bodies.take(renumbering: &documents, from: bodyIndices)
        store.fill(plain: plain, byteCount: textBytes, sample: sample)
        rejected.sort { $0.file < $1.file }
        let report = LoadReport(
            directory: directory, loaded: documents.count, rejected: rejected,
            repaired: repaired, ignored: ignored, bytesRead: bytesRead,
            elapsed: clock.now - started)
        return Corpus(plainDocuments: consume documents, bodies: store, report: report)
    }

    /// Whether `name` ends in `.txt` (any case) after a non-empty stem that does not start
    /// with a dot: an article's name, whose id is the stem.
    static func hasArticleSuffix(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = name.count
        guard count > 4, name[0] != UInt8(ascii: ".") else { return false }
        // Each byte with 0x20 set, as ".txt" (whose bytes have it already): no arrays made.
        return name[count - 4] | 0x20 == UInt8(ascii: ".")
            && name[count - 3] | 0x20 == UInt8(ascii: "t")
            && name[count - 2] | 0x20 == UInt8(ascii: "x")
            && name[count - 1] | 0x20 == UInt8(ascii: "t")
    }

    /// `bytes` (valid UTF-8) as a string.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// An article file to load: its listing entry (where its name is in the listing's names,
    /// and the file type, with which ``ReadAhead`` reads ahead only regular files).
    typealias Article = DirectoryListing.Entry

    /// The articles to load and the listing's names: a name or id becomes a `String` only
    /// when asked for, on the worker that loads the file.
    struct ArticleList: Sendable {
        /// Every listed name, one after another (valid UTF-8 where an article's is).
        let names: [UInt8]
        let articles: [Article]

        var count: Int { articles.count }

        /// The file name of article `index`.
        func file(_ index: Int) -> String {
            string(articles[index].nameStart..<articles[index].nameEnd)
        }

        /// The id of article `index`: its file name without `.txt`.
        func id(_ index: Int) -> String {
            string(articles[index].nameStart..<articles[index].nameEnd - 4)
        }

        /// Whether every id is below the next as strings (`<`). Strings of ASCII order as
        /// their bytes; others are compared as strings.
        func idsAreInOrder(allASCII: Bool) -> Bool {
            guard allASCII else {
                return articles.indices.dropFirst().allSatisfy { id($0 - 1) < id($0) }
            }
            return names.withUnsafeBufferPointer { names in
                func id(_ article: Article) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: names[article.nameStart..<article.nameEnd - 4])
                }
                return zip(articles, articles.dropFirst()).allSatisfy {
                    IndexBuilder.compareUTF8(id($0), id($1)) < 0
                }
            }
        }

        private func string(_ range: Range<Int>) -> String {
            names.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self)
            }
        }
    }

    // MARK: - One file

    /// What became of one file, and the bytes read of it.
    enum FileOutcome: Sendable {
        case loaded(Document, repairs: [Repair], bytesRead: Int)
        case rejected(RejectionReason, bytesRead: Int)
    }

    /// Where a loaded document's body goes: it becomes body `number` of `store`, and its
    /// plain UTF-8 goes to slot `number` of `bodies`.
    struct BodyPlace {
        let store: BodyStore
        let bodies: Slots<[UInt8]>
        let number: Int
    }

    /// Reads, decodes and parses the file `name` of the open directory `directory`
    /// (`AT_FDCWD`: `name` is a path); `pageCacheMiss` and `deferIfNotCached` as
    /// ``FileReader/readFile(name:in:limit:pageCacheMiss:deferIfNotCached:)``: nil when the
    /// file was not cached and is to be read later.
    static func loadFile(
        name: String, in directory: Int32, id: String, options: LoadOptions,
        body place: BodyPlace, pageCacheMiss: (() -> Void)? = nil, deferIfNotCached: Bool = false
    ) -> FileOutcome? {
        let bytes: [UInt8]
        switch FileReader.readFile(
            name: name, in: directory, limit: options.maxFileBytes, pageCacheMiss: pageCacheMiss,
            deferIfNotCached: deferIfNotCached)
        {
        case .rejected(let reason, let read):
            return .rejected(reason, bytesRead: read)
        case .notCached:
            return nil
        case .bytes(let read):
            bytes = read
        }
        switch TextDecoder.decode(bytes) {
        case .rejected(let reason):
            return .rejected(reason, bytesRead: bytes.count)
        case .text(let text, let repairs):
            switch ArticleParser.parse(id: id, text: text, body: .plain) {
            case .rejected(let reason):
                return .rejected(reason, bytesRead: bytes.count)
            case .document(var document):
                place.bodies.store(
                    document.moveBody(to: place.store, number: place.number), at: place.number)
                return .loaded(document, repairs: repairs, bytesRead: bytes.count)
            }
        }
    }

    // MARK: - In parallel

    /// Reads and parses every article on `options.parallelism` workers, each body kept plain
    /// (see ``BodyStore``: compressing them here took about 12% of the load's CPU, and the
    /// index build then expanded each again). A loaded document's body is body number (its
    /// file's index) of `store`, whose UTF-8 is in that slot of the bodies' slots: the
    /// serial assembly after the parse then need not touch the bodies.
    func process(_ articles: ArticleList, in directory: String, store: BodyStore)
        -> (outcomes: Slots<FileOutcome>, bodies: Slots<[UInt8]>)
    {
        let outcomes = Slots<FileOutcome>(count: articles.count)
        let bodies = Slots<[UInt8]>(count: articles.count)
        let options = self.options
        let workers = min(options.parallelism, max(1, articles.count))
        // The files are opened by name in the directory held open (one name looked up, not a
        // path walked; no path string made per file); by path if it cannot be opened.
        let held = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        let folder = held >= 0 ? held : AT_FDCWD
        let prefix = held >= 0 ? "" : directory.hasSuffix("/") ? directory : directory + "/"
        defer { if held >= 0 { close(held) } }
        @Sendable func name(_ index: Int) -> String {
            prefix.isEmpty ? articles.file(index) : prefix + articles.file(index)
        }
        // Dormant until the workers find files not in the page cache.
        let readAhead = ReadAhead(
            count: articles.count, sizeLimit: options.maxFileBytes, directory: folder,
            dormant: true
        ) {
            articles.articles[$0].isRegularFile ? name($0) : nil
        }
        defer { readAhead.stop() }
        // A file not in the page cache is set aside while its pages come (`DeferredReads`).
        let deferred = DeferredReads()
        @Sendable func load(_ index: Int, first: Bool) {
            let miss: (() -> Void)? = first ? { readAhead.missed() } : nil
            let outcome = Self.loadFile(
                name: name(index), in: folder, id: articles.id(index), options: options,
                body: BodyPlace(store: store, bodies: bodies, number: index),
                pageCacheMiss: miss, deferIfNotCached: first)
            if let outcome { outcomes.store(outcome, at: index) } else { deferred.setAside(index) }
        }
        Self.inParallel(articles.count, workers: workers) { index in
            readAhead.advance()
            load(index, first: true)
            if let ready = deferred.takeReady(before: index) { load(ready, first: false) }
        }
        let late = deferred.takeAll()
        Self.inParallel(late.count, workers: workers) { load(late[$0], first: false) }
        return (outcomes, bodies)
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
final class Slots<Element>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Element?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func store(_ element: consuming Element, at index: Int) {
        storage[index] = element
    }

    /// The element stored at `index`, moved out (its slot is left empty): no copy, so none
    /// of its heap objects is touched.
    func take(at index: Int) -> Element {
        storage[index].take()!
    }
}

extension Slots<[UInt8]> {
    /// The bodies in document order: `slots[i]` is the body of `documents[i]`. A document
    /// whose body is in another slot (files rejected before it, or ids out of file order) is
    /// pointed at its new number.
    func take(renumbering documents: inout [Document], from slots: [Int]) -> [[UInt8]] {
        var plain: [[UInt8]] = []
        plain.reserveCapacity(documents.count)
        for (number, slot) in slots.enumerated() {
            plain.append(take(at: slot))
            if slot != number { documents[number].renumberBody(number) }
        }
        return plain
    }
}
