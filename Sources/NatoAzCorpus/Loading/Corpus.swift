/// One loaded generation of the corpus: an immutable snapshot the daemon can share between
/// threads and replace whole (atomically) on reload.
public final class Corpus: Sendable {
    /// All loaded documents, sorted by id.
    public let documents: [Document]
    /// What the load did: rejected, repaired and ignored files, bytes read, time taken.
    public let report: LoadReport

    /// Builds a corpus from documents with distinct ids (sorted here; on a duplicate id the
    /// first one wins, `CorpusLoader` never produces duplicates). Their ids, fields and
    /// bodies are moved into one block (see ``DocumentPacking``).
    public init(documents: [Document], report: LoadReport) {
        self.documents = DocumentPacking.pack(documents.sorted { $0.id < $1.id })
        self.report = report
        // The bodies are compressed by now (the loader's and any made by hand).
        CompressedText.releaseCompressionContexts()
    }

    /// A corpus whose documents are already sorted by id and packed (restored from an
    /// ``IndexSnapshot``).
    init(packed documents: [Document], report: LoadReport) {
        self.documents = documents
        self.report = report
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
