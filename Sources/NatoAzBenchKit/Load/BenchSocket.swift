#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking Unix stream socket whose every wait is bounded by `poll(2)`.
///
/// The load driver gives each connection its own thread and this socket: no event loop in the
/// measuring process, so what is measured is the daemon plus the kernel.
/// Writes use `MSG_NOSIGNAL`, so a daemon that goes away is an error, not a SIGPIPE.
final class BenchSocket {
    let path: String
    private let descriptor: Int32

    /// Connects to `path` within `timeoutMilliseconds`.
    init(path: String, timeoutMilliseconds: Int32) throws(LoadError) {
        self.path = path
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let limit = MemoryLayout.size(ofValue: address.sun_path) - 1
        guard !bytes.isEmpty, bytes.count <= limit else {
            throw LoadError("socket path \(path) is empty or longer than \(limit) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        #if canImport(Glibc)
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
            let type = SOCK_STREAM
        #endif
        let descriptor = socket(AF_UNIX, type, 0)
        guard descriptor >= 0 else { throw LoadError("socket(): \(errnoDescription(errno))") }
        // A blocking connect on a Unix socket does not wait for the server to accept, only for
        // backlog room; EAGAIN (backlog full) is retried until the timeout.
        let started = monotonicNanoseconds()
        while true {
            let result = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if result == 0 { break }
            let code = errno
            let elapsed = Int32((monotonicNanoseconds() - started) / 1_000_000)
            if (code == EAGAIN || code == EINTR) && elapsed < timeoutMilliseconds {
                var pause = timespec(tv_sec: 0, tv_nsec: 2_000_000)
                nanosleep(&pause, nil)
                continue
            }
            close(descriptor)
            throw LoadError("cannot connect to \(path): \(errnoDescription(code))")
        }
        // Non-blocking from here on: every wait is a poll(2) with a timeout, so a server that
        // stops reading cannot block a write forever.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes`, waiting at most `timeoutMilliseconds` for room each time.
    func write(_ bytes: [UInt8], timeoutMilliseconds: Int32) throws(LoadError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
                continue
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN {
                try wait(for: Int16(POLLOUT), timeoutMilliseconds: timeoutMilliseconds)
                continue
            }
            if code == EPIPE || code == ECONNRESET {
                throw LoadError(
                    "the server closed the connection (write to \(path): \(errnoDescription(code)))",
                    code: "closed")
            }
            throw LoadError("write to \(path) failed: \(errnoDescription(code))")
        }
    }

    /// Reads what is available into `buffer` (at least one byte), waiting at most
    /// `timeoutMilliseconds`; returns 0 at end of stream.
    func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int32)
        throws(LoadError) -> Int
    {
        while true {
            let count = recv(descriptor, buffer.baseAddress!, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == EAGAIN {
                try wait(for: Int16(POLLIN), timeoutMilliseconds: timeoutMilliseconds)
                continue
            }
            // A peer that closes with our requests unread resets the connection: for the
            // report that is the same event as a close.
            if errno == ECONNRESET { return 0 }
            throw LoadError("read from \(path) failed: \(errnoDescription(errno))")
        }
    }

    private func wait(for events: Int16, timeoutMilliseconds: Int32) throws(LoadError) {
        var descriptor = pollfd(fd: self.descriptor, events: events, revents: 0)
        while true {
            let ready = poll(&descriptor, 1, timeoutMilliseconds)
            if ready > 0 { return }
            if ready == 0 {
                throw LoadError(
                    "no progress on \(path) within \(timeoutMilliseconds) ms", code: "timeout")
            }
            if errno != EINTR { throw LoadError("poll() failed: \(errnoDescription(errno))") }
        }
    }
}

/// Why a connection of the load driver stopped; `code` groups it in the error report.
public struct LoadError: Error, CustomStringConvertible {
    public var description: String
    public var code: String
    /// How many requests it cost: those unanswered when a connection failed, else 1.
    public var requests: Int

    public init(_ description: String, code: String = "transport", requests: Int = 1) {
        self.description = description
        self.code = code
        self.requests = requests
    }
}
