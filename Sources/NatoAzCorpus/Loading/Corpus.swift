/// One loaded generation of the corpus: an immutable snapshot the daemon can share between
/// threads and replace whole (atomically) on reload.
public final class Corpus: Sendable {
    /// All loaded documents, sorted by id.
    public let documents: [Document]
    /// What the load did: rejected, repaired and ignored files, bytes read, time taken.
    public let report: LoadReport
    private let indexByID: [String: Int]

    /// Builds a corpus from documents with distinct ids (sorted here; on a duplicate id the
    /// first one wins, `CorpusLoader` never produces duplicates).
    public init(documents: [Document], report: LoadReport) {
        let sorted = documents.sorted { $0.id < $1.id }
        var index: [String: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (position, document) in sorted.enumerated() where index[document.id] == nil {
            index[document.id] = position
        }
        self.documents = sorted
        self.report = report
        self.indexByID = index
    }

    /// The document with this id (the file name without `.txt`), if loaded.
    public func document(id: String) -> Document? {
        indexByID[id].map { documents[$0] }
    }
}
