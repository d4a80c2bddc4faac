import Logging
import NatoAzCorpus

/// How the daemon loads a generation, at start-up and on every reload: from the index
/// snapshot when one was written for exactly this input, otherwise from the corpus text,
/// after which a new snapshot is written in the background.
///
/// ```
/// key = listing + code + options ──> snapshot with that key? ──yes──> reopen it
///                                          │ no (missing, out of date, damaged: logged)
///                                          v
///                     load the text ──> serve ──> build lookups ──> write snapshot (background)
/// ```
///
/// A snapshot holds the lookups built after the load too (Suggest, frequency lists, entity
/// index), so a generation reopened from it is fully ready at once, and the snapshot is
/// written only once they are built.
///
/// The key's listing is taken before the text is read (see ``SnapshotKey``), so a file that
/// changes during the load makes the next load go to the text again.
struct CorpusLoadPath: Sendable {
    let directory: String
    let maxFileBytes: Int
    /// nil: no snapshot is read or written.
    let cache: SnapshotCache?
    let logger: Logger

    /// Loads a generation. Blocking: call it on a worker thread. Its release is logged (at
    /// debug level), so that a generation kept after its replacement shows.
    func load() throws -> ServingCorpus {
        let content = try loadContent()
        let logger = self.logger
        content.callWhenReleased { documents in
            logger.debug(
                "corpus generation released", metadata: ["documents": "\(documents)"])
        }
        return content
    }

    private func loadContent() throws -> ServingCorpus {
        let options = LoadOptions(maxFileBytes: maxFileBytes)
        guard let cache, let key = cache.key(forCorpus: directory, options: options) else {
            return try ServingCorpus.load(directory: directory, maxFileBytes: maxFileBytes)
        }
        if let restored = cache.read(corpus: directory, key: key) {
            let table = EntityTableLoad.read(directory: directory)
            let content = ServingCorpus(
                corpus: restored.corpus, index: restored.index.with(synonyms: table.table.synonyms),
                directory: directory, entityTable: table,
                snapshot: SnapshotOrigin(
                    path: cache.path(forCorpus: directory),
                    writtenAtUnixMilliseconds: restored.writtenAtUnixMilliseconds),
                restoredLookups: restored.lookups)
            return content
        }
        let content = try ServingCorpus.load(directory: directory, maxFileBytes: maxFileBytes)
        cache.writeWhenBuilt(content, key: key)
        return content
    }
}
