import Dispatch
public import NatoAzCorpus
import Synchronization

/// What one generation serves: the loaded corpus and what is built from it.
public final class ServingCorpus: GenerationContent {
    /// The documents with their metadata and bodies, and the load's report.
    public let corpus: Corpus
    /// The full-text index of `corpus`.
    public let index: SearchIndex
    /// Completions of `index`'s vocabulary (Suggest). Blocking: see ``lookupsBuild``.
    public var suggestions: SuggestIndex { lookupsBuild.value.suggestions }
    /// Frequency lists of `index`'s vocabulary (Terms). Blocking: see ``lookupsBuild``.
    public var frequencies: FrequencyList { lookupsBuild.value.frequencies }
    /// Suggest and the frequency lists, built after the load, not in it: they read only the
    /// finished index, and their build (a fifth of the load's CPU at 100k articles, much of it
    /// on one thread) would hold back every search until it ends. The daemon claims and starts
    /// the build on a worker once the generation serves; Suggest and Terms requests wait for it
    /// on a future (see ``DeferredBuild``). Readers without the daemon build it on first use.
    let lookupsBuild: DeferredBuild<VocabularyLookups>
    /// The alias table as read from the corpus directory (or why not).
    public let entityTable: EntityTableLoad
    /// Built after the load, not in it: locating the table's entities needs only the index's
    /// positions, but detecting names reads every body once more, which would hold back every
    /// load and reload. The daemon claims and starts the build on a worker once the
    /// generation serves (see ``EntityIndexBuild``).
    let entityBuild: EntityIndexBuild

    /// The bodies compressed (a load from the text keeps them plain, see
    /// ``Corpus/compressBodies(parallelism:)``): after the load, not in it, and after the
    /// lookups, whose entity build reads every body (plain bodies need no expansion). Nothing
    /// waits for it: requests read the bodies as they are stored at the time. The daemon
    /// claims and starts it on a worker with the other builds (see ``DeferredBuild``).
    let bodiesBuild: DeferredBuild<Void>

    /// The table's entities located in the corpus, plus detected names (Entities). Blocking:
    /// builds them on the calling thread if nobody has started to, or waits for the build;
    /// callers run on a worker thread. Later calls share them.
    public var entities: EntityIndex { entityBuild.index }

    /// The directory it was loaded from.
    public let directory: String
    /// Estimated bytes held by the documents (text and metadata) and the index's posting
    /// lists, for Stats and the start-up summary (the bodies as stored now).
    public var memoryBytes: Int { memoryBesidesBodies + corpus.storedBodyBytes }
    private let memoryBesidesBodies: Int

    /// The number of documents served.
    public var documentCount: Int { corpus.documents.count }
    /// The files the load left alone, as Info and the start-up log list them: the alias table
    /// is not counted, since it is read (it has its own line), unless it is absent.
    public var ignoredFiles: [String] {
        corpus.report.ignored.map(\.file).filter {
            entityTable == .absent || $0 != EntityTable.fileName
        }
    }
    /// The number of files the load rejected (each listed, with its reason, in the report).
    public var rejectedCount: Int { corpus.report.rejected.count }
    /// The index snapshot the corpus and index were reopened from, or nil when they were
    /// built from the text (see ``CorpusLoadPath``).
    public let snapshot: SnapshotOrigin?
    /// Whether the corpus and index were reopened from an index snapshot rather than built
    /// from the text.
    public var loadedFromSnapshot: Bool { snapshot != nil }
    /// "from snapshot" when ``loadedFromSnapshot``, for reload summaries.
    public var loadSource: String? { loadedFromSnapshot ? "from snapshot" : nil }
    /// Called with the document count once this content is freed (the daemon logs it).
    private let whenReleased = Mutex<(@Sendable (_ documentCount: Int) -> Void)?>(nil)

    /// Calls `action` when this content is freed: a generation is freed once it is no longer
    /// current and the last request using it has answered.
    func callWhenReleased(_ action: @escaping @Sendable (_ documentCount: Int) -> Void) {
        whenReleased.withLock { $0 = action }
    }

    deinit {
        if let action = whenReleased.withLock({ $0 }) { action(documentCount) }
    }

    /// Whether Suggest, the frequency lists and the entity index are built (or restored).
    public var lookupsReady: Bool { lookupsBuild.isBuilt && entityBuild.isBuilt }

    /// What an index snapshot stores beyond the index, once built (nil until then).
    var builtLookups: SnapshotLookups? {
        guard lookupsReady else { return nil }
        let lookups = lookupsBuild.value
        return SnapshotLookups(
            suggestions: lookups.suggestions, frequencies: lookups.frequencies,
            entities: entityBuild.index)
    }

