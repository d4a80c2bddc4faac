public import NatoAzProtocol

/// A connection to natoazd over its Unix socket, after the Hello handshake.
///
/// Blocking, single-threaded and deadline-bounded: made for command-line tools that ask a
/// few questions and exit. `call` sends one request and waits for its answer; `pipeline`
/// keeps many requests in flight while reading answers, as `natoazctl batch` does.
///
///     client                         natoazd
///       │── Hello(versions, features) ──▶│
///       │◀─ Hello(version, limits) ──────│
///       │── Request(id 2) ──────────────▶│
///       │── Request(id 3) ──────────────▶│   pipelined: answers carry the request's id
///       │◀─ Response(id 2) ──────────────│
///       │◀─ Response(id 3) ──────────────│
public final class DaemonConnection {
    /// The socket path.
    public let path: String
    /// What the server settled in the handshake (version, features, limits).
    public let hello: HelloResponse

    private let socket: UnixSocketConnection
    private var codec = WireCodec()
    private var inbound: [UInt8] = []
    private var nextID: UInt64 = 2

    /// The request id the handshake uses; later requests count up from 2.
    private static let helloID: UInt64 = 1

    /// Connects to `path` and completes the handshake before `deadline`. With `compression`
    /// the client offers zstd and natoaz's bundled dictionary; it accepts compressed frames
    /// either way.
    public init(
        path: String, clientName: String, compression: Bool = true, deadline: Deadline
    ) throws(ClientError) {
        self.path = path
        do {
            socket = try UnixSocketConnection(path: path, deadline: deadline)
        } catch {
            throw .connection(error)
        }
        let request = Request(
            id: Self.helloID, deadlineMs: Self.milliseconds(deadline),
            body: .hello(
                Handshake.hello(
                    clientName: clientName, compression: compression,
                    dictionaryIDs: compression ? WireCodec.offeredDictionaryIDs : [])))
        do {
            try Self.send(request, socket: socket, codec: codec, deadline: deadline)
        } catch .connection(.closedByPeer) {
            // A server at its connection limit answers with an error and closes without
            // reading the Hello: that answer may still be waiting to be read.
        }
        let response = try Self.receive(
            socket: socket, codec: &codec, inbound: &inbound, deadline: deadline,
            phase: .handshake)
        if let error = response.error {
            throw .refusedByServer(path: path, error: error)
        }
        guard case .hello(let hello) = response.body, response.id == Self.helloID else {
            throw .protocolViolation(
                path: path,
                error: .malformedPayload("the first response is not the Hello answer"),
                duringHandshake: true)
        }
        self.hello = hello
        do {
            try codec.adopt(hello)
        } catch {
            throw .protocolViolation(path: path, error: error, duringHandshake: true)
        }
    }

    /// Sends one request and waits for its response (or a connection-level error).
    public func call(_ body: Request.Body, deadline: Deadline) throws(ClientError) -> Response {
        let id = nextID
        nextID += 1
        let request = Request(id: id, deadlineMs: Self.milliseconds(deadline), body: body)
        try Self.send(request, socket: socket, codec: codec, deadline: deadline)
        while true {
            let response = try Self.receive(
                socket: socket, codec: &codec, inbound: &inbound, deadline: deadline,
                phase: .response)
            if response.id == id { return response }
            try checkStray(response)
        }
    }

