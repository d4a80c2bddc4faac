import NatoAzCorpus
import NatoAzProtocol

/// How a method is run: inline on the connection's event loop (cheap, bounded work), on a
/// worker thread (may take long), or through the reloader (administrative, asynchronous).
enum Execution {
    case inline
    case worker
    case reload
}

/// The answers to the lookups, as pure functions of the request and one corpus generation.
/// Connection handling (framing, limits, deadlines, access) lives in `ConnectionHandler`.
struct MethodHandlers: Sendable {
    let context: ServerContext

    /// Methods this server answers, with whether they need administrative rights.
    static let implemented: [(method: Method, admin: Bool)] = [
        (.hello, false), (.ping, false), (.info, false), (.describe, false), (.search, false),
        (.get, false), (.kwic, false), (.terms, false), (.collocations, false), (.suggest, false),
        (.entities, false), (.timeline, false), (.similar, false), (.stats, true),
        (.reload, true),
    ]

    /// Text bytes past which a Get is answered on a worker: building the answer decompresses
    /// and copies the text (a document of 8 MB held the event loop for about 33 ms, and 50
    /// such Gets pipelined by one client held every other connection of that loop for 1.6 s;
    /// session 15's QA). Below it the answer is built on the event loop, without a hop.
    static let largeDocumentBytes = 64 << 10

    /// The document a Get asks for, looked up once by dispatch: it decides where the answer
    /// is built (``largeDocumentBytes``), and the answer is built from it.
    struct FoundDocument: Sendable {
        /// Nil: no document has the id.
        let document: Document?

        init(_ request: GetRequest, in generation: Generation<ServingCorpus>) {
            document =
                request.id.isEmpty ? nil : generation.content.corpus.document(id: request.id)
        }

        /// Whether the document is large (see ``largeDocumentBytes``).
        var isLarge: Bool { (document?.textByteCount ?? 0) > largeDocumentBytes }
    }

    static func execution(of method: Method) -> Execution {
        switch method {
        case .reload: return .reload
        // A query's cost grows with the corpus and the query (prefixes, fuzzy matching); a
        // Timeline's with the corpus (it sorts every document it keeps).
        case .search, .terms, .kwic, .collocations, .similar, .entities, .timeline:
            return .worker
        default: return .inline
        }
    }

    /// Whether `method` needs administrative rights under this configuration.
    func isAdministrative(_ method: Method) -> Bool {
        switch method {
        case .reload: return true
        case .stats: return !context.configuration.publicStats
        default: return false
        }
    }

    /// Answers a request whose method runs inline or on a worker.
    ///
    /// `cancellation` stops a search, concordance, collocation count, similar-document
    /// ranking or entity lookup once its answer is no longer wanted (deadline passed, client
    /// gone) or it reached the server's bound on work; the other lookups are bounded by their
    /// limits and run to the end.
    func answer(
        _ body: Request.Body, generation: Generation<ServingCorpus>,
        cancellation: WorkCancellation? = nil
    ) throws(RequestFailure) -> Response.Body {
        switch body {
        case .ping(let request):
            return try ping(request)
        case .info:
            return .info(info(generation))
        case .describe:
            return .describe(describe())
        case .search(let request):
            return .search(try search(request, generation, cancellation: cancellation))
        case .get(let request):
            return .get(try get(request, generation))
        case .kwic(let request):
            return .kwic(try kwic(request, generation, cancellation: cancellation))
        case .entities(let request):
            return .entities(try entities(request, generation, cancellation: cancellation))
        case .collocations(let request):
            return .collocations(
                try collocations(request, generation, cancellation: cancellation))
        case .similar(let request):
            return .similar(try similar(request, generation, cancellation: cancellation))
        case .timeline(let request):
            return .timeline(try timeline(request, generation))
        case .terms(let request):
            return .terms(try terms(request, generation))
        case .suggest(let request):
            return .suggest(try suggest(request, generation))
        case .stats:
            return .stats(stats(generation))
        case .hello:
            throw .invalidArgument("hello", "the handshake is already done on this connection")
        case .unknown(let fieldNumber):
            throw RequestFailure(
                .unknownMethod,
                "method \(Int(fieldNumber) - 10) (request body field \(fieldNumber)) is not "
                    + "one this server knows (natoazd \(ServerVersion.current)); call Describe "
                    + "for the list")
        default:
            throw RequestFailure(
                .unknownMethod,
                "\(Self.displayName(body.method)) is not implemented in this server version "
                    + "(natoazd \(ServerVersion.current)); call Describe for the methods it answers"
            )
        }
    }

