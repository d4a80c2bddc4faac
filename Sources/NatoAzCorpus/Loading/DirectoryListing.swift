#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The entries of one directory, read with `opendir`/`readdir`: every name's bytes in one
/// array, each entry the place of its name there and its type.
///
/// The loader lists a corpus serially before the first file is read, and frees the listing
/// after the last is parsed: with a `String` and an array per name, 100,000 files were 200,000
/// allocations on one thread at each end (about 0.1 s of the load with the other core idle,
/// session 18). Here a name is bytes until someone needs it as a `String`.
struct DirectoryListing {
    struct Entry {
        /// Where the name is in ``DirectoryListing/nameBytes``.
        var nameStart: Int
        var nameCount: Int32
        var isDirectory: Bool
        /// Whether the directory entry says it is a regular file (not a link, device or FIFO).
        var isRegularFile: Bool
    }

    /// The names, one after another.
    private(set) var nameBytes: [UInt8] = []
    /// In the order `readdir` gave them, or by name after ``sortByName()``.
    private(set) var entries: [Entry] = []

    /// Lists `path` (without `.` and `..`).
    init(of path: String) throws(CorpusError) {
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
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
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
            let name = UnsafeRawPointer(entry).advanced(by: nameOffset)
                .assumingMemoryBound(to: CChar.self)
            let count = strlen(name)
            let bytes = UnsafeRawBufferPointer(start: name, count: count)
            if count <= 2, bytes.allSatisfy({ $0 == UInt8(ascii: ".") }) { continue }
            let type = entry.pointee.d_type
            entries.append(
                Entry(
                    nameStart: nameBytes.count, nameCount: Int32(count),
                    isDirectory: type == UInt8(DT_DIR), isRegularFile: type == UInt8(DT_REG)))
            nameBytes.append(contentsOf: bytes)
        }
    }

    /// A listing of `names`, as regular files, in this order (for tests).
    init(names: [[UInt8]]) {
        for name in names {
            entries.append(
                Entry(
                    nameStart: nameBytes.count, nameCount: Int32(name.count), isDirectory: false,
                    isRegularFile: true))
            nameBytes += name
        }
    }

    /// The name bytes of `entry`, valid inside `body`.
    func withName<Result>(
        _ entry: Entry, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result {
        try nameBytes.withUnsafeBufferPointer {
            try body(UnsafeBufferPointer(rebasing: $0[entry.nameStart..<entry.nameEnd]))
        }
    }

    /// Puts the entries in byte order of their names (what `lexicographicallyPrecedes` gives).
    ///
    /// Sorting by that comparison took about 1.7 million generic, byte-by-byte comparisons of
    /// 24-byte names at 100,000 files, serially before the first file is read; here each
    /// name's first 8 bytes are one big-endian number (zero-padded: a name holds no NUL byte,
    /// so a shorter name still sorts first) and only equal numbers compare the rest.
    mutating func sortByName() {
        let entries = self.entries
        let order: [Int] = nameBytes.withUnsafeBufferPointer { names in
            func name(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(
                    rebasing: names[entries[index].nameStart..<entries[index].nameEnd])
            }
            var keys: [(prefix: UInt64, index: Int)] = entries.indices.map {
                (Self.namePrefix(name($0)), $0)
            }
            keys.sort { left, right in
                if left.prefix != right.prefix { return left.prefix < right.prefix }
                return IndexBuilder.compareUTF8(name(left.index), name(right.index)) < 0
            }
            return keys.map(\.index)
        }
        self.entries = order.map { entries[$0] }
    }

    /// The first 8 bytes of `name` as a big-endian number, zero bytes past its end.
    private static func namePrefix(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var prefix: UInt64 = 0
        for position in 0..<8 {
            prefix <<= 8
            if position < name.count { prefix |= UInt64(name[position]) }
        }
        return prefix
    }
}

extension DirectoryListing.Entry {
    /// Where the name ends in ``DirectoryListing/nameBytes``.
    var nameEnd: Int { nameStart + Int(nameCount) }
}