    /// Indexes `corpus`, with the alias table `entityTable` (read from `directory` when nil).
    /// Blocking (the index is built here): call it on a worker thread.
    public convenience init(corpus: Corpus, directory: String, entityTable: EntityTableLoad? = nil)
        throws
    {
        let table = entityTable ?? EntityTableLoad.read(directory: directory)
        let index = try SearchIndex(corpus: corpus, synonyms: table.table.synonyms)
        self.init(
            corpus: corpus, index: index, directory: directory, entityTable: table, snapshot: nil)
    }

    /// Serves `corpus` with its `index` (built from it, or restored with it from a snapshot)
    /// and, when they were restored with it, the lookups built from the index (else they are
    /// built after the load: see ``lookupsBuild`` and ``entityBuild``).
    init(
        corpus: Corpus, index: SearchIndex, directory: String, entityTable table: EntityTableLoad,
        snapshot: SnapshotOrigin?, restoredLookups: SnapshotLookups? = nil
    ) {
        self.corpus = corpus
        self.directory = directory
        self.entityTable = table
        self.index = index
        self.snapshot = snapshot
        if let restored = restoredLookups {
            self.lookupsBuild = DeferredBuild(
                built: VocabularyLookups(
                    suggestions: restored.suggestions, frequencies: restored.frequencies))
            self.entityBuild = EntityIndexBuild(built: restored.entities)
        } else {
            let (searchIndex, aliases) = (index, table.table)
            self.lookupsBuild = DeferredBuild { Self.buildLookups(searchIndex) }
            self.entityBuild = EntityIndexBuild { EntityIndex(index: searchIndex, table: aliases) }
        }
        if corpus.bodiesAreCompressed {
            self.bodiesBuild = DeferredBuild(built: ())
        } else {
            self.bodiesBuild = DeferredBuild { corpus.compressBodies() }
        }
        let statistics = index.statistics
        // Postings plus a rough 48 bytes per vocabulary entry (term string and counters).
        self.memoryBesidesBodies =
            Self.estimateMemory(corpus.documents) + statistics.postingBytes + statistics.terms * 48
    }

    /// Loads and indexes `directory` from its text (``CorpusLoadPath`` tries a snapshot
    /// first). Blocking: call it on a worker thread.
    public static func load(directory: String, maxFileBytes: Int = LoadOptions().maxFileBytes)
        throws -> ServingCorpus
    {
        let options = LoadOptions(maxFileBytes: maxFileBytes)
        let corpus = try CorpusLoader(options: options).load(directory: directory)
        let serving = try ServingCorpus(corpus: corpus, directory: directory)
        // Loading and indexing free far more memory than they keep (file bytes, token caches,
        // per-document scratch); glibc keeps freed heap pages resident until asked.
        ProcessMemory.releaseFreedMemory()
        return serving
    }

    /// Suggest and the frequency lists, built side by side: each reads only the finished
    /// index, and the frequency list is one thread's work that would otherwise wait for
    /// Suggest's single-threaded part.
    private static func buildLookups(_ index: SearchIndex) -> VocabularyLookups {
        let suggestions = Mutex<SuggestIndex?>(nil)
        let frequencies = Mutex<FrequencyList?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                let built = SuggestIndex(index: index)
                suggestions.withLock { $0 = built }
            } else {
                let built = FrequencyList(index: index)
                frequencies.withLock { $0 = built }
            }
        }
        return VocabularyLookups(
            suggestions: suggestions.withLock { $0! }, frequencies: frequencies.withLock { $0! })
    }

    private static func estimateMemory(_ documents: [Document]) -> Int {
        // String storage plus a fixed allowance per string and per document for headers and
        // array slots; close enough to tell a 5-document corpus from a 50 000-document one.
        // The bodies are counted apart (``Corpus/storedBodyBytes``): they shrink after the
        // load.
        // Eight strings (the id and seven fields) of 16 bytes' allowance each. Their lengths
        // are read from the packed fields: made into strings, they cost 55 M instructions at
        // 10,000 articles, on one thread before `corpus loaded` (session 16).
        let sizes = Document.summedSizes(of: documents)
        return documents.count * (256 + 16 + 8 * 16) + 4 * sizes.paragraphs + sizes.metadataUTF8
    }
}

/// The index snapshot file a generation was reopened from, for Info.
public struct SnapshotOrigin: Sendable, Hashable {
    /// The snapshot file's path.
    public var path: String
    /// The file's modification time (when it was written), Unix time in milliseconds.
    public var writtenAtUnixMilliseconds: UInt64
}

/// What Suggest and Terms read, built together from the finished index.
struct VocabularyLookups: Sendable {
    var suggestions: SuggestIndex
    var frequencies: FrequencyList
}
