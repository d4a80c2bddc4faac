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

    /// The numbers of the next requests to send, at most `count` of them in one atomic
    /// operation (one per write, not one per request); fewer, or none, once the run has sent
    /// enough or its time is up.
    func claim(upTo count: Int, now: UInt64) -> Range<Int> {
        guard count > 0, now < stopAt else { return 0..<0 }
        let first = next.add(count, ordering: .relaxed).oldValue
        return min(first, total)..<min(first + count, total)
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
///
/// A struct driven in place (`drive` mutates the connections of its array): its state is then
/// checked for exclusive access at compile time. As a class, every access to a stored
/// property in the per-answer loop was a run-time exclusivity check, a quarter of
/// natoaz-bench's own instructions at 16 in flight.
struct LoadConnection {
    /// What `drive` asks a connection to do next.
    enum Step {
        /// Connect, handshake, send the first requests.
        case start
        /// Read what arrived, account for its answers, send more.
        case receive
    }

    let options: LoadOptions
    let plan: RequestPlan
    let budget: RunBudget
    private(set) var result: ConnectionResult
    private var socket: BenchSocket?
    private let codec = FrameCodec(limits: .handshake)
    private var decoder = FrameDecoder(limits: .handshake)
    /// Requests sent and not yet answered: when sent, the query group, the expected body field.
    private var outstanding: InFlightRing
    private var nextID: UInt64 = 2
    /// The one frame every request is but for its id, with its group and body field, when
    /// the plan is constant and frames are plain.
    private var template: (frame: RequestFrameTemplate, group: Int, bodyField: UInt32)?
    /// The next write's bytes. With a template its count is its capacity (frames are stored
    /// through a pointer, and a write sends a prefix); otherwise frames are appended.
    private var output: [UInt8] = []
    private var exhausted = false
    private var failed = false

    init(options: LoadOptions, plan: RequestPlan, budget: RunBudget) {
        self.options = options
        self.plan = plan
        self.budget = budget
        result = ConnectionResult(groups: plan.groups.count)
        // Room for ids well past `inFlight`, so that a slow answer rarely holds back a send.
        outstanding = InFlightRing(minimumCapacity: max(64, options.inFlight * 4))
    }

    /// Done: every request it sent is answered and the budget is spent, or it failed.
    var isFinished: Bool { failed || (exhausted && outstanding.isEmpty) }

    /// Runs `connections` on the calling thread until each is finished. One connection blocks
    /// in `recv`; several are multiplexed with `poll(2)`, as redis-benchmark's event loop
    /// serves its clients from one thread. Their results are in `connections`.
    static func drive(_ connections: inout [LoadConnection]) {
        // One read buffer for the thread: its connections are read one after the other.
        let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { readBuffer.deallocate() }
        for index in connections.indices {
            connections[index].step(.start, readBuffer: readBuffer)
        }
        var active = connections.indices.filter { !connections[$0].isFinished }
        let timeout = connections.first?.options.timeoutMilliseconds ?? 10_000
        var descriptors: [pollfd] = []
        while !active.isEmpty {
            if active.count == 1 {
                connections[active[0]].step(.receive, readBuffer: readBuffer)
            } else {
                descriptors.removeAll(keepingCapacity: true)
                for index in active {
                    descriptors.append(
                        pollfd(
                            fd: connections[index].socket!.descriptor, events: Int16(POLLIN),
                            revents: 0))
                }
                let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
                if ready < 0 && errno == EINTR { continue }
                if ready <= 0 {
                    let reason =
                        ready == 0
                        ? "no progress within \(timeout) ms"
                        : "poll() failed: \(errnoDescription(errno))"
                    for index in active {
                        let unanswered = connections[index].outstanding.count
                        connections[index].fail(
                            LoadError(
                                "\(reason) with \(unanswered) requests unanswered",
                                code: ready == 0 ? "timeout" : "transport", requests: unanswered))
                    }
                } else {
                    for (position, index) in active.enumerated()
                    where descriptors[position].revents != 0 {
                        connections[index].step(.receive, readBuffer: readBuffer)
                    }
                }
            }
            // Checked before removing: `removeAll(where:)` rebuilt the array (a trip through
            // `replaceSubrange`) on every pass, one per answer at one connection.
            if active.contains(where: { connections[$0].isFinished }) {
                active.removeAll { connections[$0].isFinished }
            }
        }
    }

    /// Runs one step, then sends what may be sent; a failure ends this connection (its
    /// socket closes) and is recorded.
    mutating func step(_ step: Step, readBuffer: UnsafeMutableRawBufferPointer) {
        guard !failed else { return }
        do throws(LoadError) {
            switch step {
            case .start: try start(readBuffer: readBuffer)
            case .receive: try receive(readBuffer: readBuffer)
            }
            try topUp()
        } catch {
            fail(error)
        }
    }

    /// Ends this connection with `error`, counted against the requests it cost.
    mutating func fail(_ error: LoadError) {
        guard !failed else { return }
        failed = true
        socket = nil
        result.failure = result.failure ?? error.description
        result.errors[error.code, default: 0] += error.requests
    }

    /// Connects and completes the handshake (blocking, bounded by the timeout).
    private mutating func start(readBuffer: UnsafeMutableRawBufferPointer) throws(LoadError) {
        let socket = try BenchSocket(
            path: options.socketPath, timeoutMilliseconds: options.timeoutMilliseconds)
        self.socket = socket
        let hello = Handshake.hello(
            clientName: "natoaz-bench", compression: options.compression,
            dictionaryIDs: options.compression ? [ZstdDictionary.bundled.id] : [])
        let helloFrame = try encode(Request(id: 1, body: .hello(hello)))
        try socket.write(helloFrame)
        result.bytesSent += helloFrame.count
        let reply = try readResponse(socket, readBuffer: readBuffer)
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
    private mutating func topUp() throws(LoadError) {
        guard let socket, !exhausted else { return }
        if options.batched && !outstanding.isEmpty { return }
        // As many as fit in flight, each in a free slot of the ring (a slot still held by a
        // much older request holds the next ones back), claimed from the budget at once.
        var room = 0
        while outstanding.count + room < options.inFlight
            && outstanding.isFree(nextID + UInt64(room))
        {
            room += 1
        }
        guard room > 0 else { return }
        let claimed = budget.claim(upTo: room, now: monotonicNanoseconds())
        if claimed.count < room { exhausted = true }
        guard !claimed.isEmpty else { return }
        let firstID = nextID
        let written: Int
        if let template {
            let frames = claimed.count
            let needed = frames * template.frame.maxFrameBytes
            if output.count < needed { output = [UInt8](repeating: 0, count: needed) }
            written = output.withUnsafeMutableBytes { raw in
                var at = 0
                for id in firstID..<firstID + UInt64(frames) {
                    at += template.frame.write(id: id, to: raw.baseAddress! + at)
                }
                return at
            }
            // One clock read per write: every request it carries was sent at that time.
            let sent = monotonicNanoseconds()
            let entry = InFlightRing.Entry(
                sent: sent, group: template.group, bodyField: template.bodyField)
            for id in firstID..<firstID + UInt64(frames) { outstanding.insert(id, entry) }
            nextID += UInt64(frames)
        } else {
            output.removeAll(keepingCapacity: true)
            for n in claimed {
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
            written = output.count
            outstanding.setSent(monotonicNanoseconds(), for: firstID..<nextID)
        }
        guard written > 0 else { return }
        var failure: LoadError?
        output.withUnsafeBytes { raw in
            do throws(LoadError) {
                try socket.write(UnsafeRawBufferPointer(rebasing: raw[0..<written]))
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        result.bytesSent += written
    }

    /// Reads once (blocking until something arrives, bounded by the timeout) and accounts for
    /// every whole response in what arrived.
    private mutating func receive(readBuffer: UnsafeMutableRawBufferPointer) throws(LoadError) {
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
        let codec = self.codec
        // Filled by the scan when an answer carries an error (its message) or is malformed:
        // plain values cross the decoder's closure, no `Result` or `String` per answer.
        var message = ""
        var malformed: ProtocolError?
        // Fewer bytes than a header cannot be a frame nor show a bad one: no call to the
        // decoder only to learn there is none (one per read at one connection).
        while decoder.bufferedByteCount >= Frame.headerSize {
            let scanned: ResponseSummary??
            do {
                scanned = try decoder.withNextFrame { flags, payload in
                    Self.summarize(
                        flags, payload, codec: codec, message: &message, malformed: &malformed)
                }
            } catch {
                throw LoadError("bad frame from the server: \(error)", code: error.code.name)
            }
            guard let scanned else { break }
            guard let response = scanned, malformed == nil else {
                let error = malformed ?? .malformedPayload("unreadable response")
                throw LoadError("bad response from the server: \(error)", code: error.code.name)
            }
            guard let entry = outstanding.remove(response.id) else {
                if let code = response.errorCode {
                    let name = ErrorCode(rawValue: code).name
                    throw LoadError("connection error: \(name): \(message)", code: name)
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
    /// decompressed first (bounded by the negotiated limits). Nil when the frame is
    /// malformed (`malformed` says why); `message` gets the error message of an answer that
    /// carries one.
    private static func summarize(
        _ flags: FrameFlags, _ payload: UnsafeRawBufferPointer, codec: FrameCodec,
        message: inout String, malformed: inout ProtocolError?
    ) -> ResponseSummary? {
        do throws(ProtocolError) {
            if flags.isEmpty { return try scan(payload, message: &message) }
            let raw = try codec.payload(of: Frame(flags: flags, payload: Array(payload)))
            var scanned: Result<ResponseSummary, ProtocolError> = .failure(
                .malformedPayload("empty"))
            raw.withUnsafeBytes { bytes in
                do throws(ProtocolError) {
                    scanned = .success(try scan(bytes, message: &message))
                } catch {
                    scanned = .failure(error)
                }
            }
            return try scanned.get()
        } catch {
            malformed = error
            return nil
        }
    }

    private static func scan(
        _ payload: UnsafeRawBufferPointer, message: inout String
    ) throws(ProtocolError) -> ResponseSummary {
        let summary = try ResponseSummary(scanning: payload)
        if summary.errorCode != nil { message = summary.errorMessage(in: payload) }
        return summary
    }

    private func encode(_ request: Request) throws(LoadError) -> [UInt8] {
        do {
            return try codec.encodeFrame(request)
        } catch {
            throw LoadError("cannot encode a request: \(error)", code: error.code.name)
        }
    }

    private mutating func readResponse(
        _ socket: BenchSocket, readBuffer: UnsafeMutableRawBufferPointer
    ) throws(LoadError) -> Response {
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
