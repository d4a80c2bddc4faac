#if canImport(Glibc)
    import Glibc
#endif

/// A loaded corpus and its search index saved to one file, so that a later load of the same
/// input reopens them instead of parsing and indexing the text again.
///
/// File layout (integers little-endian):
///
/// ```
/// offset 0   "NATOAZSN"          magic, 8 bytes
///        8   format version      UInt32 (``formatVersion``)
///       12   reserved            UInt32, 0
///       16   content length      UInt64: bytes of the content below, decompressed
///       24   zstd frame          with the content checksum flag (XXH64, checked on read):
///            +----------------------------------------------------------------+
///            | key       process, options, listing (see SnapshotKey), digest  |
///            | report    the LoadReport (see Snapshot+LoadReport)             |
///            | analysis  AnalysisOptions                                      |
///            | documents columns, bytes, body dictionary (Snapshot+Documents) |
///            | index     every IndexStorage structure (Snapshot+Index)        |
///            | lookups   Suggest, frequency lists, entities (Snapshot+Lookups)  |
///            | end       "NATOAZ.." end marker, UInt64                        |
///            +----------------------------------------------------------------+
/// ```
///
/// **Used only when nothing changed:** ``read(from:key:)`` compares the stored key with the
/// key of the load about to happen (``SnapshotKey``) before it reads anything else.
///
/// **Damage is detected, never trusted:** a wrong magic or version, a short file, a count or
/// offset that does not fit, a checksum mismatch or bytes after the frame each end the read
/// with a ``SnapshotError`` (`.damaged`), and nothing of the file is used. Counts are checked
/// against the declared content length before anything is allocated; offsets that the
/// readers index with (string starts, posting offsets, the trie's links, checkpoints,
/// per-document runs and fields) are checked before the structures are made. The posting
/// lists' own bytes are protected by the checksum only (checking them would cost as much as
/// building them).
///
/// **Everything a generation serves:** the lookups built from the index after a load
/// (``SnapshotLookups``) are stored too, so a start from the snapshot is fully ready at once;
/// the daemon therefore writes the snapshot once they are built.
///
/// **Written whole or not at all:** ``write(corpus:index:lookups:key:to:)`` writes a
/// temporary file next to the target, syncs it and renames it over the target, then syncs
/// the directory.
public enum IndexSnapshot {
    /// Raised whenever what is stored, or how, changes (2: the lookups section; 3: the UTF-32
    /// repair in the load report; 4: the unmarked-UTF-32 rejection). An older file is
    /// `.outOfDate`: the corpus loads from the text and a new snapshot replaces it.
    public static let formatVersion: UInt32 = 4
    static let magic = Array("NATOAZSN".utf8)
    static let headerSize = 24
    static let endMarker: UInt64 = 0x2E2E_5A41_4F54_414E  // "NATOAZ.." little-endian

    /// What a write produced.
    public struct Written: Sendable {
        /// Bytes of the file.
        public var fileBytes: Int
        /// Bytes of the content before compression.
        public var contentBytes: Int
    }

    /// The snapshot's file name for a corpus directory (one file per directory, so daemons
    /// serving different corpora can share a cache directory).
    public static func fileName(forDirectory directory: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in directory.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return "corpus-" + String(repeating: "0", count: 16 - hex.count) + hex + ".snapshot"
    }

