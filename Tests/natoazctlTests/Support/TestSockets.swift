import Foundation
import Glibc

/// Unix sockets in states a client must cope with, built with plain POSIX calls.
enum TestSockets {
    /// A bound socket fd at `path`; listening when `backlog` is given.
    static func bind(_ path: String, listen backlog: Int32? = nil) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        if let backlog { Glibc.listen(descriptor, backlog) }
        return descriptor
    }

    /// A socket file nobody listens on: what a crashed daemon leaves behind.
    static func makeStale(_ path: String) throws {
        close(try bind(path))
    }

    /// Serves one connection on `path` in a background thread: reads whatever arrives (unless
    /// `readFirst` is false), writes `reply`, closes. Returns the listening fd (close it when
    /// done).
    static func serveOnce(_ path: String, reply: [UInt8], readFirst: Bool = true) throws -> Int32 {
        let listener = try bind(path, listen: 4)
        let thread = Thread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            if readFirst { _ = read(connection, &buffer, buffer.count) }
            _ = reply.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            close(connection)
        }
        thread.start()
        return listener
    }
}
