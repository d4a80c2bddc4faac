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
}
