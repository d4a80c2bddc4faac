#if canImport(Glibc)
    import Glibc
#endif

/// What code this process runs: the executable and every file-backed object it maps (the
/// Swift runtime, libzstd, libstemmer, libutf8proc, libc...), each by device, inode, size
/// and modification time. An upgrade of any of them can change how text is analysed, so a
/// snapshot made by other code is not used.
///
/// Read once at start-up from `/proc/self/maps` (whose lines name the device and inode of
/// each mapping), each path checked with `stat` against them: a file replaced on disk while
/// the process runs (`(deleted)`, or another inode at the path) leaves no identity, and then
/// snapshots are neither used nor written, since the code running is not what the path holds.
public struct ProcessIdentity: Sendable, Hashable {
    /// One line per object, sorted: `path dev inode size mtime_ns`.
    public let objects: [String]

    /// The identity of the running process, or why it cannot be established.
    public static func current() -> Result<ProcessIdentity, SnapshotError> {
        guard let maps = readFile("/proc/self/maps") else {
            return .failure(
                SnapshotError(
                    .system, path: "/proc/self/maps",
                    "cannot read the process's mappings: \(SystemInfo.errorMessage(errno))"))
        }
        var seen: Set<String> = []
        var objects: [String] = []
        for line in maps.split(separator: "\n") {
            // address perms offset dev inode path (the path may hold single spaces).
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, let inode = UInt64(fields[4]), inode != 0 else { continue }
            let path = fields[5...].joined(separator: " ")
            guard path.hasPrefix("/"), seen.insert(path).inserted else { continue }
            if path.hasSuffix(" (deleted)") {
                return .failure(
                    SnapshotError(.outOfDate, path: path, "replaced on disk while running"))
            }
            var info = stat()
            guard stat(path, &info) == 0, UInt64(info.st_ino) == inode else {
                return .failure(
                    SnapshotError(.outOfDate, path: path, "replaced on disk while running"))
            }
            objects.append(
                "\(path) \(info.st_dev) \(info.st_ino) \(info.st_size) "
                    + "\(info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec)")
        }
        guard !objects.isEmpty else {
            return .failure(
                SnapshotError(.system, path: "/proc/self/maps", "lists no mapped files"))
        }
        return .success(ProcessIdentity(objects: objects.sorted()))
    }

    /// A small text file's content (procfs files report size 0: read until the end).
    private static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count < 16 << 20 else { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
