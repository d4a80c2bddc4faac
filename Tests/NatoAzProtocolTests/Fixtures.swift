import NatoAzProtocol

/// One realistic message per method and direction, with values from the seeds: the round-trip
/// tests and the golden vectors use these. Nearly every field is set to a non-default value.
enum Fixtures {
    static let limits = Limits(
        maxFrameBytes: 4_194_304, maxDecompressedBytes: 16_777_216, maxInFlight: 64,
        idleTimeoutMs: 300_000, maxResults: 1000, handshakeTimeoutMs: 5000)

    static let article = Article(
        id: "002_163f1bbd0ac872e2",
        title: "В Брюсселе состоялась встреча между Ильхамом Алиевым и генеральным секретарем НАТО",
        date: "2021-12-14",
        dateText: "14 декабря 2021, 18:45",
        dateInferred: false,
        dateEvidence: "",
        lang: "ru",
        source: "",
        author: "",
        place: "Брюссель",
        paragraphs: [
            "14 декабря по приглашению генерального секретаря НАТО состоялась встреча.",
            "Генеральный секретарь НАТО поблагодарил Азербайджан за вклад в миссию.",
        ],
        trailer: "--")

    static let reloadOutcome = ReloadOutcome(
        generation: 3, ok: false,
        message:
            "corpus directory /srv/natoaz/corpus: Permission denied; still serving generation 3",
        finishedAtUnixMs: 1_764_100_000_123, durationUs: 1520, documentCount: 5, rejectedCount: 1)

    /// (name, request body) for every method.
    static let requests: [(String, Request.Body)] = [
        (
            "hello",
            .hello(
                HelloRequest(
                    minVersion: 1, maxVersion: 1, compression: true, dictionaryIDs: [1_312_905_777],
                    clientName: "natoazctl 0.1.0"))
        ),
        ("ping", .ping(PingRequest(payload: [0x6e, 0x61, 0x74, 0x6f]))),
        ("info", .info(InfoRequest())),
        ("describe", .describe(DescribeRequest())),
        (
            "search",
            .search(
                SearchRequest(query: "Stoltenberg lang:ru", limit: 10, offset: 20, noFuzzy: true))
        ),
        ("get", .get(GetRequest(id: "003_285129050a8aee72"))),
        (
            "kwic",
            .kwic(KwicRequest(query: "peacekeeper", width: 40, sort: .right, limit: 50, offset: 5))
        ),
        (
            "terms",
            .terms(TermsRequest(lang: "az", prefix: "türk", mode: .stem, limit: 100, offset: 10))
        ),
        (
            "collocations",
            .collocations(
                CollocationsRequest(
                    word: "NATO", window: 5, includeStopwords: true, limit: 20, minFrequency: 2,
                    lang: "en"))
        ),
        ("suggest", .suggest(SuggestRequest(prefix: "turk", limit: 8))),
        (
            "entities",
            .entities(
                EntitiesRequest(
                    type: "person", name: "Ilham Aliyev", docID: "002_163f1bbd0ac872e2", limit: 10,
                    offset: 1))
        ),
        (
            "timeline",
            .timeline(
                TimelineRequest(
                    dateFrom: "2021-06", dateTo: "2021-12-31", lang: "en", limit: 100, offset: 2))
        ),
        ("similar", .similar(SimilarRequest(id: "000_b63174de97e40d1a", limit: 5))),
        ("stats", .stats(StatsRequest())),
        ("reload", .reload(ReloadRequest(wait: true))),
    ]

