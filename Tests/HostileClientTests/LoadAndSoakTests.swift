import Dispatch
import Foundation
import NatoAzBenchKit
import NatoAzProtocol
import NatoAzTestSupport
import Synchronization
import Testing

/// N clients x M requests of a realistic mix, pipelined, while the corpus is reloaded over
/// and over (SIGHUP and the Reload method). Every request must be answered exactly once,
/// with the same answer as on a quiet daemon, and the daemon must end with the fds and
/// memory it started with.
///
/// CI size by default (a few seconds); `make soak` runs the long version through
/// NATOAZ_SOAK_CLIENTS, NATOAZ_SOAK_REQUESTS and NATOAZ_SOAK_RELOAD_MS.
@Suite("Load and soak", .timeLimit(.minutes(60)))
struct LoadAndSoakTests {
    static let environment = ProcessInfo.processInfo.environment
    static let clients = environment["NATOAZ_SOAK_CLIENTS"].flatMap { Int($0) } ?? 6
    static let requestsPerClient = environment["NATOAZ_SOAK_REQUESTS"].flatMap { Int($0) } ?? 250
    static let reloadEvery = environment["NATOAZ_SOAK_RELOAD_MS"].flatMap { Int($0) } ?? 150
    /// Requests a client sends before it reads their answers.
    static let window = 8

    @Test("every request answered exactly once and correctly, through reloads; no growth")
    func soak() throws {
        let daemon = try Daemon(arguments: [
            "--max-in-flight", "64", "--log-level", "warning", "--idle-timeout", "10m",
        ])
        let expected = try Expectations(daemon: daemon)
        // Warm up every path, including one reload, before taking the baseline.
        let admin = try ProtocolClient.connected(to: daemon.socketPath)
        _ = try admin.call(.reload(ReloadRequest(wait: true)))
        let baseline = try daemon.baseline()
        let startGeneration = try Self.generation(admin)

        let stop = Atomic<Bool>(false)
        let reloads = Atomic<Int>(0)
        let (pid, socketPath) = (daemon.pid, daemon.socketPath)
        let reloader = Thread {
            // Alternates SIGHUP and the Reload method (from its own admin connection).
            let reloadClient = try? ProtocolClient.connected(to: socketPath)
            var useSignal = true
            while !stop.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: Double(Self.reloadEvery) / 1000)
                if useSignal {
                    kill(pid, SIGHUP)
                } else {
                    _ = try? reloadClient?.call(.reload(ReloadRequest(wait: false)))
                }
                useSignal.toggle()
                reloads.add(1, ordering: .relaxed)
            }
        }
        reloader.start()

        let failures = Mutex<[String]>([])
        let answered = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: Self.clients) { clientNumber in
            do {
                let count = try Self.runClient(
                    clientNumber, requests: Self.requestsPerClient, expected: expected,
                    socket: socketPath)
                answered.add(count, ordering: .relaxed)
            } catch {
                failures.withLock { $0.append("client \(clientNumber): \(error)") }
            }
        }
        stop.store(true, ordering: .relaxed)
        while reloader.isExecuting { Thread.sleep(forTimeInterval: 0.01) }

        let problems = failures.withLock { $0 }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(answered.load(ordering: .relaxed) == Self.clients * Self.requestsPerClient)
        // Reloads really happened while the clients ran, and the last one succeeded.
        let endGeneration = try Self.generation(admin)
        #expect(reloads.load(ordering: .relaxed) >= 2)
        #expect(endGeneration > startGeneration)
        let info = try admin.call(.info(InfoRequest()))
        guard case .info(let details)? = info.body else { throw TestFailure("\(info)") }
        #expect(details.lastReload?.ok == true, "\(String(describing: details.lastReload))")
        admin.socket.close()
        try daemon.checkHealthy(after: baseline, allowedGrowthKiB: 16 * 1024)
    }

    /// The generation the daemon serves, once any reload in progress has finished.
    static func generation(_ client: ProtocolClient) throws -> UInt64 {
        let reload = try client.call(.reload(ReloadRequest(wait: true)))
        guard case .reload? = reload.body else { throw TestFailure("Reload: \(reload)") }
        let info = try client.call(.info(InfoRequest()))
        guard case .info(let details)? = info.body else { throw TestFailure("Info: \(info)") }
        return details.generation
    }

    /// One client: `requests` requests from the mix in windows of `window`, each answer
    /// matched to its request by id and checked. Returns how many were answered.
    static func runClient(
        _ number: Int, requests: Int, expected: Expectations, socket: String
    ) throws -> Int {
        let client = try ProtocolClient.connected(
            to: socket, compression: number % 2 == 0, dictionary: number % 4 == 0)
        var generator = SplitMix64(seed: UInt64(number + 1))
        var answered = 0
        var sent = 0
        while sent < requests {
            var outstanding: [UInt64: Request.Body] = [:]
            for _ in 0..<min(window, requests - sent) {
                let body = expected.randomRequest(using: &generator)
                let id = client.takeID()
                outstanding[id] = body
                try client.send(Request(id: id, body: body))
                sent += 1
            }
            while !outstanding.isEmpty {
                let response = try client.receive()
                guard let body = outstanding.removeValue(forKey: response.id) else {
                    throw TestFailure("an answer to id \(response.id), not in flight (twice?)")
                }
                try expected.check(response, answering: body)
                answered += 1
            }
        }
        return answered
    }
}

