import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// The daemon answering real clients: pipelining, concurrency, the handshake rules and the
/// per-connection limits. Each test starts its own `natoazd` on a temporary socket.
@Suite("natoazd serving", .hangGuard)
struct ServingTests {
    let directory: TemporaryDirectory
    let daemon: DaemonProcess

    init() throws {
        directory = try TemporaryDirectory()
        daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            arguments: ["--max-connections", "40", "--handshake-timeout", "400ms"],
            logDirectory: directory.path)
        try daemon.waitUntilServing()
    }

    static let seedIDs: [String] = {
        (try? FileManager.default.contentsOfDirectory(atPath: PackagePaths.seeds))?
            .filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted() ?? []
    }()

    @Test("pipelined requests are each answered once, matched by id")
    func pipelined() throws {
        let client = try TestClient(path: daemon.socketPath)
        try client.hello()
        var expected: [UInt64: Request.Body] = [:]
        var bytes: [UInt8] = []
        let codec = FrameCodec()
        for id in UInt64(1)...300 {
            let body: Request.Body
            switch id % 4 {
            case 0: body = .ping(PingRequest(payload: Array("ping \(id)".utf8)))
            case 1: body = .get(GetRequest(id: Self.seedIDs[Int(id) % Self.seedIDs.count]))
            case 2: body = .info(InfoRequest())
            default: body = .get(GetRequest(id: "no-such-document-\(id)"))
            }
            expected[id] = body
            bytes += try codec.encodeFrame(Request(id: id, body: body))
        }
        // All 300 in one write: the server sees them back to back in few reads.
        try client.sendRaw(bytes)
        var seen: Set<UInt64> = []
        for _ in 0..<300 {
            let response = try client.receive()
            #expect(seen.insert(response.id).inserted, "answered twice: \(response.id)")
            let request = try #require(expected[response.id], "unexpected id \(response.id)")
            switch request {
            case .ping(let ping):
                #expect(response.body == .ping(PingResponse(payload: ping.payload)))
            case .get(let get) where get.id.hasPrefix("no-such"):
                #expect(response.errorCode == .notFound)
                #expect(response.error?.message.contains(get.id) == true)
            case .get(let get):
                guard case .get(let answer)? = response.body else {
                    Issue.record("Get \(get.id) failed: \(response)")
                    continue
                }
                #expect(answer.article?.id == get.id)
                #expect(answer.article?.paragraphs.isEmpty == false)
            case .info:
                guard case .info(let info)? = response.body else {
                    Issue.record("Info failed: \(response)")
                    continue
                }
                #expect(Int(info.documentCount) == Self.seedIDs.count)
            default:
                Issue.record("unexpected body")
            }
        }
        #expect(seen.count == 300)
    }

    @Test("concurrent clients each get their own answers")
    func concurrentClients() async throws {
        let path = daemon.socketPath
        let ids = Self.seedIDs
        try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<12 {
                group.addTask {
                    let client = try TestClient(path: path)
                    try client.hello(compression: worker % 2 == 0)
                    var answered = 0
                    for round in 0..<100 {
                        let id = ids[(worker + round) % ids.count]
                        let response = try client.call(.get(GetRequest(id: id)))
                        guard case .get(let get)? = response.body, get.article?.id == id else {
                            throw TestFailure("worker \(worker) round \(round): \(response)")
                        }
                        answered += 1
                    }
                    return answered
                }
            }
            var total = 0
            for try await answered in group { total += answered }
            #expect(total == 1200)
        }
    }

    @Test("compressed responses decode to the same article as plain ones")
    func compression() throws {
        let plain = try TestClient(path: daemon.socketPath)
        #expect(try plain.hello(compression: false).compression == false)
        let compressed = try TestClient(path: daemon.socketPath)
        #expect(try compressed.hello(compression: true).compression == true)
        for id in Self.seedIDs {
            let a = try plain.call(.get(GetRequest(id: id)))
            let b = try compressed.call(.get(GetRequest(id: id)))
            #expect(a.body != nil)
            #expect(a.body == b.body)
        }
    }

    @Test("the first request must be a Hello; the connection is then closed")
    func handshakeRequired() throws {
        let client = try TestClient(path: daemon.socketPath)
        try client.send(Request(id: 7, body: .ping(PingRequest())))
        let responses = try client.receiveUntilClosed()
        #expect(responses.count == 1)
        #expect(responses.first?.errorCode == .handshakeRequired)
        #expect(responses.first?.id == 7)
    }

    /// The golden vectors of a Hello compressed with zstd (flags 0x01) and with the
    /// dictionary (0x03): valid frames, but never a valid first frame.
    @Test(
        "a compressed Hello is refused with HANDSHAKE_REQUIRED and a close",
        arguments: ["request-hello.zstd", "request-hello.dict"])
    func compressedHello(vector: String) throws {
        let text = try String(
            contentsOfFile: PackagePaths.root + "/Protocol/vectors/\(vector).txt", encoding: .utf8)
        let hex = try #require(
            text.split(separator: "\n").first { $0.hasPrefix("frame: ") }?.dropFirst(7))
        let frame = stride(from: 0, to: hex.count, by: 2).map { offset -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
        #expect(frame[4] & 0x01 == 0x01, "the vector is flagged compressed")

        let client = try TestClient(path: daemon.socketPath)
        try client.sendRaw(frame)
        let responses = try client.receiveUntilClosed()
        #expect(responses.count == 1)
        #expect(responses.first?.id == 0)
        #expect(responses.first?.errorCode == .handshakeRequired)
        let message = responses.first?.error?.message ?? ""
        #expect(message.contains("uncompressed"), "\(message)")
        #expect(message.contains("0x\(String(frame[4], radix: 16))"), "\(message)")

        // The same Hello sent plain is accepted on a new connection.
        let plain = try TestClient(path: daemon.socketPath)
        #expect(try plain.hello(compression: true).compression)
    }

    @Test("an unsupported protocol version is refused with the versions in the message")
    func unsupportedVersion() throws {
        let client = try TestClient(path: daemon.socketPath)
        try client.send(Request(id: 1, body: .hello(HelloRequest(minVersion: 7, maxVersion: 9))))
        let responses = try client.receiveUntilClosed()
        #expect(responses.first?.errorCode == .unsupportedVersion)
        #expect(responses.first?.error?.message.contains("7-9") == true)
    }

    @Test("an HTTP client gets one clear error frame and is disconnected at once")
    func httpPeer() throws {
        let client = try TestClient(path: daemon.socketPath, timeout: .seconds(3))
        try client.sendRaw(Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8))
        let responses = try client.receiveUntilClosed()
        #expect(responses.count == 1)
        #expect(responses.first?.errorCode == .malformedFrame)
        #expect(responses.first?.error?.message.contains("HTTP") == true)
    }

    @Test("a peer that never completes a Hello is cut off after the handshake timeout")
    func handshakeTimeout() throws {
        let client = try TestClient(path: daemon.socketPath, timeout: .seconds(5))
        try client.sendRaw([0, 0, 0, 9, 0, 1])  // a frame header, then silence
        let started = ContinuousClock.now
        let responses = try client.receiveUntilClosed()
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(responses.first?.errorCode == .handshakeRequired)
    }

    @Test("a frame over the handshake size limit is refused as too large")
    func oversizedFirstFrame() throws {
        let client = try TestClient(path: daemon.socketPath)
        try client.sendRaw([0, 0x10, 0, 0, 0])  // announces a 1 MiB frame
        let responses = try client.receiveUntilClosed()
        #expect(responses.first?.errorCode == .tooLarge)
    }

    @Test("a method this server does not know answers UNKNOWN_METHOD, not a fake result")
    func unknownMethods() throws {
        let client = try TestClient(path: daemon.socketPath)
        try client.hello()
        let unknown = try client.call(.unknown(fieldNumber: 99))
        #expect(unknown.errorCode == .unknownMethod)
        // The connection is still usable.
        #expect(try client.call(.ping(PingRequest())).body == .ping(PingResponse()))
    }

    @Test("Pings echo their payloads under their ids, up to 1 KiB, pipelined or compressed")
    func pingEchoes() throws {
        let payloads: [[UInt8]] = [
            [], [7], (0..<127).map { UInt8($0) }, (0..<1024).map { UInt8($0 % 251) },
        ]
        for compression in [false, true] {
            let client = try TestClient(path: daemon.socketPath)
            try client.hello(compression: compression)
            for (index, payload) in payloads.enumerated() {
                try client.send(
                    Request(
                        id: UInt64(1000 + index), deadlineMs: index % 2 == 0 ? 0 : 60_000,
                        body: .ping(PingRequest(payload: payload))))
            }
            for (index, payload) in payloads.enumerated() {
                let response = try client.receive()
                #expect(response.id == UInt64(1000 + index))
                #expect(response.error == nil)
                #expect(response.body == .ping(PingResponse(payload: payload)))
            }
            let over = try client.call(
                .ping(PingRequest(payload: Array(repeating: 1, count: 1025))))
            #expect(over.errorCode == .invalidArgument)
        }
    }

    @Test("bad arguments name the field")
    func invalidArguments() throws {
        let client = try TestClient(path: daemon.socketPath)
        try client.hello()
        let ping = try client.call(.ping(PingRequest(payload: Array(repeating: 1, count: 2000))))
        #expect(ping.errorCode == .invalidArgument)
        #expect(ping.error?.field == "payload")
        let get = try client.call(.get(GetRequest(id: "")))
        #expect(get.errorCode == .invalidArgument)
        #expect(get.error?.field == "id")
    }

    @Test("Describe lists the methods this server answers, with the administrative ones marked")
    func describe() throws {
        let client = try TestClient(path: daemon.socketPath)
        try client.hello()
        guard case .describe(let describe)? = try client.call(.describe(DescribeRequest())).body
        else {
            Issue.record("Describe failed")
            return
        }
        let names = Set(describe.methods.map(\.name))
        #expect(names.isSuperset(of: ["Hello", "Ping", "Info", "Get", "Reload"]))
        #expect(
            names.isSuperset(of: [
                "Kwic", "Terms", "Collocations", "Suggest", "Entities", "Timeline", "Similar",
            ]))
        #expect(describe.methods.first { $0.name == "Reload" }?.admin == true)
        #expect(describe.methods.first { $0.name == "Get" }?.admin == false)
        #expect(describe.errors.contains { $0.name == "PERMISSION_DENIED" })
    }

    @Test("beyond max-connections a client gets OVERLOADED and the others keep working")
    func connectionLimit() throws {
        var clients: [TestClient] = []
        for _ in 0..<40 {
            let client = try TestClient(path: daemon.socketPath)
            try client.hello()
            clients.append(client)
        }
        let extra = try TestClient(path: daemon.socketPath)
        let responses = try extra.receiveUntilClosed()
        #expect(responses.first?.errorCode == .overloaded)
        #expect(try clients[0].call(.ping(PingRequest())).errorCode == nil)
        clients.removeLast()
        // A slot frees up once a client leaves (the close is seen asynchronously).
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        var admitted = false
        while clock.now < deadline && !admitted {
            let client = try TestClient(path: daemon.socketPath)
            admitted = (try? client.hello()) != nil
            if !admitted { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(admitted)
    }

    @Test("a client that half-closes still gets every answer before the close")
    func halfClose() throws {
        let client = try TestClient(path: daemon.socketPath)
        try client.hello()
        for id in UInt64(1)...20 {
            try client.send(Request(id: id, body: .ping(PingRequest(payload: [UInt8(id)]))))
        }
        client.shutdownWrite()
        let responses = try client.receiveUntilClosed()
        #expect(Set(responses.map(\.id)) == Set(1...20))
    }
}
