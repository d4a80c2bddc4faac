import NatoAzProtocol

/// Which request is number `n` of a run: the same `n` always gives the same request, so a run
/// is reproducible whatever the connection that happens to send it.
struct RequestPlan: Sendable {
    /// Names of the groups latencies are reported by: query classes for search, methods for
    /// mix, the method alone otherwise.
    let groups: [String]
    private let method: LoadOptions.Method
    private let queries: [BenchmarkQuery]
    private let kwicWords: [String]
    private let ids: [String]
    private let limit: UInt32

    init(options: LoadOptions) {
        method = options.method
        queries = options.queries
        ids = options.ids
        limit = options.limit
        let words = options.queries.filter { $0.queryClass == .single }.map(\.text)
        kwicWords = words.isEmpty ? options.queries.map(\.text) : words
        switch options.method {
        case .search: groups = QueryClass.allCases.map(\.rawValue)
        case .mix: groups = ["ping", "search", "get", "kwic"]
        default: groups = [options.method.rawValue]
        }
    }

    /// Request `n`'s body and the index of its report group.
    func request(_ n: Int) -> (body: Request.Body, group: Int) {
        switch method {
        case .ping: return (.ping(PingRequest()), 0)
        case .search:
            let query = queries[n % queries.count]
            let group = QueryClass.allCases.firstIndex(of: query.queryClass) ?? 0
            return (.search(SearchRequest(query: query.text, limit: limit)), group)
        case .get: return (.get(GetRequest(id: ids.isEmpty ? "" : ids[n % ids.count])), 0)
        case .kwic:
            return (.kwic(KwicRequest(query: kwicWords[n % kwicWords.count], limit: limit)), 0)
        case .mix:
            // A fixed 20-slot pattern: 2 ping, 10 search, 5 get, 3 kwic.
            let slot = n % 20
            let round = n / 20
            if slot < 2 { return (.ping(PingRequest()), 0) }
            if slot < 12 {
                let query = queries[(round * 10 + slot - 2) % queries.count]
                return (.search(SearchRequest(query: query.text, limit: limit)), 1)
            }
            if slot < 17 {
                let id = ids.isEmpty ? "" : ids[(round * 5 + slot - 12) % ids.count]
                return (.get(GetRequest(id: id)), 2)
            }
            let word = kwicWords[(round * 3 + slot - 17) % kwicWords.count]
            return (.kwic(KwicRequest(query: word, limit: limit)), 3)
        }
    }

    /// Whether every request of the plan is the same but for its id (so its frame can be
    /// encoded once: `RequestFrameTemplate`).
    var isConstant: Bool { method == .ping }

    /// Whether the plan sends get requests (and so needs document ids).
    var needsIDs: Bool { method == .get || method == .mix }
}
