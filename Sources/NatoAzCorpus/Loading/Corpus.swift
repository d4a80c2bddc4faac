/// One loaded generation of the corpus: an immutable snapshot the daemon can share between
/// threads and replace whole (atomically) on reload.
public final class Corpus: Sendable {
    /// All loaded documents, sorted by id.
    public let documents: [Document]
    /// What the load did: rejected, repaired and ignored files, bytes read, time taken.
    public let report: LoadReport
    /// The bodies, when they were loaded plain and are compressed later (see ``BodyStore``
    /// and ``compressBodies(parallelism:)``); nil when each document holds its own.
    private let bodies: BodyStore?
    /// The bodies' stored bytes when each document holds its own.
    private let ownBodyBytes: Int

    /// Builds a corpus from documents with distinct ids (sorted here; on a duplicate id the
    /// first one wins, `CorpusLoader` never produces duplicates). Their ids, fields and
    /// bodies are moved into one block (see ``DocumentPacking``).
    public init(documents: [Document], report: LoadReport) {
        self.documents = DocumentPacking.pack(documents.sorted { $0.id < $1.id })
        self.report = report
        bodies = nil
        ownBodyBytes = self.documents.reduce(0) { $0 + $1.storedTextByteCount }
        // The bodies are compressed by now (any made by hand).
        CompressedText.releaseCompressionContexts()
    }

    /// Builds a corpus from documents with distinct ids, sorted by id, whose bodies are the
    /// plain ones of `store` (filled: see ``BodyStore/fill(plain:byteCount:sample:)``), to be
    /// compressed by ``compressBodies(parallelism:)``.
    init(
        plainDocuments documents: consuming [Document], bodies store: BodyStore,
        report: LoadReport
    ) {
        // Handed over, not copied: ``DocumentPacking/pack(_:)`` changes them in place.
        self.documents = DocumentPacking.pack(consume documents)
        self.report = report
        bodies = store
        ownBodyBytes = 0
    }

    /// A corpus whose documents are already sorted by id and packed (restored from an
    /// ``IndexSnapshot``).
    init(packed documents: [Document], report: LoadReport) {
        self.documents = documents
        self.report = report
        bodies = nil
        ownBodyBytes = documents.reduce(0) { $0 + $1.storedTextByteCount }
    }

    /// Bytes of the documents' bodies as stored now (zstd frames, or plain text).
    public var storedBodyBytes: Int { bodies?.storedByteCount ?? ownBodyBytes }

    /// Whether the bodies are compressed: always, except after a load from the text until
    /// ``compressBodies(parallelism:)``.
    public var bodiesAreCompressed: Bool { bodies?.isCompressed ?? true }

    /// Compresses the bodies a load from the text kept plain (the dictionary is trained
    /// here), on `parallelism` threads, and swaps them in: every read meanwhile sees either
    /// the plain bodies or the compressed ones, the same text. Blocking (about 1.5 s of
    /// 2 cores at 100,000 articles); does nothing if they are compressed, and waits if
    /// another thread is compressing them.
    public func compressBodies(parallelism: Int = LoadOptions().parallelism) {
        bodies?.compress(parallelism: parallelism)
    }

    /// The document with this id (the file name without `.txt`), if loaded (a dictionary by
    /// id would hold a table and a string per document).
    public func document(id: String) -> Document? {
        documents.number(ofID: id).map { documents[$0] }
    }
}

extension [Document] {
    /// The position of the first document with this id in documents sorted by id (as
    /// ``Corpus/documents`` and ``SearchIndex/documents`` are), by binary search.
    func number(ofID id: String) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low].id == id ? low : nil
    }
}
