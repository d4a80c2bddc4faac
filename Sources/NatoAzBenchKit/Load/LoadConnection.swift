import Histogram
import NatoAzProtocol
import Synchronization

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
/// budget is spent, then collect the answers still due.
///
/// ```
/// send K ─▶ read ─▶ for each response: latency, errors ─▶ send as many as came back ─▶ read ...
/// ```
/// Sends are batched into one write and receipts timed per read, as wrk and redis-benchmark
/// do: a request's latency runs from just before the write that carried it to just after the
/// read that brought its answer.
struct LoadConnection {
    let options: LoadOptions
    let plan: RequestPlan
    let budget: RunBudget

    func run() -> ConnectionResult {
        var result = ConnectionResult(groups: plan.groups.count)
        do {
            try drive(&result)
        } catch {
            result.failure = error.description
            result.errors[error.code, default: 0] += error.requests
        }
        return result
    }

    private func drive(_ result: inout ConnectionResult) throws(LoadError) {
        let socket = try BenchSocket(
            path: options.socketPath, timeoutMilliseconds: options.timeoutMilliseconds)
        let codec = FrameCodec(limits: .handshake)
        var decoder = FrameDecoder(limits: .handshake)
        let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { readBuffer.deallocate() }

        // Handshake.
        let hello = Handshake.hello(
            clientName: "natoaz-bench", compression: options.compression,
            dictionaryIDs: options.compression ? [ZstdDictionary.bundled.id] : [])
        let helloFrame = try encode(codec, Request(id: 1, body: .hello(hello)))
        try socket.write(helloFrame)
        result.bytesSent += helloFrame.count
        let reply = try readResponse(socket, &decoder, codec, readBuffer, &result)
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
        }

        // Pipelined requests.
        var outstanding: [UInt64: (sent: UInt64, group: Int)] = [:]
        outstanding.reserveCapacity(options.inFlight * 2)
        var nextID: UInt64 = 2
        var output: [UInt8] = []
        var exhausted = false
        var batch: [(id: UInt64, group: Int)] = []
        while true {
            // Top up to K in flight.
            batch.removeAll(keepingCapacity: true)
            output.removeAll(keepingCapacity: true)
            let now = monotonicNanoseconds()
            let mayTopUp = !options.batched || outstanding.isEmpty
            while mayTopUp && !exhausted && outstanding.count + batch.count < options.inFlight {
                guard let n = budget.claim(now: now) else {
                    exhausted = true
                    break
                }
                let (body, group) = plan.request(n)
                let request = Request(id: nextID, body: body)
                do {
                    try codec.encodeFrame(request, appendingTo: &output)
                } catch {
                    result.errors[error.code.name, default: 0] += 1
                    continue
                }
                batch.append((nextID, group))
                nextID += 1
            }
            if !output.isEmpty {
                let sent = monotonicNanoseconds()
                for entry in batch { outstanding[entry.id] = (sent, entry.group) }
                try socket.write(output)
                result.bytesSent += output.count
            }
            if outstanding.isEmpty { return }

            // Collect what has arrived.
            let count: Int
            do {
                count = try socket.read(
                    into: readBuffer)
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
                let frame: Frame?
                do {
                    frame = try decoder.nextFrame()
                } catch {
                    throw LoadError("bad frame from the server: \(error)", code: error.code.name)
                }
                guard let frame else { break }
                let response: Response
                do {
                    response = try codec.decode(frame, as: Response.self)
                } catch {
                    throw LoadError("bad response from the server: \(error)", code: error.code.name)
                }
                guard let entry = outstanding.removeValue(forKey: response.id) else {
                    if let error = response.error {
                        throw LoadError(
                            "connection error: \(error.code.name): \(error.message)",
                            code: error.code.name)
                    }
                    result.errors["unexpected-id", default: 0] += 1
                    continue
                }
                _ = result.latencies[entry.group].record(max(1, received - entry.sent))
                result.completed += 1
                if let error = response.error {
                    result.errors[error.code.name, default: 0] += 1
                } else if case .search(let search)? = response.body {
                    result.hits[entry.group] += search.total
                }
            }
        }
    }

    private func encode(_ codec: FrameCodec, _ request: Request) throws(LoadError) -> [UInt8] {
        do {
            return try codec.encodeFrame(request)
        } catch {
            throw LoadError("cannot encode a request: \(error)", code: error.code.name)
        }
    }

    private func readResponse(
        _ socket: BenchSocket, _ decoder: inout FrameDecoder, _ codec: FrameCodec,
        _ buffer: UnsafeMutableRawBufferPointer, _ result: inout ConnectionResult
    ) throws(LoadError) -> Response {
        while true {
            do {
                if let frame = try decoder.nextFrame() {
                    return try codec.decode(frame, as: Response.self)
                }
            } catch {
                throw LoadError("bad handshake reply: \(error)", code: error.code.name)
            }
            let count = try socket.read(
                into: buffer)
            if count == 0 {
                throw LoadError(
                    "the server closed the connection during the handshake", code: "closed")
            }
            result.bytesReceived += count
            decoder.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }
}
