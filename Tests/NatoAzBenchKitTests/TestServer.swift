import NatoAzProtocol
import Synchronization

@testable import NatoAzBenchKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A minimal natoaz protocol peer on a real Unix socket, for testing the load driver's own
/// behaviour: counting, pipelining, and what it does when a server stalls or hangs up (which
/// the real daemon, by design, never does on purpose). The daemon end-to-end numbers come from
/// the scripts in Benchmarks/ against the real natoazd.
final class TestServer: Sendable {
    enum Behaviour: Sendable {
        /// Answers everything.
        case normal
        /// Answers the handshake, then closes after `after` requests.
        case hangUp(after: Int)
        /// Answers the handshake, then never answers anything.
        case stall
        /// Answers every `n`th request after the handshake with an OVERLOADED error instead.
        case errorEvery(Int)
        /// Answers everything, but writes its output a few bytes at a time with pauses, so
        /// that frames (headers included) arrive split across the client's reads.
        case dribble
        /// Answers every ping with a search body instead of a ping body.
        case wrongBody
    }

    let path: String
    private let directory: String
    private let listener: Int32
    private let behaviour: Behaviour
    let requestsSeen = Atomic<Int>(0)
    let maxOutstandingSeen = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    init(behaviour: Behaviour = .normal) {
        var template = Array("/tmp/natoaz-bench-test-XXXXXX".utf8CString)
        directory = template.withUnsafeMutableBufferPointer {
            String(cString: mkdtemp($0.baseAddress!)!)
        }
        path = directory + "/sock"
        self.behaviour = behaviour
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        listen(listener, 64)
    }

    /// Accepts `connections` connections, serves each on its own thread, returns when all end.
    func serve(connections: Int) {
        let listener = self.listener
        runOnThreads(connections) { _ in
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            self.handle(client)
            close(client)
        }
    }

    func shutDown() {
        stopped.store(true, ordering: .relaxed)
        close(listener)
        unlink(path)
        rmdir(directory)
    }

    private func handle(_ client: Int32) {
        let codec = FrameCodec()
        var decoder = FrameDecoder()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var answered = 0
        while !stopped.load(ordering: .relaxed) {
            var descriptor = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 100) == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress!, $0.count, 0) }
            if count <= 0 { return }
            decoder.append(buffer[0..<count])
            var output: [UInt8] = []
            var outstanding = 0
            var hangingUp = false
            while !hangingUp, let frame = try? decoder.nextFrame() {
                guard let request = try? codec.decode(frame, as: Request.self) else { return }
                outstanding += 1
                var response = Response(id: request.id)
                switch request.body {
                case .hello?:
                    response.body = .hello(
                        HelloResponse(
                            version: 1,
                            limits: Limits(
                                maxFrameBytes: 1 << 20, maxDecompressedBytes: 1 << 20,
                                maxInFlight: 1024, idleTimeoutMs: 0, maxResults: 100),
                            serverName: "test", serverVersion: "0"))
                case .ping?:
                    if case .wrongBody = behaviour {
                        response.body = .search(SearchResponse(total: 1))
                    } else {
                        response.body = .ping(PingResponse())
                    }
                case .search(let search)?:
                    response.body = .search(
                        SearchResponse(
                            total: 3,
                            hits: [
                                Hit(
                                    id: "doc-" + search.query, score: 1, title: "", date: "",
                                    lang: "en", snippet: "", highlights: [], dateInferred: false)
                            ]))
                default:
                    response.error = ResponseError(
                        code: ErrorCode(rawValue: 3), message: "unknown method")
                }
                let isHello: Bool
                if case .hello? = request.body { isHello = true } else { isHello = false }
                if !isHello {
                    requestsSeen.add(1, ordering: .relaxed)
                    switch behaviour {
                    case .normal, .dribble, .wrongBody: break
                    case .stall: continue
                    case .errorEvery(let n) where (answered + 1) % n == 0:
                        response.body = nil
                        response.error = ResponseError(
                            code: .overloaded, message: "test: every \(n)th is refused")
                    case .errorEvery: break
                    case .hangUp(let after) where answered >= after:
                        hangingUp = true
                        continue
                    case .hangUp: break
                    }
                    answered += 1
                }
                try? codec.encodeFrame(response, appendingTo: &output)
            }
            _ = maxOutstandingSeen.fetchMax(outstanding)
            var offset = 0
            let piece: Int
            if case .dribble = behaviour { piece = 3 } else { piece = Int.max }
            while offset < output.count {
                if offset > 0, piece != Int.max { usleep(200) }
                let sent = output.withUnsafeBytes {
                    send(
                        client, $0.baseAddress! + offset, min(piece, $0.count - offset),
                        Int32(MSG_NOSIGNAL))
                }
                if sent <= 0 { return }
                offset += sent
            }
            if hangingUp { return }
        }
    }
}

extension Atomic where Value == Int {
    func fetchMax(_ value: Int) -> Int {
        var current = load(ordering: .relaxed)
        while value > current {
            let (exchanged, original) = compareExchange(
                expected: current, desired: value, ordering: .relaxed)
            if exchanged { return value }
            current = original
        }
        return current
    }
}
