import Foundation
import NatoAzProtocol
import NatoAzTestSupport

/// A minimal blocking client over a plain POSIX Unix socket, using NatoAzProtocol's codecs
/// like any real client would. Every read has a timeout, so a test never hangs.
final class TestClient {
    private let fd: Int32
    private var decoder = FrameDecoder(limits: .standard)
    private let codec = FrameCodec()
    private var nextID: UInt64 = 1

    init(path: String, timeout: Duration = .seconds(30)) throws {
        fd = try UnixSocket.connect(to: path, receiveTimeout: timeout, sendTimeout: timeout)
    }

    deinit {
        close(fd)
    }

    /// Handshake; returns the server's Hello reply.
    @discardableResult
    func hello(compression: Bool = false) throws -> HelloResponse {
        let response = try call(
            .hello(
                HelloRequest(
                    minVersion: 1, maxVersion: 1, compression: compression,
                    clientName: "NatoAzServerTests")))
        guard case .hello(let hello)? = response.body else {
            throw TestFailure("Hello failed: \(response)")
        }
        if compression { codec.enableCompression(dictionary: nil) }
        return hello
    }

    /// Sends one request and waits for its response (no other request may be in flight).
    func call(_ body: Request.Body, deadlineMs: UInt32 = 0) throws -> Response {
        let id = nextID
        nextID += 1
        try send(Request(id: id, deadlineMs: deadlineMs, body: body))
        let response = try receive()
        guard response.id == id else {
            throw TestFailure("asked \(id), got an answer to \(response.id): \(response)")
        }
        return response
    }

    func send(_ request: Request) throws {
        try sendRaw(try codec.encodeFrame(request))
    }

    func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else {
                throw TestFailure("send: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    /// The next response; throws on timeout or when the server closed the connection.
    func receive() throws -> Response {
        while true {
            if let frame = try decoder.nextFrame() {
                return try codec.decode(frame, as: Response.self)
            }
            guard try readSome() else {
                throw TestFailure("the server closed the connection")
            }
        }
    }

    /// Reads until the server closes the connection, returning the responses received on
    /// the way; throws on timeout.
    func receiveUntilClosed() throws -> [Response] {
        var responses: [Response] = []
        while true {
            while let frame = try decoder.nextFrame() {
                responses.append(try codec.decode(frame, as: Response.self))
            }
            guard try readSome() else { return responses }
        }
    }

    /// Shuts down the sending side (the server sees end of input).
    func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    private func readSome() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            decoder.append(chunk[..<count])
            return true
        }
        if count == 0 { return false }
        if errno == ECONNRESET { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK {
            throw TestFailure("no data from the server within the client's receive timeout")
        }
        throw TestFailure("recv: \(String(cString: strerror(errno)))")
    }
}

extension Response {
    /// The error code, or nil for a successful response.
    var errorCode: ErrorCode? { error?.code }
}
