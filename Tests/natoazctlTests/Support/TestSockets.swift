import Foundation
import Glibc
import NatoAzTestSupport

/// Unix sockets in states a client must cope with, built with plain POSIX calls.
enum TestSockets {
    /// A socket file nobody listens on: what a crashed daemon leaves behind.
    static func makeStale(_ path: String) throws {
        close(try UnixSocket.bind(path))
    }

    /// Serves one connection on `path` in a background thread: reads whatever arrives (unless
    /// `readFirst` is false), writes `reply`, closes. Returns the listening fd (close it when
    /// done).
    static func serveOnce(_ path: String, reply: [UInt8], readFirst: Bool = true) throws -> Int32 {
        let listener = try UnixSocket.bind(path, listen: 4)
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
