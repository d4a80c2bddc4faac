import Glibc

/// A connected, non-blocking Unix stream socket with deadline-bounded reads and writes.
///
/// Plain POSIX (`socket`, `connect`, `poll`, `read`, `send`): the thin client needs no event loop.
/// Every wait goes through `poll(2)` with the caller's `Deadline`, so no call can hang.
/// Writes use `MSG_NOSIGNAL`: a daemon that goes away yields an error, not a SIGPIPE.
public final class UnixSocketConnection {
    /// The socket path this connection was made to.
    public let path: String
    private let descriptor: Int32
    /// One read buffer for the connection's lifetime, so reads do not allocate.
    private let scratch: UnsafeMutableRawBufferPointer

    /// Connects to the Unix stream socket at `path`, giving up at `deadline`.
    public init(path: String, deadline: Deadline) throws(ConnectionError) {
        self.path = path
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let limit = MemoryLayout.size(ofValue: address.sun_path) - 1
        let pathBytes = Array(path.utf8)
        guard !pathBytes.isEmpty, pathBytes.count <= limit else {
            throw .pathTooLong(path: path, limit: limit)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }

        let type =
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            | Int32(SOCK_NONBLOCK.rawValue)
        let descriptor = socket(AF_UNIX, type, 0)
        guard descriptor >= 0 else {
            throw .system(path: path, operation: "socket", errno: errno)
        }
        do throws(ConnectionError) {
            try Self.connect(descriptor, to: &address, path: path, deadline: deadline)
        } catch {
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        self.scratch = .allocate(byteCount: 65_536, alignment: 8)
    }

    deinit {
        close(descriptor)
        scratch.deallocate()
    }

    private static func connect(
        _ descriptor: Int32, to address: inout sockaddr_un, path: String, deadline: Deadline
    ) throws(ConnectionError) {
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        while true {
            let result = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, length)
                }
            }
            if result == 0 { return }
            let code = errno
            switch code {
            case EINTR:
                continue
            case EAGAIN:
                // Linux: the listener's backlog is full. Retry briefly until the deadline.
                if deadline.hasPassed { throw .backlogFull(path: path) }
                var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
                nanosleep(&pause, nil)
            case EINPROGRESS:
                try waitForConnect(descriptor, path: path, deadline: deadline)
                return
            default:
                throw classify(connectErrno: code, path: path)
            }
        }
    }

    private static func waitForConnect(
        _ descriptor: Int32, path: String, deadline: Deadline
    ) throws(ConnectionError) {
        guard try poll(descriptor, events: Int16(POLLOUT), path: path, deadline: deadline) != 0
        else { throw .timedOut(path: path, phase: .connect) }
        var failure: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &size)
        if failure != 0 { throw classify(connectErrno: failure, path: path) }
    }

    /// Turns a failed `connect(2)` into the case that tells the user what to fix.
    static func classify(connectErrno code: Int32, path: String) -> ConnectionError {
        switch code {
        case ENOENT:
            let directory = parentDirectory(of: path)
            return isDirectory(directory)
                ? .socketMissing(path: path) : .directoryMissing(path: path, directory: directory)
        case ENOTDIR:
            return .directoryMissing(path: path, directory: parentDirectory(of: path))
        case ECONNREFUSED, ENOTSOCK, EPROTOTYPE:
            return isSocket(path) ? .refused(path: path) : .notASocket(path: path)
        case EACCES, EPERM:
            return .permissionDenied(path: path)
        default:
            return .system(path: path, operation: "connect", errno: code)
        }
    }

    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func fileType(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT
    }

    private static func isDirectory(_ path: String) -> Bool { fileType(path) == S_IFDIR }
    private static func isSocket(_ path: String) -> Bool { fileType(path) == S_IFSOCK }

    /// Waits until the socket is ready for `events`; returns the ready events, 0 on timeout.
    private static func poll(
        _ descriptor: Int32, events: Int16, path: String, deadline: Deadline
    ) throws(ConnectionError) -> Int16 {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        while true {
            let ready = Glibc.poll(&entry, 1, deadline.pollTimeout)
            if ready > 0 { return entry.revents }
            if ready == 0 { return 0 }
            if errno == EINTR { continue }
            throw .system(path: path, operation: "poll", errno: errno)
        }
    }

    /// Readiness reported by `waitUntilReady`.
    public struct Readiness: Sendable {
        /// Bytes (or end of stream) can be read without blocking.
        public var readable: Bool
        /// Some bytes can be written without blocking.
        public var writable: Bool
    }

    /// Waits until the socket can be read, or written when `wantWrite`, or the deadline passes.
    ///
    /// Pipelining needs both at once: a client that only writes while the daemon's replies pile
    /// up would be disconnected as a reader that does not read.
    public func waitUntilReady(wantWrite: Bool, deadline: Deadline, phase: ConnectionError.Phase)
        throws(ConnectionError) -> Readiness
    {
        var events = Int16(POLLIN)
        if wantWrite { events |= Int16(POLLOUT) }
        let revents = try Self.poll(descriptor, events: events, path: path, deadline: deadline)
        if revents == 0 { throw .timedOut(path: path, phase: phase) }
        let failed = revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0
        return Readiness(
            readable: revents & Int16(POLLIN) != 0 || failed,
            writable: revents & Int16(POLLOUT) != 0 || failed
        )
    }

    /// Writes as much of `bytes` as the socket takes now; returns the count (0 if it is full).
    public func writeAvailable(_ bytes: ArraySlice<UInt8>) throws(ConnectionError) -> Int {
        while true {
            let written = bytes.withUnsafeBytes { raw in
                send(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if written >= 0 { return written }
            switch errno {
            case EINTR: continue
            case EAGAIN: return 0
            case EPIPE, ECONNRESET: throw .closedByPeer(path: path)
            case let code: throw .system(path: path, operation: "send", errno: code)
            }
        }
    }

    /// Reads what is available into `buffer` (appending); returns the count, or `nil` at end
    /// of stream. Returns 0 when nothing is available yet.
    public func readAvailable(into buffer: inout [UInt8]) throws(ConnectionError) -> Int? {
        while true {
            let count = Glibc.read(descriptor, scratch.baseAddress, scratch.count)
            if count > 0 {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
                return count
            }
            if count == 0 { return nil }
            switch errno {
            case EINTR: continue
            case EAGAIN: return 0
            case ECONNRESET: throw .closedByPeer(path: path)
            case let code: throw .system(path: path, operation: "read", errno: code)
            }
        }
    }

    /// Writes all of `bytes`, waiting for room until `deadline`.
    public func writeAll(_ bytes: [UInt8], deadline: Deadline) throws(ConnectionError) {
        var offset = 0
        while offset < bytes.count {
            let written = try writeAvailable(bytes[offset...])
            offset += written
            if written == 0 {
                let ready = try Self.poll(
                    descriptor, events: Int16(POLLOUT), path: path, deadline: deadline)
                if ready == 0 { throw .timedOut(path: path, phase: .send) }
            }
        }
    }

    /// Reads at least one byte into `buffer`, waiting until `deadline`; `nil` at end of stream.
    public func read(
        into buffer: inout [UInt8], deadline: Deadline, phase: ConnectionError.Phase
    ) throws(ConnectionError) -> Int? {
        while true {
            guard let count = try readAvailable(into: &buffer) else { return nil }
            if count > 0 { return count }
            let ready = try Self.poll(
                descriptor, events: Int16(POLLIN), path: path, deadline: deadline)
            if ready == 0 { throw .timedOut(path: path, phase: phase) }
        }
    }
}

@available(*, unavailable)
extension UnixSocketConnection: Sendable {}
