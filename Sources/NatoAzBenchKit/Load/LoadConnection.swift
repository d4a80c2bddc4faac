import Histogram
import NatoAzProtocol
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one connection measured.
struct ConnectionResult: Sendable {
    var latencies: [Histogram<UInt64>]
    var completed = 0
    var hits: [UInt64]
    var errors: [String: Int] = [:]
    var bytesSent = 0
    var bytesReceived = 0
    /// The first transport or handshake failure, for the report.
    var failure: String?

    init(groups: Int) {
        latencies = (0..<groups).map { _ in LoadReport.makeHistogram() }
        hits = Array(repeating: 0, count: groups)
    }

    mutating func merge(_ other: ConnectionResult) {
        for index in latencies.indices { latencies[index].add(other.latencies[index]) }
        completed += other.completed
        for index in hits.indices { hits[index] += other.hits[index] }
        errors.merge(other.errors, uniquingKeysWith: +)
        bytesSent += other.bytesSent
        bytesReceived += other.bytesReceived
        failure = failure ?? other.failure
    }
}

/// Shared by the connections of one run: the request counter and the stop time.
final class RunBudget: Sendable {
    private let next = Atomic<Int>(0)
    let total: Int
    let stopAt: UInt64

    init(total: Int, stopAt: UInt64) {
        self.total = total
        self.stopAt = stopAt
    }

    /// The number of the next request to send, or nil when the run has sent enough.
    func claim(now: UInt64) -> Int? {
        guard now < stopAt else { return nil }
        let n = next.add(1, ordering: .relaxed).oldValue
        return n < total ? n : nil
    }
}

/// One connection of a run: handshake, then keep `inFlight` requests outstanding until the
/// budget is spent, then collect the answers still due. Driven step by step by
/// `LoadConnection.drive(_:)`, which runs one or several connections on one thread.
///
/// ```
/// send K ─▶ read ─▶ for each response: latency, errors ─▶ send as many as came back ─▶ read ...
/// ```
/// Sends are batched into one write and receipts timed per read, as wrk and redis-benchmark
/// do: a request's latency runs from just before the write that carried it to just after the
/// read that brought its answer. Answers are read in place from the frame (`ResponseSummary`:
/// id, error code, body kind, a search's total), not decoded into `Response`s: at 16 in
/// flight, decoding every Pong was a sixth of the client's time.
final class LoadConnection {
    let options: LoadOptions
    let plan: RequestPlan
    let budget: RunBudget
    private(set) var result: ConnectionResult
    private var socket: BenchSocket?
    private let codec = FrameCodec(limits: .handshake)
    private var decoder = FrameDecoder(limits: .handshake)
    private let readBuffer: UnsafeMutableRawBufferPointer
    /// Requests sent and not yet answered: when sent, the query group, the expected body field.
    private var outstanding: InFlightRing
    private var nextID: UInt64 = 2
    /// The one frame every request is but for its id, with its group and body field, when
    /// the plan is constant and frames are plain.
    private var template: (frame: RequestFrameTemplate, group: Int, bodyField: UInt32)?
    private var output: [UInt8] = []
    private var exhausted = false
    private var failed = false

    init(options: LoadOptions, plan: RequestPlan, budget: RunBudget) {
        self.options = options
        self.plan = plan
        self.budget = budget
        result = ConnectionResult(groups: plan.groups.count)
        readBuffer = .allocate(byteCount: 1 << 16, alignment: 8)
        // Room for ids well past `inFlight`, so that a slow answer rarely holds back a send.
        outstanding = InFlightRing(minimumCapacity: max(64, options.inFlight * 4))
    }

    deinit { readBuffer.deallocate() }

    /// Done: every request it sent is answered and the budget is spent, or it failed.
    var isFinished: Bool { failed || (exhausted && outstanding.isEmpty) }

