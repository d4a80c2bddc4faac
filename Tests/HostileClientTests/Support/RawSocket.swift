import Foundation

/// A Unix stream socket with nothing on top: a hostile client sends whatever bytes it likes,
/// stops reading, or half-closes. Every blocking call has a timeout, so no test hangs.
final class RawSocket {
    let fd: Int32
    private(set) var isClosed = false

    /// Connects to `path`; `receiveTimeout` bounds each `receive`.
    init(path: String, receiveTimeout: Duration = .seconds(10)) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(String(cString: strerror(errno)))") }
        setTimeout(SO_RCVTIMEO, receiveTimeout)
        setTimeout(SO_SNDTIMEO, .seconds(10))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8.prefix(raw.count - 1)))
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestFailure("connect \(path): \(String(cString: strerror(code)))")
        }
    }

    deinit {
        close()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    func setTimeout(_ option: Int32, _ duration: Duration) {
        var value = timeval(
            tv_sec: Int(duration.components.seconds),
            tv_usec: Int(duration.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends all of `bytes`; returns false when the server closed (EPIPE, ECONNRESET).
    @discardableResult
    func send(_ bytes: [UInt8]) throws -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
                continue
            }
            if errno == EPIPE || errno == ECONNRESET { return false }
            throw TestFailure("send: \(String(cString: strerror(errno)))")
        }
        return true
    }

    /// Sends as much of `bytes` as the socket takes without blocking; returns the count sent.
    func sendWithoutBlocking(_ bytes: ArraySlice<UInt8>) -> Int {
        let sent = bytes.withUnsafeBytes {
            Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        return max(sent, 0)
    }

    /// Up to 64 KiB: the bytes read, [] at end of stream (or a reset); throws on timeout.
    func receive() throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return Array(chunk[..<count]) }
        if count == 0 || errno == ECONNRESET { return [] }
        if errno == EAGAIN || errno == EWOULDBLOCK {
            throw TestFailure("nothing from the server within the receive timeout")
        }
        throw TestFailure("recv: \(String(cString: strerror(errno)))")
    }

    /// Everything the server sends until it closes; throws if it does not close in time.
    func receiveUntilClosed() throws -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = try receive()
            if chunk.isEmpty { return all }
            all += chunk
        }
    }

    /// Half-close: the server sees the end of input, the client can still read.
    func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }
}