    // MARK: - Methods

    /// The largest Ping payload echoed (PROTOCOL.md).
    static let maxPingPayload = 1024

    /// Echoes the payload (at most 1 KiB); needs no corpus generation.
    func ping(_ request: PingRequest) throws(RequestFailure) -> Response.Body {
        guard request.payload.count <= Self.maxPingPayload else {
            throw .invalidArgument(
                "payload",
                "ping payload is \(request.payload.count) bytes; at most \(Self.maxPingPayload)")
        }
        return .ping(PingResponse(payload: request.payload))
    }

    /// The most files Info lists as rejected, repaired or ignored; the counts say how many
    /// there are. Listing all of a directory of 150,000 stray files made an Info answer of
    /// 5 MB, over the frame limit, so Info could not be had at all.
    static let maxListedFiles = 1000

    func info(_ generation: Generation<ServingCorpus>) -> InfoResponse {
        let report = generation.content.corpus.report
        let ignored = generation.content.ignoredFiles
        let listed = Self.maxListedFiles
        return InfoResponse(
            serverVersion: ServerVersion.current, protocolVersion: ProtocolVersion.current,
            limits: context.announcedLimits, generation: generation.number,
            documentCount: UInt32(clamping: generation.content.documentCount),
            loadTimeUs: ServerContext.microseconds(generation.loadDuration),
            loadedAtUnixMs: generation.loadedAtUnixMilliseconds,
            rejected: report.rejected.prefix(listed).map {
                FileIssue(file: $0.file, reason: "\($0.reason)")
            },
            repaired: report.repaired.prefix(listed).map {
                FileIssue(
                    file: $0.file, reason: $0.repairs.map(\.description).joined(separator: "; "))
            },
            uptimeMs: UInt64(ServerContext.milliseconds(context.uptime)),
            lastReload: context.store.lastReload.map(Self.outcome),
            corpusPath: generation.content.directory,
            ignored: Array(ignored.prefix(listed)),
            bytesRead: UInt64(report.bytesRead),
            entityTable: generation.content.entityTable.summary,
            corpusSource: generation.content.loadedFromSnapshot ? .snapshot : .text,
            snapshotPath: generation.content.snapshot?.path ?? "",
            snapshotWrittenAtUnixMs: generation.content.snapshot?.writtenAtUnixMilliseconds ?? 0,
            lookupsState: generation.content.lookupsReady ? .ready : .building,
            rejectedCount: UInt32(clamping: report.rejected.count),
            repairedCount: UInt32(clamping: report.repaired.count),
            ignoredCount: UInt32(clamping: ignored.count))
    }

    func describe() -> DescribeResponse {
        DescribeResponse(
            protocolVersion: ProtocolVersion.current,
            methods: Self.implemented.map { entry in
                MethodInfo(
                    number: UInt32(entry.method.rawValue), name: Self.displayName(entry.method),
                    doc: entry.method.doc, admin: isAdministrative(entry.method))
            },
            errors: ErrorCode.allKnown.filter { $0.rawValue != 0 }.map {
                ErrorInfo(code: UInt32($0.rawValue), name: $0.name, doc: $0.doc)
            })
    }

    func search(
        _ request: SearchRequest, _ generation: Generation<ServingCorpus>,
        cancellation: WorkCancellation? = nil
    ) throws(RequestFailure) -> SearchResponse {
        guard !request.query.allSatisfy(\.isWhitespace) else {
            throw .invalidArgument("query", "the query is empty; give words to look for")
        }
        let maximum = context.configuration.maxResults
        let limit = request.limit == 0 ? 10 : Int(request.limit)
        guard limit <= maximum else {
            throw .invalidArgument("limit", "limit \(limit) is above the maximum of \(maximum)")
        }
        guard Int(request.offset) <= 1_000_000 else {
            throw .invalidArgument("offset", "offset \(request.offset) is above 1000000")
        }
        let results: SearchResults
        do {
            results = try generation.content.index.search(
                request.query,
                options: SearchOptions(
                    limit: limit, offset: Int(request.offset), fuzzy: !request.noFuzzy),
                cancellation: cancellation)
        } catch {
            throw .invalidArgument("query", "column \(error.column): \(error.message)")
        }
        if results.isCancelled { throw .stopped("search", by: cancellation) }
        let corpus = generation.content.corpus
        return SearchResponse(
            total: UInt64(results.total),
            hits: results.hits.map { hit in
                Hit(
                    id: hit.docID, score: hit.score, title: hit.title ?? "",
                    date: hit.date?.description ?? "", lang: hit.lang.rawValue,
                    snippet: hit.snippet,
                    highlights: hit.highlights.map {
                        ByteRange(start: UInt32(clamping: $0.start), end: UInt32(clamping: $0.end))
                    },
                    dateInferred: corpus.document(id: hit.docID)?.dateInferred ?? false)
            },
            generation: generation.number)
    }

