#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The entries of one directory, read with `opendir`/`readdir`.
enum DirectoryListing {
    struct Entry {
        /// The name, or nil when it is not valid UTF-8.
        var name: String?
        /// The raw name bytes (for reporting a name that is not UTF-8).
        var rawName: [UInt8]
        var isDirectory: Bool
        /// Whether the directory entry says it is a regular file (not a link, device or FIFO).
        var isRegularFile: Bool
    }

    static func entries(of path: String) throws(CorpusError) -> [Entry] {
        guard let directory = opendir(path) else {
            let code = errno
            let kind: CorpusError.Kind
            switch code {
            case ENOENT: kind = .directoryNotFound
            case ENOTDIR: kind = .notADirectory
            case EACCES, EPERM: kind = .permissionDenied
            default: kind = .unreadable
            }
            throw CorpusError(
                kind: kind, path: path, errno: code, systemMessage: SystemInfo.errorMessage(code))
        }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                let code = errno
                if code != 0 {
                    throw CorpusError(
                        kind: .unreadable, path: path, errno: code,
                        systemMessage: SystemInfo.errorMessage(code))
                }
                break
            }
            let rawName = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                Array(bytes.prefix(while: { $0 != 0 }))
            }
            if rawName == [0x2E] || rawName == [0x2E, 0x2E] { continue }
            let name = String(validating: rawName, as: UTF8.self)
            entries.append(
                Entry(
                    name: name, rawName: rawName,
                    isDirectory: entry.pointee.d_type == UInt8(DT_DIR),
                    isRegularFile: entry.pointee.d_type == UInt8(DT_REG)))
        }
        return entries
    }

    /// `entries` in byte order of their raw names (what `lexicographicallyPrecedes` gives).
    ///
    /// Sorting the entries by that comparison took about 1.7 million generic, byte-by-byte
    /// comparisons of 24-byte names at 100,000 files, serially before the first file is read;
    /// here each name's first 8 bytes are one big-endian number (zero-padded: a name holds no
    /// NUL byte, so a shorter name still sorts first) and only equal numbers compare the rest.
    static func sortedByName(_ entries: [Entry]) -> [Entry] {
        var keys: [(prefix: UInt64, index: Int)] = entries.indices.map {
            (namePrefix(entries[$0].rawName), $0)
        }
        keys.sort { left, right in
            if left.prefix != right.prefix { return left.prefix < right.prefix }
            return IndexBuilder.compareUTF8(
                entries[left.index].rawName, entries[right.index].rawName) < 0
        }
        return keys.map { entries[$0.index] }
    }

    /// The first 8 bytes of `name` as a big-endian number, zero bytes past its end.
    private static func namePrefix(_ name: [UInt8]) -> UInt64 {
        var prefix: UInt64 = 0
        for position in 0..<8 {
            prefix <<= 8
            if position < name.count { prefix |= UInt64(name[position]) }
        }
        return prefix
    }
}
