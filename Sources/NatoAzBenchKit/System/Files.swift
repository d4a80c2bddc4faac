#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small POSIX file helpers; no Foundation, so the bench tool starts as fast as the client.
enum Files {
    /// Creates `path` and its missing parents (like `mkdir -p`).
    static func makeDirectories(_ path: String) throws(FileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw FileError(path: prefix, action: "create the directory", code: errno)
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw FileError(path: path, action: "inspect", code: errno)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw FileError(path: path, action: "use as a directory", code: ENOTDIR)
        }
    }

    /// The names in a directory, without `.` and `..`.
    static func names(in path: String) throws(FileError) -> [String] {
        guard let directory = opendir(path) else {
            throw FileError(path: path, action: "list", code: errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Writes `bytes` to `path`, replacing it.
    static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileError(path: path, action: "create", code: errno) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = posixWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw FileError(path: path, action: "write", code: failure) }
    }

    /// Reads a whole file.
    static func read(_ path: String, limit: Int = 1 << 30) throws(FileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, action: "open", code: errno) }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes {
                posixRead(descriptor, $0.baseAddress!, $0.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, action: "read", code: errno)
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
            if result.count > limit {
                throw FileError(
                    path: path, action: "read (larger than \(limit) bytes)", code: EFBIG)
            }
        }
    }
}

/// A file operation that failed: which file, what was being done, and the system's reason.
public struct FileError: Error, CustomStringConvertible {
    /// The file or directory concerned.
    public var path: String
    /// What was being done, as a verb phrase (`create`, `write`, ...).
    public var action: String
    /// The `errno` of the failed call.
    public var code: Int32

    public var description: String { "cannot \(action) \(path): \(errnoDescription(code))" }
}

// File-scope wrappers: inside `Files`, `write` and `read` name the static methods.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func posixRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, bytes, count)
}