    /// Runs `connections` on the calling thread until each is finished. One connection blocks
    /// in `recv`; several are multiplexed with `poll(2)`, as redis-benchmark's event loop
    /// serves its clients from one thread. Returns each connection's result.
    static func drive(_ connections: [LoadConnection]) -> [ConnectionResult] {
        for connection in connections {
            connection.step { () throws(LoadError) in try connection.start() }
            connection.step { () throws(LoadError) in try connection.topUp() }
        }
        var active = connections.filter { !$0.isFinished }
        let timeout = connections.first?.options.timeoutMilliseconds ?? 10_000
        var descriptors: [pollfd] = []
        while !active.isEmpty {
            if active.count == 1, let only = active.first {
                only.step { () throws(LoadError) in
                    try only.receive()
                    try only.topUp()
                }
            } else {
                descriptors.removeAll(keepingCapacity: true)
                for connection in active {
                    descriptors.append(
                        pollfd(fd: connection.socket!.descriptor, events: Int16(POLLIN), revents: 0)
                    )
                }
                let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
                if ready < 0 && errno == EINTR { continue }
                if ready <= 0 {
                    let reason =
                        ready == 0
                        ? "no progress within \(timeout) ms"
                        : "poll() failed: \(errnoDescription(errno))"
                    for connection in active {
                        connection.step { () throws(LoadError) in
                            throw LoadError(
                                "\(reason) with \(connection.outstanding.count) requests unanswered",
                                code: ready == 0 ? "timeout" : "transport",
                                requests: connection.outstanding.count)
                        }
                    }
                } else {
                    for (index, connection) in active.enumerated()
                    where descriptors[index].revents != 0 {
                        connection.step { () throws(LoadError) in
                            try connection.receive()
                            try connection.topUp()
                        }
                    }
                }
            }
            active.removeAll { $0.isFinished }
        }
        return connections.map(\.result)
    }

    /// Runs one step; a failure ends this connection (its socket closes) and is recorded.
    private func step(_ body: () throws(LoadError) -> Void) {
        guard !failed else { return }
        do {
            try body()
        } catch {
            failed = true
            socket = nil
            result.failure = result.failure ?? error.description
            result.errors[error.code, default: 0] += error.requests
        }
    }

    /// Connects and completes the handshake (blocking, bounded by the timeout).
    private func start() throws(LoadError) {
        let socket = try BenchSocket(
            path: options.socketPath, timeoutMilliseconds: options.timeoutMilliseconds)
        self.socket = socket
        let hello = Handshake.hello(
            clientName: "natoaz-bench", compression: options.compression,
            dictionaryIDs: options.compression ? [ZstdDictionary.bundled.id] : [])
        let helloFrame = try encode(Request(id: 1, body: .hello(hello)))
        try socket.write(helloFrame)
        result.bytesSent += helloFrame.count
        let reply = try readResponse(socket)
        if let error = reply.error {
            throw LoadError(
                "handshake refused: \(error.code.name): \(error.message)", code: error.code.name)
        }
        guard case .hello(let agreed)? = reply.body else {
            throw LoadError("the server did not answer the Hello with a Hello", code: "handshake")
        }
        let limits = agreed.limits.map(ProtocolLimits.init(announced:)) ?? .standard
        codec.limits = limits
        codec.peerMaxFrameBytes = limits.maxFrameBytes
        decoder.limits = limits
        if agreed.compression {
            codec.enableCompression(
                dictionary: agreed.dictionaryID == ZstdDictionary.bundled.id
                    ? ZstdDictionary.bundled : nil)
        } else if plan.isConstant {
            let (body, group) = plan.request(0)
            template = (
                RequestFrameTemplate(body: body), group, UInt32(body.method.rawValue + 10)
            )
        }
    }

    /// Sends requests up to `inFlight` outstanding (with `batched`, only once all the previous
    /// batch is answered), in one write.
    private func topUp() throws(LoadError) {
        guard let socket else { return }
        output.removeAll(keepingCapacity: true)
        let now = monotonicNanoseconds()
        let firstID = nextID
        let mayTopUp = !options.batched || outstanding.isEmpty
        while mayTopUp && !exhausted && outstanding.count < options.inFlight
            && outstanding.isFree(nextID)
        {
            guard let n = budget.claim(now: now) else {
                exhausted = true
                break
            }
            if let template {
                template.frame.append(id: nextID, to: &output)
                outstanding.insert(
                    nextID, .init(sent: 0, group: template.group, bodyField: template.bodyField))
                nextID += 1
                continue
            }
            let (body, group) = plan.request(n)
            let request = Request(id: nextID, body: body)
            do {
                try codec.encodeFrame(request, appendingTo: &output)
            } catch {
                result.errors[error.code.name, default: 0] += 1
                continue
            }
            outstanding.insert(
                nextID,
                .init(sent: 0, group: group, bodyField: UInt32(body.method.rawValue + 10)))
            nextID += 1
        }
        if !output.isEmpty {
            // One clock read per write: every request it carries was sent at that time.
            outstanding.setSent(monotonicNanoseconds(), for: firstID..<nextID)
            try socket.write(output)
            result.bytesSent += output.count
        }
    }