    /// Sends `bodies` with at most `window` in flight, reading answers as they come, and
    /// hands each to `receive` with the index of its request. Answers may arrive in any
    /// order; every request gets exactly one.
    public func pipeline(
        _ bodies: [Request.Body], window: Int = 32, deadline: Deadline,
        receive: (Int, Response) throws(ClientError) -> Void
    ) throws(ClientError) {
        let firstID = nextID
        nextID += UInt64(bodies.count)
        let window = max(1, min(window, Int(hello.limits?.maxInFlight ?? 0).nonZero ?? window))
        var outbound: [UInt8] = []
        var sent = 0
        var answered = 0
        var inFlight = 0
        var pending = Set<UInt64>()
        while answered < bodies.count {
            while sent < bodies.count && inFlight < window {
                let id = firstID + UInt64(sent)
                let request = Request(
                    id: id, deadlineMs: Self.milliseconds(deadline), body: bodies[sent])
                outbound.append(contentsOf: try encode(request))
                pending.insert(id)
                sent += 1
                inFlight += 1
            }
            let wantWrite = !outbound.isEmpty
            let ready = try io { () throws(ConnectionError) in
                try socket.waitUntilReady(
                    wantWrite: wantWrite, deadline: deadline, phase: .response)
            }
            if ready.writable && !outbound.isEmpty {
                let written = try io { () throws(ConnectionError) in
                    try socket.writeAvailable(outbound[...])
                }
                outbound.removeFirst(written)
            }
            guard ready.readable else { continue }
            let received = try io { () throws(ConnectionError) in
                try socket.readAvailable(into: &inbound)
            }
            guard received != nil else {
                try finishStream()
                throw .connection(.closedByPeer(path: path))
            }
            codec.append(inbound)
            inbound.removeAll(keepingCapacity: true)
            while let response = try decodeNext(duringHandshake: false) {
                guard pending.remove(response.id) != nil else {
                    try checkStray(response)
                    continue
                }
                inFlight -= 1
                answered += 1
                try receive(Int(response.id - firstID), response)
            }
        }
    }

    private func encode(_ request: Request) throws(ClientError) -> [UInt8] {
        do {
            return try codec.encode(request)
        } catch {
            throw .requestRejected(path: path, error: error)
        }
    }

    private static func send(
        _ request: Request, socket: UnixSocketConnection, codec: WireCodec, deadline: Deadline
    ) throws(ClientError) {
        let bytes: [UInt8]
        do {
            bytes = try codec.encode(request)
        } catch {
            throw .requestRejected(path: socket.path, error: error)
        }
        do {
            try socket.writeAll(bytes, deadline: deadline)
        } catch {
            throw .connection(error)
        }
    }

    /// Runs a socket operation, reporting its failure as a `ClientError`.
    private func io<Result>(_ operation: () throws(ConnectionError) -> Result)
        throws(ClientError) -> Result
    {
        do {
            return try operation()
        } catch {
            throw .connection(error)
        }
    }

    /// A response whose id matches no request in flight: a frame-level error (id 0) ends
    /// the connection; anything else is the server breaking the protocol.
    private func checkStray(_ response: Response) throws(ClientError) {
        if let error = response.error, response.id == 0 {
            throw .refusedByServer(path: path, error: error)
        }
        throw .protocolViolation(
            path: path,
            error: .malformedPayload("a response with id \(response.id), which no request has"),
            duringHandshake: false)
    }

    private func decodeNext(duringHandshake: Bool) throws(ClientError) -> Response? {
        do {
            return try codec.nextResponse()
        } catch {
            throw .protocolViolation(path: path, error: error, duringHandshake: duringHandshake)
        }
    }

    private func finishStream() throws(ClientError) {
        do {
            try codec.finish()
        } catch {
            throw .protocolViolation(path: path, error: error, duringHandshake: false)
        }
    }

    private static func receive(
        socket: UnixSocketConnection, codec: inout WireCodec, inbound: inout [UInt8],
        deadline: Deadline, phase: ConnectionError.Phase
    ) throws(ClientError) -> Response {
        let duringHandshake = phase == .handshake
        while true {
            do {
                if let response = try codec.nextResponse() { return response }
            } catch {
                throw .protocolViolation(
                    path: socket.path, error: error, duringHandshake: duringHandshake)
            }
            let count: Int?
            do {
                count = try socket.read(into: &inbound, deadline: deadline, phase: phase)
            } catch {
                throw .connection(error)
            }
            guard count != nil else {
                do {
                    try codec.finish()
                } catch {
                    throw .protocolViolation(
                        path: socket.path, error: error, duringHandshake: duringHandshake)
                }
                throw .connection(.closedByPeer(path: socket.path))
            }
            codec.append(inbound)
            inbound.removeAll(keepingCapacity: true)
        }
    }

    /// The protocol's relative deadline for a request sent now (0 = none).
    private static func milliseconds(_ deadline: Deadline) -> UInt32 {
        UInt32(clamping: deadline.remainingMilliseconds)
    }
}

@available(*, unavailable)
extension DaemonConnection: Sendable {}

extension Int {
    fileprivate var nonZero: Int? { self == 0 ? nil : self }
}
