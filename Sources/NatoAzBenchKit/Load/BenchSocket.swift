#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking Unix stream socket whose every wait is bounded by the kernel's socket timeouts
/// (`SO_RCVTIMEO`, `SO_SNDTIMEO`).
///
/// Blocking calls, not non-blocking ones with `poll(2)`: a request/answer round trip then costs
/// the client one `send` and one `recv`, as in redis-benchmark's loop and the C clients,
/// instead of a `recv` that fails with EAGAIN, a `poll` and a second `recv`. The extra
/// syscalls made the client, not the daemon, a third of the measured latency at 1 connection.
///
/// A thread driving one connection blocks in `recv` on it; a thread driving several waits in
/// `poll(2)` first. No event loop in the measuring process, so what is measured is the daemon
/// plus the kernel.
/// Writes use `MSG_NOSIGNAL`, so a daemon that goes away is an error, not a SIGPIPE.
final class BenchSocket {
    let path: String
    /// The connected socket, for `poll(2)` when one thread drives several connections.
    let descriptor: Int32
    /// How long one read or write may wait for progress before it fails.
    private let timeoutMilliseconds: Int32

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
        // Blocking from here on, each wait bounded: a server that stops reading or answering
        // makes the call fail with EAGAIN after the timeout instead of blocking forever.
        var timeout = timeval(
            tv_sec: Int(timeoutMilliseconds / 1000),
            tv_usec: Int(timeoutMilliseconds % 1000) * 1000)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            guard
                setsockopt(
                    descriptor, SOL_SOCKET, option, &timeout,
                    socklen_t(MemoryLayout<timeval>.size)) == 0
            else {
                let code = errno
                close(descriptor)
                throw LoadError("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO): \(errnoDescription(code))")
            }
        }
        self.timeoutMilliseconds = timeoutMilliseconds
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes`, waiting at most `timeoutMilliseconds` for room each time.
    func write(_ bytes: [UInt8]) throws(LoadError) {
        // (`withUnsafeBytes` rethrows untyped errors: the typed one is carried out by hand.)
        var failure: LoadError?
        bytes.withUnsafeBytes { raw in
            do throws(LoadError) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes all of `bytes`, waiting at most `timeoutMilliseconds` for room each time.
    func write(_ bytes: UnsafeRawBufferPointer) throws(LoadError) {
        var offset = 0
        while offset < bytes.count {
            let written = send(
                descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if written > 0 {
                offset += written
                continue
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { throw timedOut() }
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
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        while true {
            let count = recv(descriptor, buffer.baseAddress!, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw timedOut() }
            // A peer that closes with our requests unread resets the connection: for the
            // report that is the same event as a close.
            if errno == ECONNRESET { return 0 }
            throw LoadError("read from \(path) failed: \(errnoDescription(errno))")
        }
    }

    private func timedOut() -> LoadError {
        LoadError("no progress on \(path) within \(timeoutMilliseconds) ms", code: "timeout")
    }
}

/// A run that could not go on: what failed, counted in the report under `code`.
public struct LoadError: Error, CustomStringConvertible {
    public var description: String
    /// The error's name in the report: `transport`, `closed`, `handshake` or `timeout`.
    public var code: String
    /// How many requests it cost: those unanswered when a connection failed, else 1.
    public var requests: Int

    /// An error described in full, counted under `code` for `requests` requests.
    public init(_ description: String, code: String = "transport", requests: Int = 1) {
        self.description = description
        self.code = code
        self.requests = requests
    }
}