    /// (name, response body) for every method.
    static let responses: [(String, Response.Body)] = [
        (
            "hello",
            .hello(
                HelloResponse(
                    version: 1, compression: true, dictionaryID: 1_312_905_777, limits: limits,
                    serverName: "natoazd", serverVersion: "0.1.0"))
        ),
        ("ping", .ping(PingResponse(payload: [0x6e, 0x61, 0x74, 0x6f]))),
        (
            "info",
            .info(
                InfoResponse(
                    serverVersion: "0.1.0", protocolVersion: 1, limits: limits, generation: 3,
                    documentCount: 5, loadTimeUs: 48_211, loadedAtUnixMs: 1_764_099_000_000,
                    rejected: [
                        FileIssue(
                            file: "broken.txt",
                            reason: "binary file: NUL byte at offset 12; not an article")
                    ],
                    repaired: [
                        FileIssue(
                            file: "latin1.txt",
                            reason: "not valid UTF-8 at byte 7; decoded as Windows-1252")
                    ],
                    uptimeMs: 86_400_123, lastReload: reloadOutcome,
                    corpusPath: "/srv/natoaz/corpus",
                    ignored: ["entities.tsv", "README"], bytesRead: 15_435,
                    corpusSource: .snapshot,
                    snapshotPath: "/var/cache/natoaz/corpus-6c62272e07bb0142.snapshot",
                    snapshotWrittenAtUnixMs: 1_764_098_940_000, lookupsState: .ready))
        ),
        ("describe", .describe(.thisBuild)),
        (
            "search",
            .search(
                SearchResponse(
                    total: 2,
                    hits: [
                        Hit(
                            id: "002_163f1bbd0ac872e2", score: 7.8125,
                            title: "В Брюсселе состоялась встреча между Ильхамом Алиевым",
                            date: "2021-12-14", lang: "ru",
                            snippet: "генеральным секретарем Альянса Йенсом Столтенбергом.",
                            highlights: [ByteRange(start: 72, end: 98)], dateInferred: false),
                        Hit(
                            id: "001_4f019866b068d0a9", score: 3.25,
                            title: "Hikmet Hajiyev participates in political dialogue",
                            date: "--06-12", lang: "en",
                            snippet: "met NATO Secretary General Jens Stoltenberg in Brussels",
                            highlights: [ByteRange(start: 32, end: 43)], dateInferred: true),
                    ], generation: 3))
        ),
        ("get", .get(GetResponse(article: article))),
        (
            "kwic",
            .kwic(
                KwicResponse(
                    total: 3,
                    lines: [
                        KwicLine(
                            docID: "004_7335d4dbf30efac0", position: 61,
                            left: "transportation for", match: "peacekeeping",
                            right: "operations, and the Azerbaijani", offset: 512)
                    ]))
        ),
        (
            "terms",
            .terms(
                TermsResponse(
                    total: 812,
                    terms: [
                        TermCount(term: "nato", frequency: 41, documentFrequency: 5),
                        TermCount(term: "azerbaijan", frequency: 37, documentFrequency: 5),
                    ]))
        ),
        (
            "collocations",
            .collocations(
                CollocationsResponse(
                    node: "nato", nodeFrequency: 41,
                    collocates: [
                        Collocate(term: "secretary", logDice: 11.42, cooccurrences: 6, frequency: 7)
                    ]))
        ),
        (
            "suggest",
            .suggest(
                SuggestResponse(suggestions: [
                    Suggestion(term: "Türkiye", frequency: 4),
                    Suggestion(term: "Turkiye’s", frequency: 1),
                ]))
        ),
        (
            "entities",
            .entities(
                EntitiesResponse(
                    total: 1,
                    entities: [
                        Entity(
                            name: "Ilham Aliyev", type: "person",
                            aliases: ["Ильхам Алиев", "İlham Əliyev"], mentions: 9,
                            docIDs: ["000_b63174de97e40d1a", "002_163f1bbd0ac872e2"],
                            mentionLines: [
                                Mention(
                                    docID: "002_163f1bbd0ac872e2",
                                    line: "встреча между Ильхамом Алиевым и генеральным секретарем",
                                    surface: "Ильхамом Алиевым")
                            ], fromTable: true, titles: ["President"])
                    ]))
        ),
        (
            "timeline",
            .timeline(
                TimelineResponse(
                    total: 2,
                    entries: [
                        TimelineEntry(
                            id: "004_7335d4dbf30efac0", date: "2021-06-22",
                            dateText: "date 2021-06-22",
                            dateInferred: false, title: "", place: "Baku", lang: "en"),
                        TimelineEntry(
                            id: "000_b63174de97e40d1a", date: "--11-06", dateText: "November 6",
                            dateInferred: false, title: "", place: "", lang: "en"),
                    ]))
        ),
        (
            "similar",
            .similar(
                SimilarResponse(documents: [
                    SimilarDocument(
                        id: "003_285129050a8aee72", score: 0.61, title: "", lang: "en",
                        date: "2021-12-14", sharedTerms: ["aliyev", "brussels", "nato"])
                ]))
        ),
        (
            "stats",
            .stats(
                StatsResponse(
                    uptimeMs: 3_600_000, connectionsOpen: 2, connectionsTotal: 120,
                    connectionsRejected: 1,
                    methods: [
                        MethodStats(
                            method: 5, name: "Search", count: 1000, p50Us: 41, p90Us: 77,
                            p99Us: 130,
                            p999Us: 260, maxUs: 1900)
                    ],
                    errors: [ErrorCount(code: .invalidArgument, count: 3)],
                    bytesIn: 52_000, bytesOut: 410_000, bytesInRaw: 52_000, bytesOutRaw: 1_230_000,
                    corpusMemoryBytes: 2_400_000, generation: 3))
        ),
        ("reload", .reload(ReloadResponse(outcome: reloadOutcome, alreadyRunning: false))),
    ]

    static let error = ResponseError(
        code: .invalidArgument, message: "unbalanced quote at column 12: add the closing \"",
        field: "query")
}
