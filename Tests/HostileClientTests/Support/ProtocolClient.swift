import Foundation
import NatoAzProtocol
import NatoAzTestSupport

/// A well-behaved client over a `RawSocket`, using NatoAzProtocol's codecs as any real client
/// would: the handshake, one call at a time, or many pipelined.
final class ProtocolClient {
    let socket: RawSocket
    private var decoder = FrameDecoder(limits: .standard)
    let codec = FrameCodec()
    private var nextID: UInt64 = 1

    init(path: String, receiveTimeout: Duration = .seconds(10)) throws {
        socket = try RawSocket(path: path, receiveTimeout: receiveTimeout)
    }

    /// Connects and completes the handshake.
    static func connected(
        to path: String, compression: Bool = false, dictionary: Bool = false
    ) throws -> ProtocolClient {
        let client = try ProtocolClient(path: path)
        try client.hello(compression: compression, dictionary: dictionary)
        return client
    }

    @discardableResult
    func hello(compression: Bool = false, dictionary: Bool = false) throws -> HelloResponse {
        let hello = Handshake.hello(
            clientName: "HostileClientTests", compression: compression,
            dictionaryIDs: dictionary ? [ZstdDictionary.bundled.id] : [])
        let response = try call(.hello(hello))
        guard case .hello(let reply)? = response.body else {
            throw TestFailure("handshake failed: \(response)")
        }
        if reply.compression {
            codec.enableCompression(dictionary: reply.dictionaryID == 0 ? nil : .bundled)
        }
        return reply
    }

    /// One request, and its response (nothing else may be in flight).
    func call(_ body: Request.Body, deadlineMs: UInt32 = 0) throws -> Response {
        let id = takeID()
        try send(Request(id: id, deadlineMs: deadlineMs, body: body))
        let response = try receive()
        guard response.id == id else {
            throw TestFailure("asked \(id), got an answer to \(response.id): \(response)")
        }
        return response
    }

    func takeID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    func send(_ request: Request) throws {
        guard try socket.send(try codec.encodeFrame(request)) else {
            throw TestFailure("the server closed the connection")
        }
    }

    /// The next response; throws on timeout or when the server closed the connection.
    func receive() throws -> Response {
        while true {
            if let frame = try decoder.nextFrame() {
                return try codec.decode(frame, as: Response.self)
            }
            let chunk = try socket.receive()
            guard !chunk.isEmpty else { throw TestFailure("the server closed the connection") }
            decoder.append(chunk)
        }
    }

    /// The responses the server sends until it closes the connection.
    func receiveUntilClosed() throws -> [Response] {
        var responses: [Response] = []
        while true {
            while let frame = try decoder.nextFrame() {
                responses.append(try codec.decode(frame, as: Response.self))
            }
            let chunk = try socket.receive()
            if chunk.isEmpty { return responses }
            decoder.append(chunk)
        }
    }
}

/// The responses in `bytes` as a fresh client decodes them (uncompressed, as error frames
/// before or instead of a handshake are).
func decodeResponses(_ bytes: [UInt8]) throws -> [Response] {
    var decoder = FrameDecoder(limits: .standard)
    decoder.append(bytes)
    let codec = FrameCodec()
    var responses: [Response] = []
    while let frame = try decoder.nextFrame() {
        responses.append(try codec.decode(frame, as: Response.self))
    }
    try decoder.finish()
    return responses
}

/// One frame around `payload` exactly as given (flags as given), for hand-made payloads.
func rawFrame(_ payload: [UInt8], flags: FrameFlags = []) -> [UInt8] {
    FrameEncoder.encode(Frame(flags: flags, payload: payload))
}

extension Response {
    var errorCode: ErrorCode? { error?.code }
}
