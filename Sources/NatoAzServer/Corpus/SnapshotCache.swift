import Dispatch
import Logging
import NatoAzCorpus

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's index snapshots in one cache directory: one file per corpus directory (see
/// ``IndexSnapshot``), keyed by the identity of this process's code, taken once at start-up.
///
/// Writes run one at a time on their own background queue, after the load that needs them
/// has been installed: a write never delays READY=1 or an answer, and never holds one of
/// the request workers. Any failure is logged and leaves serving alone.
final class SnapshotCache: Sendable {
    let directory: String
    private let identity: ProcessIdentity
    private let logger: Logger
    private let writes = DispatchQueue(label: "natoazd.snapshot-writer", qos: .utility)

    /// The cache in `directory`, or nil (logged) when this process's code cannot be
    /// identified, since a snapshot could then be reused by other code.
    init?(directory: String, logger: Logger) {
        switch ProcessIdentity.current() {
        case .success(let identity):
            self.identity = identity
        case .failure(let error):
            logger.warning(
                """
                index snapshot disabled: cannot identify this process's code: \(error); \
                every load reads the corpus text
                """,
                metadata: ["cache_dir": "\(directory)"])
            return nil
        }
        self.directory = directory
        self.logger = logger
    }

    func path(forCorpus corpus: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/")
            + IndexSnapshot.fileName(forDirectory: corpus)
    }

    /// The key of loading `corpus` now (its listing is taken here), or nil (logged).
    func key(forCorpus corpus: String, options: LoadOptions) -> SnapshotKey? {
        do {
            return try SnapshotKey.make(
                directory: corpus, options: options, analysis: AnalysisOptions(),
                process: identity)
        } catch {
            // The load from the text reports why the directory cannot be read.
            logger.debug("no index snapshot key: \(error)")
            return nil
        }
    }

    /// The corpus, index and lookups stored for `corpus` under `key`, or nil, with why
    /// logged: a missing or out-of-date snapshot is routine (info), a damaged or unreadable
    /// one is not (warning).
    func read(corpus: String, key: SnapshotKey) -> (
        corpus: Corpus, index: SearchIndex, lookups: SnapshotLookups,
        writtenAtUnixMilliseconds: UInt64
    )? {
        let path = path(forCorpus: corpus)
        do {
            return try IndexSnapshot.read(from: path, key: key)
        } catch {
            let next = "loading the corpus from its text; a new snapshot is written after it"
            switch error.kind {
            case .missing:
                logger.info("no index snapshot yet; \(next)", metadata: ["snapshot": "\(path)"])
            case .outOfDate:
                logger.notice(
                    "index snapshot out of date: \(error.detail); \(next)",
                    metadata: ["snapshot": "\(path)"])
            case .damaged, .system:
                logger.warning(
                    "index snapshot unusable: \(error.detail); \(next)",
                    metadata: ["snapshot": "\(path)"])
            }
            return nil
        }
    }

    /// Writes `content` (loaded from the text with `key`) in the background once its
    /// lookups (Suggest, frequency lists, entity index) are built and its bodies compressed:
    /// the snapshot holds them too, so that a start from it is fully ready at once. Until then nothing is written;
    /// a daemon stopped before they are built leaves no new snapshot.
    func writeWhenBuilt(_ content: ServingCorpus, key: SnapshotKey) {
        let path = path(forCorpus: content.directory)
        guard !key.isRacy else {
            logger.info(
                """
                index snapshot not written: a corpus file changed less than 50 ms before the \
                load, too recently to tell a later change by its time stamps; the next load \
                from the text writes one
                """,
                metadata: ["snapshot": "\(path)"])
            return
        }
        let logger = self.logger
        let directory = self.directory
        let writes = self.writes
        content.lookupsBuild.whenBuilt { _ in
            content.entityBuild.whenBuilt { _ in
                content.bodiesBuild.whenBuilt { _ in
                    // On the worker that built them: only hand the write over.
                    writes.async {
                        Self.write(
                            content, key: key, to: path, directory: directory, logger: logger)
                    }
                }
            }
        }
    }

    private static func write(
        _ content: ServingCorpus, key: SnapshotKey, to path: String, directory: String,
        logger: Logger
    ) {
        removeAbandonedTemporaries(of: path, in: directory)
        let clock = ContinuousClock()
        let started = clock.now
        guard let lookups = content.builtLookups else {
            preconditionFailure("a snapshot written before its lookups were built")
        }
        do {
            let written = try IndexSnapshot.write(
                corpus: content.corpus, index: content.index, lookups: lookups, key: key,
                to: path)
            logger.info(
                "index snapshot written",
                metadata: [
                    "snapshot": "\(path)", "size": "\(HumanReadable.bytes(written.fileBytes))",
                    "content": "\(HumanReadable.bytes(written.contentBytes))",
                    "write_time": "\(HumanReadable.duration(clock.now - started))",
                ])
        } catch {
            logger.warning(
                """
                cannot write the index snapshot: \(error.detail); serving continues, the next \
                load reads the corpus text again
                """,
                metadata: ["snapshot": "\(error.path)"])
        }
    }

    /// Removes `<snapshot>.tmp-<pid>` files left by writers that died (a crash or a kill
    /// during a write); a live writer's file is left alone.
    private static func removeAbandonedTemporaries(of path: String, in directory: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        let prefix = name + ".tmp-"
        while let entry = readdir(handle) {
            let file = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard file.hasPrefix(prefix), let pid = Int32(file.dropFirst(prefix.count)) else {
                continue
            }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink((directory.hasSuffix("/") ? directory : directory + "/") + file)
            }
        }
    }
}