    /// Reads once (blocking until something arrives, bounded by the timeout) and accounts for
    /// every whole response in what arrived.
    private func receive() throws(LoadError) {
        guard let socket, !outstanding.isEmpty else { return }
        let count: Int
        do {
            count = try socket.read(into: readBuffer)
        } catch {
            throw LoadError(
                "\(error.description) with \(outstanding.count) requests unanswered",
                code: error.code, requests: outstanding.count)
        }
        if count == 0 {
            throw LoadError(
                "the server closed the connection with \(outstanding.count) requests unanswered",
                code: "closed", requests: outstanding.count)
        }
        let received = monotonicNanoseconds()
        result.bytesReceived += count
        decoder.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
        while true {
            let scanned: Result<ResponseSummary, ProtocolError>?
            do {
                scanned = try decoder.withNextFrame(summarize)
            } catch {
                throw LoadError("bad frame from the server: \(error)", code: error.code.name)
            }
            guard let scanned else { break }
            let response: ResponseSummary
            switch scanned {
            case .success(let summary): response = summary
            case .failure(let error):
                throw LoadError("bad response from the server: \(error)", code: error.code.name)
            }
            guard let entry = outstanding.remove(response.id) else {
                if let code = response.errorCode {
                    let name = ErrorCode(rawValue: code).name
                    throw LoadError(
                        "connection error: \(name): \(response.errorMessage)", code: name)
                }
                result.errors["unexpected-id", default: 0] += 1
                continue
            }
            _ = result.latencies[entry.group].record(max(1, received - entry.sent))
            result.completed += 1
            if let code = response.errorCode {
                result.errors[ErrorCode(rawValue: code).name, default: 0] += 1
            } else if response.bodyField != entry.bodyField {
                result.errors["unexpected-body", default: 0] += 1
            } else if response.bodyField == ResponseSummary.searchField {
                result.hits[entry.group] += response.searchTotal
            }
        }
    }

    /// Reads the counted fields of one response frame in place; a compressed payload is
    /// decompressed first (bounded by the negotiated limits).
    private func summarize(
        _ flags: FrameFlags, _ payload: UnsafeRawBufferPointer
    ) -> Result<ResponseSummary, ProtocolError> {
        if flags.isEmpty { return Self.scan(payload) }
        do {
            let raw = try codec.payload(of: Frame(flags: flags, payload: Array(payload)))
            return raw.withUnsafeBytes(Self.scan)
        } catch {
            return .failure(error)
        }
    }

    private static func scan(_ payload: UnsafeRawBufferPointer) -> Result<
        ResponseSummary, ProtocolError
    > {
        do {
            return .success(try ResponseSummary(scanning: payload))
        } catch {
            return .failure(error)
        }
    }

    private func encode(_ request: Request) throws(LoadError) -> [UInt8] {
        do {
            return try codec.encodeFrame(request)
        } catch {
            throw LoadError("cannot encode a request: \(error)", code: error.code.name)
        }
    }

    private func readResponse(_ socket: BenchSocket) throws(LoadError) -> Response {
        while true {
            do {
                if let frame = try decoder.nextFrame() {
                    return try codec.decode(frame, as: Response.self)
                }
            } catch {
                throw LoadError("bad handshake reply: \(error)", code: error.code.name)
            }
            let count = try socket.read(into: readBuffer)
            if count == 0 {
                throw LoadError(
                    "the server closed the connection during the handshake", code: "closed")
            }
            result.bytesReceived += count
            decoder.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
        }
    }
}
