import Foundation
import NatoAzTestSupport

/// A Unix stream socket with nothing on top: a hostile client sends whatever bytes it likes,
/// stops reading, or half-closes. Every blocking call has a timeout, so no test hangs.
final class RawSocket {
    let fd: Int32
    private(set) var isClosed = false

    /// Connects to `path`; `receiveTimeout` bounds each `receive`.
    init(path: String, receiveTimeout: Duration = .seconds(10)) throws {
        fd = try UnixSocket.connect(to: path, receiveTimeout: receiveTimeout)
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
        UnixSocket.setTimeout(fd, option, duration)
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
