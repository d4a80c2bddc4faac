#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// systemd socket activation (sd_listen_fds(3)), without libsystemd.
///
/// systemd passes listening sockets starting at fd 3 and sets `LISTEN_PID` to our pid and
/// `LISTEN_FDS` to their number. The inherited fd is only used after checking it really is a
/// listening Unix stream socket, so a misconfigured unit fails loudly at start-up instead of
/// serving on the wrong kind of socket.
public enum SocketActivation {
    /// The first passed fd (SD_LISTEN_FDS_START).
    static let firstDescriptor: CInt = 3

    /// The inherited listening socket, or nil when the process was not socket-activated.
    ///
    /// Unsets `LISTEN_PID`, `LISTEN_FDS` and `LISTEN_FDNAMES` so children do not inherit
    /// them (as `sd_listen_fds(1)` does).
    static func inheritedSocket(environment: [String: String]) throws(ListenError) -> CInt? {
        guard let fdsText = environment["LISTEN_FDS"] else { return nil }
        defer {
            unsetenv("LISTEN_PID")
            unsetenv("LISTEN_FDS")
            unsetenv("LISTEN_FDNAMES")
        }
        guard let pidText = environment["LISTEN_PID"], let pid = Int32(pidText) else {
            throw ListenError("LISTEN_FDS is set but LISTEN_PID is missing or not a number")
        }
        guard pid == getpid() else {
            // Meant for another process (e.g. our parent): not ours to use.
            return nil
        }
        guard let count = Int(fdsText), count >= 1 else {
            throw ListenError("LISTEN_FDS='\(fdsText)': expected a number of sockets >= 1")
        }
        guard count == 1 else {
            throw ListenError(
                "systemd passed \(count) sockets; natoazd listens on exactly one "
                    + "(one ListenStream= in natoazd.socket)")
        }
        let fd = firstDescriptor
        try checkListeningUnixStream(fd)
        // Passed fds have no close-on-exec flag; set it so nothing we spawn inherits it.
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// Throws unless `fd` is a listening AF_UNIX SOCK_STREAM socket.
    static func checkListeningUnixStream(_ fd: CInt) throws(ListenError) {
        var type: CInt = 0
        var length = socklen_t(MemoryLayout<CInt>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 else {
            throw ListenError(
                "inherited fd \(fd) is not a socket: \(String(cString: strerror(errno)))")
        }
        guard type == CInt(SOCK_STREAM.rawValue) else {
            throw ListenError(
                "inherited fd \(fd) is not a stream socket (SO_TYPE \(type)); use ListenStream=")
        }
        var accepting: CInt = 0
        length = socklen_t(MemoryLayout<CInt>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0, accepting != 0
        else {
            throw ListenError(
                "inherited fd \(fd) is not listening; set Accept=no in natoazd.socket")
        }
        var address = sockaddr_storage()
        length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            throw ListenError("getsockname on fd \(fd): \(String(cString: strerror(errno)))")
        }
        guard address.ss_family == sa_family_t(AF_UNIX) else {
            throw ListenError(
                "inherited fd \(fd) is not a Unix socket (family \(address.ss_family)); "
                    + "ListenStream= must be a path")
        }
    }

    /// The path a Unix socket is bound to ("" for an unnamed one, "@name" for abstract).
    static func boundPath(_ fd: CInt) -> String {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return "" }
        let pathLength = Int(length) - MemoryLayout<sa_family_t>.size
        guard pathLength > 0 else { return "" }
        return withUnsafeBytes(of: address.sun_path) { raw in
            let bytes = Array(raw.prefix(pathLength))
            if bytes.first == 0 {
                return "@" + String(decoding: bytes.dropFirst(), as: UTF8.self)
            }
            return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