    func get(_ request: GetRequest, _ generation: Generation<ServingCorpus>) throws(RequestFailure)
        -> GetResponse
    {
        try get(request, found: FoundDocument(request, in: generation), generation)
    }

    /// The answer to a Get whose document `found` holds (looked up in `generation`).
    func get(
        _ request: GetRequest, found: FoundDocument, _ generation: Generation<ServingCorpus>
    ) throws(RequestFailure) -> GetResponse {
        guard !request.id.isEmpty else {
            throw .invalidArgument("id", "give a document id (a file name without .txt)")
        }
        guard let document = found.document else {
            throw RequestFailure(
                .notFound,
                "no document with id \(RequestFailure.quoted(request.id)) in generation "
                    + "\(generation.number); ids are file names without .txt (find them with "
                    + "search)")
        }
        return GetResponse(article: Self.article(document))
    }

    func stats(_ generation: Generation<ServingCorpus>) -> StatsResponse {
        let snapshot = context.stats.snapshot()
        return StatsResponse(
            uptimeMs: UInt64(ServerContext.milliseconds(context.uptime)),
            connectionsOpen: UInt32(clamping: snapshot.connectionsOpen),
            connectionsTotal: snapshot.connectionsTotal,
            connectionsRejected: snapshot.connectionsRejected,
            methods: snapshot.methods.map { entry in
                let method = Method(rawValue: Int32(entry.method))
                return MethodStats(
                    method: UInt32(entry.method), name: Self.displayName(method),
                    count: entry.count, p50Us: entry.p50Microseconds, p90Us: entry.p90Microseconds,
                    p99Us: entry.p99Microseconds, p999Us: entry.p999Microseconds,
                    maxUs: entry.maxMicroseconds)
            },
            errors: snapshot.errors.map {
                ErrorCount(code: ErrorCode(rawValue: Int32($0.code)), count: $0.count)
            },
            bytesIn: snapshot.bytesIn, bytesOut: snapshot.bytesOut,
            bytesInRaw: snapshot.bytesInRaw, bytesOutRaw: snapshot.bytesOutRaw,
            corpusMemoryBytes: UInt64(generation.content.memoryBytes),
            generation: generation.number)
    }

    // MARK: - Mapping

    static func outcome(_ attempt: ReloadAttempt) -> ReloadOutcome {
        ReloadOutcome(
            generation: attempt.generation, ok: attempt.succeeded, message: attempt.message,
            finishedAtUnixMs: attempt.finishedAtUnixMilliseconds,
            durationUs: ServerContext.microseconds(attempt.duration),
            documentCount: UInt32(clamping: attempt.documentCount),
            rejectedCount: UInt32(clamping: attempt.rejectedCount))
    }

    static func article(_ document: Document) -> Article {
        Article(
            id: document.id, title: document.title ?? "", date: document.date?.description ?? "",
            dateText: document.dateText ?? "", dateInferred: document.dateInferred,
            dateEvidence: document.dateEvidence ?? "", lang: document.lang.rawValue,
            source: document.source ?? "", author: document.author ?? "",
            place: document.place ?? "", paragraphs: document.paragraphs,
            trailer: document.trailer ?? "")
    }

    /// "METHOD_SEARCH" -> "Search".
    static func displayName(_ method: Method) -> String {
        let name = method.name
        guard name.hasPrefix("METHOD_") else { return name }
        let word = name.dropFirst("METHOD_".count)
        return word.prefix(1) + word.dropFirst().lowercased()
    }
}
