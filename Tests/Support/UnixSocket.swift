import Foundation

/// Plain POSIX Unix stream sockets for test clients and peers.
public enum UnixSocket {
    /// A socket connected to `path`, with `timeout` on every send and receive, so a test
    /// using it never hangs. The caller closes it.
    public static func connect(
        to path: String, receiveTimeout: Duration = .seconds(10),
        sendTimeout: Duration = .seconds(10)
    ) throws -> Int32 {
        try socket(at: path, "connect") { descriptor, address, length in
            setTimeout(descriptor, SO_RCVTIMEO, receiveTimeout)
            setTimeout(descriptor, SO_SNDTIMEO, sendTimeout)
            return Glibc.connect(descriptor, address, length)
        }
    }

    /// A socket bound to `path`, listening when `backlog` is given. The caller closes it.
    public static func bind(_ path: String, listen backlog: Int32? = nil) throws -> Int32 {
        let descriptor = try socket(at: path, "bind") { Glibc.bind($0, $1, $2) }
        if let backlog { Glibc.listen(descriptor, backlog) }
        return descriptor
    }

    /// A new stream socket on which `operation` (connect or bind) to `path` succeeded.
    private static func socket(
        at path: String, _ name: String,
        _ operation: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) throws -> Int32 {
        let descriptor = Glibc.socket(
            AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw TestFailure("socket: \(String(cString: strerror(errno)))")
        }
        var address = Self.address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                operation(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw TestFailure("\(name) \(path): \(String(cString: strerror(code)))")
        }
        return descriptor
    }

    /// Sets a send or receive timeout (`SO_SNDTIMEO`, `SO_RCVTIMEO`) on `descriptor`.
    public static func setTimeout(_ descriptor: Int32, _ option: Int32, _ duration: Duration) {
        var value = timeval(
            tv_sec: Int(duration.components.seconds),
            tv_usec: Int(duration.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// `sockaddr_un` for `path` (cut to fit; tests keep their paths short).
    static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8.prefix(raw.count - 1)))
        }
        return address
    }
}
