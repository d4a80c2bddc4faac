#if canImport(Glibc)
    import Glibc
#endif

/// Everything a loaded corpus and its index depend on, so that a snapshot is used only when
/// all of it is unchanged (any difference means a load from the text; a stale index is never
/// served):
///
/// - `process`: the code (``ProcessIdentity``), the snapshot format version and the
///   analysis version (``AnalysisOptions/version``; the code's identity changes with it in
///   practice, but a snapshot must not depend on file times to be refused);
/// - `options`: the corpus directory as given, the load options that change what loads
///   (`maxFileBytes`) and the analysis options;
/// - `listing`: every entry of the corpus directory, sorted by name, with what `stat` says
///   of it (device, inode, mode, size, modification and change times in nanoseconds), or the
///   error `stat` gave. A file edited, added, removed, renamed or replaced changes it; `touch`
///   changes the change time even when it restores the modification time.
///
/// The listing is taken before the load reads any file, so a snapshot never holds older text
/// than its key describes; a file changed after the listing changes the key the next load
/// computes. See ``isRacy`` for the one window `stat` cannot see.
public struct SnapshotKey: Sendable, Hashable {
    let process: [UInt8]
    let options: [UInt8]
    let listing: [UInt8]
    /// Entries in the listing.
    public let entryCount: Int
    /// Some entry's change time lies within ``racyWindow`` of the listing: a second change in
    /// the same file-system clock tick would leave `stat` unchanged, so a snapshot of this
    /// load is not written (the next load lists it again).
    public let isRacy: Bool

    /// File-system timestamps advance in clock ticks (1-10 ms on Linux); this covers several.
    public static let racyWindowNanoseconds: Int64 = 50_000_000

    /// The key of loading `directory` with `options` and `analysis` in a process of identity
    /// `process`.
    public static func make(
        directory: String, options: LoadOptions, analysis: AnalysisOptions,
        process: ProcessIdentity
    ) throws(SnapshotError) -> SnapshotKey {
        try make(
            directory: directory, options: options, analysis: analysis, process: process,
            analysisVersion: AnalysisOptions.version)
    }

    /// ``make(directory:options:analysis:process:)`` as another analysis version would
    /// make it (tests check that a snapshot of older analysis is refused).
    static func make(
        directory: String, options: LoadOptions, analysis: AnalysisOptions,
        process: ProcessIdentity, analysisVersion: UInt32
    ) throws(SnapshotError) -> SnapshotKey {
        var processBytes: [UInt8] = []
        append(UInt64(IndexSnapshot.formatVersion), to: &processBytes)
        append(UInt64(analysisVersion), to: &processBytes)
        for object in process.objects { append(object, to: &processBytes) }

        var optionBytes: [UInt8] = []
        append(directory, to: &optionBytes)
        append(UInt64(options.maxFileBytes), to: &optionBytes)
        append(UInt64(analysis.azerbaijaniStemmer == .turkish ? 1 : 0), to: &optionBytes)

        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let listedAt = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        var listing: DirectoryListing
        do {
            listing = try DirectoryListing(of: directory)
        } catch {
            throw SnapshotError(.system, path: directory, "cannot list: \(error)")
        }
        // The loader's order (``DirectoryListing/sortByName()``: the same as
        // `lexicographicallyPrecedes`, a third of the instructions).
        listing.sortByName()
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var listingBytes: [UInt8] = []
        listingBytes.reserveCapacity(listing.entries.count * 72)
        var racy = false
        // One path buffer, the directory's prefix kept and each name put after it: a new
        // array per file was about a third of the rest of the key's instructions.
        var path = Array(prefix.utf8)
        let prefixCount = path.count
        for entry in listing.entries {
            listing.withName(entry) { name in
                append(UInt64(name.count), to: &listingBytes)
                listingBytes.append(contentsOf: name)
                path.removeSubrange(prefixCount...)
                path.append(contentsOf: name)
            }
            path.append(0)
            var info = stat()
            let status = path.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { stat($0.baseAddress!, &info) }
            }
            guard status == 0 else {
                append(UInt64(0), to: &listingBytes)
                append(UInt64(UInt32(bitPattern: errno)), to: &listingBytes)
                continue
            }
            let changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
            let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            if changed > listedAt - racyWindowNanoseconds { racy = true }
            append(UInt64(1), to: &listingBytes)
            for value in [
                UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_mode),
                UInt64(info.st_size), UInt64(bitPattern: modified), UInt64(bitPattern: changed),
            ] {
                append(value, to: &listingBytes)
            }
        }
        return SnapshotKey(
            process: processBytes, options: optionBytes, listing: listingBytes,
            entryCount: listing.entries.count, isRacy: racy)
    }

    /// A hash of the three parts, stored after them, so that damage to a stored key reads as
    /// damage rather than as a change of input (the frame's checksum is checked only at its
    /// end, and a key that differs ends the read long before).
    var digest: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [process, options, listing] {
            for byte in part { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ UInt64(part.count)) &* 0x100_0000_01b3
        }
        return hash
    }

    /// What differs from `stored` (the key a snapshot was made with), or nil if nothing.
    func difference(from stored: SnapshotKey) -> String? {
        if process != stored.process {
            return "it was made by another build of natoazd or with other libraries"
        }
        if options != stored.options { return "it was made with other load options" }
        if listing != stored.listing {
            return "the corpus directory changed (a file was edited, added, removed or touched)"
        }
        return nil
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func append(_ string: String, to bytes: inout [UInt8]) {
        append(UInt64(string.utf8.count), to: &bytes)
        bytes.append(contentsOf: string.utf8)
    }
}