/// The answers of a quiet daemon, which the same requests must get under load: the corpus
/// does not change, so neither may the answers, whatever generation serves them.
struct Expectations: Sendable {
    let ids: [String]
    let articles: [String: Article]
    let queries: [String]
    let searches: [String: SearchResponse]
    let documentCount: UInt32

    init(daemon: Daemon) throws {
        let client = try ProtocolClient.connected(to: daemon.socketPath)
        ids = try Daemon.articleIDs(in: daemon.corpus)
        var articles: [String: Article] = [:]
        for id in ids {
            let response = try client.call(.get(GetRequest(id: id)))
            guard case .get(let got)? = response.body, let article = got.article else {
                throw TestFailure("Get \(id): \(response)")
            }
            articles[id] = article
        }
        self.articles = articles
        queries = [
            "NATO", "Azerbaijan", "НАТО", "Aliyev OR Алиев", "\"secretary general\"",
            "partnership -Russia", "Bakı", "peace*",
        ]
        var searches: [String: SearchResponse] = [:]
        for query in queries {
            let response = try client.call(.search(SearchRequest(query: query, limit: 10)))
            guard case .search(let results)? = response.body else {
                throw TestFailure("Search \(query): \(response)")
            }
            searches[query] = results
        }
        self.searches = searches
        #expect(searches["NATO"].map { $0.total > 0 } == true)
        let info = try client.call(.info(InfoRequest()))
        guard case .info(let details)? = info.body else { throw TestFailure("\(info)") }
        documentCount = details.documentCount
    }

    /// A request from a mix like natoazctl's users': mostly searches and gets.
    func randomRequest(using generator: inout SplitMix64) -> Request.Body {
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<15:
            return .ping(
                PingRequest(
                    payload: (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        case 15..<55:
            return .search(
                SearchRequest(query: queries.randomElement(using: &generator)!, limit: 10))
        case 55..<85: return .get(GetRequest(id: ids.randomElement(using: &generator)!))
        case 85..<88: return .get(GetRequest(id: "no-such-article"))
        case 88..<95: return .info(InfoRequest())
        default: return .describe(DescribeRequest())
        }
    }

    func check(_ response: Response, answering body: Request.Body) throws {
        switch body {
        case .ping(let ping):
            guard case .ping(let pong)? = response.body, pong.payload == ping.payload else {
                throw TestFailure("Ping answered \(response)")
            }
        case .search(let search):
            guard case .search(let results)? = response.body,
                let want = searches[search.query], results.total == want.total,
                results.hits.map(\.id) == want.hits.map(\.id)
            else {
                throw TestFailure("Search \(search.query) answered \(response)")
            }
        case .get(let get):
            if let want = articles[get.id] {
                guard case .get(let got)? = response.body, got.article == want else {
                    throw TestFailure("Get \(get.id) answered \(response)")
                }
            } else if response.errorCode != .notFound {
                throw TestFailure("Get \(get.id) (absent) answered \(response)")
            }
        case .info:
            guard case .info(let info)? = response.body, info.documentCount == documentCount
            else {
                throw TestFailure("Info answered \(response)")
            }
        case .describe:
            guard case .describe(let describe)? = response.body, !describe.methods.isEmpty else {
                throw TestFailure("Describe answered \(response)")
            }
        default:
            throw TestFailure("unexpected request in the mix: \(body)")
        }
    }
}
