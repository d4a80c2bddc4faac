#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The daemon's listening Unix socket: either bound here or inherited from systemd.
///
/// Binding does what a careful daemon must and `bind(2)` alone does not:
/// - a stale socket file (nobody accepts on it) is replaced, but a live daemon on the path
///   is detected by connecting to it, and refused;
/// - a path that exists and is not a socket is never deleted;
/// - the file gets its mode atomically (umask around bind), so there is no window in which
///   it is more open than configured; then its group is set.
public struct ListeningSocket: Sendable {
    /// The listening descriptor, to hand to `ServerBootstrap.withBoundSocket`.
    public let descriptor: CInt
    /// The path clients connect to.
    public let path: String
    /// Inherited from systemd: the file is systemd's to create and remove.
    public let inherited: Bool
    /// The socket file's identity after bind, so shutdown removes only our own file.
    private let fileIdentity: FileIdentity?

    /// What happened to a previous file at the path, for the log.
    public let replacedStaleSocket: Bool

    /// Uses the systemd-passed socket when there is one, else binds `configuration.socketPath`.
    public static func open(
        configuration: ServerConfiguration, environment: [String: String]
    ) throws(ListenError) -> ListeningSocket {
        if let fd = try SocketActivation.inheritedSocket(environment: environment) {
            let path = SocketActivation.boundPath(fd)
            return ListeningSocket(
                descriptor: fd, path: path.isEmpty ? configuration.socketPath : path,
                inherited: true, fileIdentity: nil, replacedStaleSocket: false)
        }
        return try bind(
            path: configuration.socketPath, mode: configuration.socketMode,
            groupID: configuration.socketGroupID)
    }

    /// Binds and listens on `path`, replacing a stale socket file but refusing a live one.
    public static func bind(path: String, mode: UInt32, groupID: UInt32?) throws(ListenError)
        -> ListeningSocket
    {
        guard !path.isEmpty else { throw ListenError("the socket path is empty") }
        let maximum = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
        guard path.utf8.count <= maximum else {
            throw ListenError(
                "socket path \(path) is \(path.utf8.count) bytes; Unix sockets allow \(maximum)")
        }
        if let slash = path.lastIndex(of: "/"),
            String(path[..<slash]) == privateFallbackDirectory(uid: geteuid())
        {
            try ensurePrivateDirectory(String(path[..<slash]))
        } else {
            try createParentDirectory(of: path)
        }
        let replaced = try removeIfStale(path)

        let fd = socket(AF_UNIX, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ListenError("socket(): \(lastError())") }
        var address = makeAddress(path)
        let previousMask = umask(mode_t(~mode & 0o777))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        let bindErrno = errno
        umask(previousMask)
        guard bound == 0 else {
            close(fd)
            if bindErrno == EADDRINUSE {
                throw ListenError(
                    "\(path) was taken by another process while starting; is a second natoazd "
                        + "starting at the same time?")
            }
            throw ListenError("cannot bind \(path): \(String(cString: strerror(bindErrno)))")
        }
        if let groupID, chown(path, uid_t.max, groupID) != 0 {
            let message = lastError()
            unlink(path)
            close(fd)
            throw ListenError("cannot give \(path) to group \(groupID): \(message)")
        }
        guard listen(fd, 512) == 0 else {
            let message = lastError()
            unlink(path)
            close(fd)
            throw ListenError("cannot listen on \(path): \(message)")
        }
        return ListeningSocket(
            descriptor: fd, path: path, inherited: false, fileIdentity: FileIdentity(path: path),
            replacedStaleSocket: replaced)
    }

    /// Removes the socket file if it is still the one we bound (a newer daemon may have
    /// replaced it). Inherited sockets are left to systemd.
    public func removeFile() {
        guard !inherited, let fileIdentity, FileIdentity(path: path) == fileIdentity else {
            return
        }
        unlink(path)
    }

    // MARK: - Stale or live

    /// Returns true when a stale socket was removed; throws when the path is in use or is
    /// not a socket.
    private static func removeIfStale(_ path: String) throws(ListenError) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return false }
            throw ListenError("cannot inspect \(path): \(lastError())")
        }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw ListenError(
                "\(path) exists and is not a socket; refusing to replace it. Remove it or choose "
                    + "another path with --socket")
        }
        switch probe(path) {
        case .live(let pid):
            let owner = pid.map { " (pid \($0))" } ?? ""
            throw ListenError(
                "another server\(owner) is already listening on \(path); stop it first, or "
                    + "choose another path with --socket")
        case .stale:
            guard unlink(path) == 0 || errno == ENOENT else {
                throw ListenError("cannot remove stale socket \(path): \(lastError())")
            }
            return true
        case .failed(let message):
            throw ListenError("cannot check whether \(path) is in use: \(message)")
        }
    }

    private enum Probe {
        case live(pid: Int32?)
        case stale
        case failed(String)
    }

    /// Connects without blocking: refused means stale; connected or a full backlog means live.
    private static func probe(_ path: String) -> Probe {
        let fd = socket(
            AF_UNIX,
            CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
                | CInt(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return .failed("socket(): \(lastError())") }
        defer { close(fd) }
        var address = makeAddress(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected == 0 {
            return .live(pid: PeerCredentials.of(descriptor: fd)?.pid)
        }
        switch errno {
        case ECONNREFUSED, ENOENT: return .stale
        case EAGAIN, EINPROGRESS: return .live(pid: nil)
        default: return .failed(lastError())
        }
    }

    // MARK: - Helpers

    /// Where a user without `$XDG_RUNTIME_DIR` gets a socket: `/tmp/natoaz-UID`.
    public static func privateFallbackDirectory(uid: UInt32) -> String {
        "/tmp/natoaz-\(uid)"
    }

    /// The fallback directory lives in world-writable /tmp, where anyone could have created
    /// it first: use it only when it is ours and nobody else can write to it.
    private static func ensurePrivateDirectory(_ directory: String) throws(ListenError) {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw ListenError("cannot create \(directory): \(lastError())")
        }
        var info = stat()
        guard lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ListenError("\(directory) is not a directory; remove it or pass --socket")
        }
        guard info.st_uid == geteuid(), info.st_mode & 0o022 == 0 else {
            throw ListenError(
                "\(directory) belongs to uid \(info.st_uid) or is writable by others; refusing "
                    + "to put the socket there. Remove it, set XDG_RUNTIME_DIR, or pass --socket")
        }
    }

    private static func createParentDirectory(of path: String) throws(ListenError) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let parent = String(path[..<slash])
        var info = stat()
        if stat(parent, &info) == 0 { return }
        try createParentDirectory(of: parent)
        guard mkdir(parent, 0o755) == 0 || errno == EEXIST else {
            throw ListenError("cannot create directory \(parent) for the socket: \(lastError())")
        }
    }

    static func makeAddress(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
        }
        return address
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// A file's device and inode, to tell whether a path still names the same file.
private struct FileIdentity: Sendable, Hashable {
    let device: UInt64
    let inode: UInt64

    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
