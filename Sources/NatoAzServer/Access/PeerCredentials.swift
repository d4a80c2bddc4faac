#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Who is on the other end of a Unix socket, as the kernel recorded it at connect time
/// (SO_PEERCRED): not forgeable by the client.
public struct PeerCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The peer's process id when it connected (it may have exited since).
    public var pid: Int32
    /// The peer's effective user id, which the access policy checks.
    public var uid: UInt32
    /// The peer's effective group id (its supplementary groups are looked up separately).
    public var gid: UInt32

    /// Credentials as given; the daemon reads them with SO_PEERCRED, tests make their own.
    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    public var description: String { "pid=\(pid) uid=\(uid) gid=\(gid)" }

    /// The credentials of the peer of a connected Unix socket.
    static func of(descriptor fd: CInt) -> PeerCredentials? {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; } (Glibc hides it without _GNU_SOURCE).
        var credentials: (pid: Int32, uid: UInt32, gid: UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0,
            Int(length) == MemoryLayout<(Int32, UInt32, UInt32)>.size
        else {
            return nil
        }
        return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
    }
}