    /// Writes `corpus`, `index` (built from it) and `lookups` (built from that) with `key` to
    /// `path`, atomically. The snapshot holds compressed bodies: if a load from the text left
    /// them plain, they are compressed first (``Corpus/compressBodies(parallelism:)``).
    @discardableResult
    public static func write(
        corpus: Corpus, index: SearchIndex, lookups: SnapshotLookups, key: SnapshotKey,
        to path: String
    ) throws(SnapshotError) -> Written {
        corpus.compressBodies()
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SnapshotError(
                .system, path: temporary, "cannot create: \(SystemInfo.errorMessage(errno))")
        }
        var renamed = false
        defer {
            close(descriptor)
            if !renamed { unlink(temporary) }
        }
        let placeholder = [UInt8](repeating: 0, count: headerSize)
        try writeHeader(placeholder, descriptor: descriptor, path: temporary)
        let output = try SnapshotOutput(descriptor: descriptor, path: temporary)
        try output.write(array: key.process)
        try output.write(array: key.options)
        try output.write(array: key.listing)
        try output.write(key.digest)
        try output.write(report: corpus.report)
        try output.write(UInt8(index.analysisOptions.azerbaijaniStemmer == .turkish ? 1 : 0))
        do {
            try output.write(documents: corpus.documents)
        } catch {
            throw SnapshotError(error.kind, path: temporary, error.detail)
        }
        try output.write(storage: index.storage)
        try output.write(lookups: lookups)
        try output.write(endMarker)
        try output.finish()
        var header = magic
        withUnsafeBytes(of: formatVersion.littleEndian) { header.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(0)) { header.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(output.contentCount).littleEndian) {
            header.append(contentsOf: $0)
        }
        try writeHeader(header, descriptor: descriptor, path: temporary)
        guard fsync(descriptor) == 0 else {
            throw SnapshotError(
                .system, path: temporary, "cannot sync: \(SystemInfo.errorMessage(errno))")
        }
        guard rename(temporary, path) == 0 else {
            throw SnapshotError(
                .system, path: path, "cannot rename into place: \(SystemInfo.errorMessage(errno))")
        }
        renamed = true
        syncDirectory(of: path)
        return Written(
            fileBytes: headerSize + output.writtenCount, contentBytes: output.contentCount)
    }

    /// The corpus, index and lookups stored at `path`, if it was written with `key`. Its
    /// report's `elapsed` is the time this read took; its index has no synonyms (they are read
    /// with the alias table at each load and applied to queries: see
    /// ``SearchIndex/with(synonyms:)``); its lookups read that index. `writtenAtUnixMilliseconds`
    /// is the file's modification time (when it was written).
    public static func read(from path: String, key: SnapshotKey) throws(SnapshotError) -> (
        corpus: Corpus, index: SearchIndex, lookups: SnapshotLookups,
        writtenAtUnixMilliseconds: UInt64
    ) {
        let clock = ContinuousClock()
        let started = clock.now
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw SnapshotError(
                code == ENOENT ? .missing : .system, path: path,
                code == ENOENT ? "no snapshot yet" : "cannot open: \(SystemInfo.errorMessage(code))"
            )
        }
        defer { close(descriptor) }
        var status = stat()
        let written =
            fstat(descriptor, &status) == 0
            ? UInt64(max(0, status.st_mtim.tv_sec)) * 1000
                + UInt64(max(0, status.st_mtim.tv_nsec)) / 1_000_000 : 0
        let contentCount = try readHeader(descriptor: descriptor, path: path)
        let input = try SnapshotInput(
            descriptor: descriptor, path: path, contentCount: contentCount)
        let stored = SnapshotKey(
            process: try input.readBytes(), options: try input.readBytes(),
            listing: try input.readBytes(), entryCount: 0, isRacy: false)
        guard try input.read(UInt64.self) == stored.digest else {
            throw input.damaged("its key does not match the key's hash")
        }
        if let difference = key.difference(from: stored) {
            throw SnapshotError(.outOfDate, path: path, difference)
        }
        let report = try input.readReport(elapsed: .zero)
        let analysis = AnalysisOptions(
            azerbaijaniStemmer: try input.read(UInt8.self) == 1 ? .turkish : .none)
        let documents = try input.readDocuments()
        guard report.loaded == documents.count else {
            throw input.damaged(
                "the report counts \(report.loaded) documents, there are \(documents.count)")
        }
        let storage = try input.readStorage(documentCount: documents.count)
        let index = SearchIndex(
            documents: documents, analysis: analysis, synonyms: SynonymTable(), storage: storage)
        let lookups = try input.readLookups(index: index)
        guard try input.read(UInt64.self) == endMarker else {
            throw input.damaged("the end marker is missing")
        }
        try input.finish()
        var timed = report
        timed.elapsed = clock.now - started
        return (Corpus(packed: documents, report: timed), index, lookups, written)
    }

    private static func readHeader(descriptor: Int32, path: String) throws(SnapshotError) -> Int {
        var header = [UInt8](repeating: 0, count: headerSize)
        var filled = 0
        while filled < headerSize {
            let count = header.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress! + filled, headerSize - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw SnapshotError(
                    .damaged, path: path,
                    count == 0
                        ? "truncated: shorter than its header"
                        : "cannot read: \(SystemInfo.errorMessage(errno))")
            }
            filled += count
        }
        guard Array(header[0..<8]) == magic else {
            throw SnapshotError(.damaged, path: path, "not a natoaz snapshot (wrong magic)")
        }
        let version = header.withUnsafeBytes {
            UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        }
        guard version == formatVersion else {
            throw SnapshotError(
                .outOfDate, path: path,
                "format version \(version); this natoazd reads version \(formatVersion)")
        }
        let length = header.withUnsafeBytes {
            UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        }
        let memory =
            UInt64(max(0, sysconf(Int32(_SC_PHYS_PAGES))))
            &* UInt64(max(0, sysconf(Int32(_SC_PAGESIZE))))
        guard length <= memory, length <= UInt64(Int.max) else {
            throw SnapshotError(
                .damaged, path: path,
                "declares \(length) bytes of content, more than this machine's memory")
        }
        return Int(length)
    }

    private static func writeHeader(_ header: [UInt8], descriptor: Int32, path: String)
        throws(SnapshotError)
    {
        let written = header.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == header.count else {
            throw SnapshotError(
                .system, path: path, "cannot write: \(SystemInfo.errorMessage(errno))")
        }
        if lseek(descriptor, 0, SEEK_END) < 0 {
            throw SnapshotError(
                .system, path: path, "cannot seek: \(SystemInfo.errorMessage(errno))")
        }
    }

    /// Makes the rename durable (best effort: a failure leaves the old or new file, both whole).
    private static func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let descriptor = open(
            directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
