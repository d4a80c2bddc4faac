import NatoAzCorpus
import NatoAzProtocol

/// The corpus lookups beyond search: each maps a protocol request to a `NatoAzCorpus` call
/// on the generation's index, and its result back to protocol messages.
extension MethodHandlers {
    /// `limit` with its default applied, checked against the configured maximum.
    func pageLimit(_ requested: UInt32, default fallback: Int) throws(RequestFailure) -> Int {
        let maximum = context.configuration.maxResults
        // The default never exceeds what this server allows.
        let limit = requested == 0 ? min(fallback, maximum) : Int(requested)
        guard limit <= maximum else {
            throw .invalidArgument("limit", "limit \(limit) is above the maximum of \(maximum)")
        }
        return limit
    }

    func pageOffset(_ requested: UInt32) throws(RequestFailure) -> Int {
        guard Int(requested) <= 1_000_000 else {
            throw .invalidArgument("offset", "offset \(requested) is above 1000000")
        }
        return Int(requested)
    }

    /// An ISO 639-1 code, or nil for an empty string.
    func language(_ code: String, field: String = "lang") throws(RequestFailure) -> Language? {
        guard !code.isEmpty else { return nil }
        guard let language = Language(rawValue: code.lowercased()) else {
            let known = Language.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidArgument(
                field, "unknown language \(RequestFailure.quoted(code)); use one of \(known)")
        }
        return language
    }

    func timeline(_ request: TimelineRequest, _ generation: Generation<ServingCorpus>)
        throws(RequestFailure) -> TimelineResponse
    {
        let limit = try pageLimit(request.limit, default: 100)
        let offset = try pageOffset(request.offset)
        let lang = try language(request.lang)
        let documents: [Document]
        do {
            documents = try generation.content.index.timeline(
                TimelineQuery(from: request.dateFrom, to: request.dateTo, language: lang))
        } catch {
            // The bounds are parsed as `from..to`: columns past `from` belong to `to`.
            let field =
                error.column > request.dateFrom.unicodeScalars.count ? "date_to" : "date_from"
            throw .invalidArgument(field, error.message)
        }
        return TimelineResponse(
            total: UInt64(documents.count),
            entries: documents.dropFirst(offset).prefix(limit).map { document in
                TimelineEntry(
                    id: document.id, date: document.date?.description ?? "",
                    dateText: document.dateText ?? "", dateInferred: document.dateInferred,
                    title: document.title ?? "", place: document.place ?? "",
                    lang: document.lang.rawValue)
            })
    }

    func terms(_ request: TermsRequest, _ generation: Generation<ServingCorpus>)
        throws(RequestFailure) -> TermsResponse
    {
        let limit = try pageLimit(request.limit, default: 100)
        let offset = try pageOffset(request.offset)
        let mode: TermListQuery.Mode
        switch request.mode {
        case .surface: mode = .surface
        case .stem: mode = .stem
        default:
            throw .invalidArgument(
                "mode", "unknown terms mode \(request.mode.rawValue); 0 = surface, 1 = stem")
        }
        let page = generation.content.frequencies.page(
            TermListQuery(prefix: request.prefix, language: try language(request.lang), mode: mode),
            offset: offset, limit: limit)
        return TermsResponse(
            total: UInt64(page.total),
            terms: page.terms.map {
                TermCount(
                    term: $0.term, frequency: UInt64($0.frequency),
                    documentFrequency: UInt32(clamping: $0.documentFrequency))
            })
    }

    /// Completions a Suggest gets when it asks for none in particular (limit 0).
    static let suggestionsByDefault = 10

    func suggest(_ request: SuggestRequest, _ generation: Generation<ServingCorpus>)
        throws(RequestFailure) -> SuggestResponse
    {
        let limit = try pageLimit(request.limit, default: Self.suggestionsByDefault)
        guard request.prefix.unicodeScalars.count <= 256 else {
            throw .invalidArgument("prefix", "the prefix is longer than 256 characters")
        }
        return SuggestResponse(
            suggestions: generation.content.suggestions.complete(request.prefix, limit: limit).map {
                Suggestion(term: $0.text, frequency: UInt64($0.frequency))
            })
    }
}

extension MethodHandlers {
    /// Whether a lookup `cancellation` stopped is answered truncated (it was stopped by the
    /// server's bound on work); one stopped at the client's deadline, or because nobody
    /// waits for it any more, is not answered at all.
    static func truncated(_ cancellation: WorkCancellation?, work: String)
        throws(RequestFailure) -> Bool
    {
        guard let cancellation, cancellation.wasCancelled else { return false }
        guard cancellation.keepsPartialWork else { throw .stopped(work, by: cancellation) }
        return true
    }

    func kwic(
        _ request: KwicRequest, _ generation: Generation<ServingCorpus>,
        cancellation: WorkCancellation? = nil
    ) throws(RequestFailure) -> KwicResponse {
        guard !request.query.allSatisfy(\.isWhitespace) else {
            throw .invalidArgument("query", "the query is empty; give a word, phrase or query")
        }
        let limit = try pageLimit(request.limit, default: 25)
        let offset = try pageOffset(request.offset)
        guard request.width <= 1000 else {
            throw .invalidArgument("width", "width \(request.width) is above 1000 characters")
        }
        let order: ConcordanceOrder
        switch request.sort {
        case .document: order = .document
        case .left: order = .left
        case .right: order = .right
        default:
            throw .invalidArgument(
                "sort", "unknown sort \(request.sort.rawValue); 0 = document, 1 = left, 2 = right")
        }
        let page: Concordance
        do {
            page = try generation.content.index.concordance(
                request.query, width: request.width == 0 ? 40 : Int(request.width), order: order,
                offset: offset, limit: limit, cancellation: cancellation)
        } catch {
            throw .invalidArgument("query", "column \(error.column): \(error.message)")
        }
        let truncated = try Self.truncated(cancellation, work: "concordance")
        return KwicResponse(
            total: UInt64(page.total),
            lines: page.lines.map {
                KwicLine(
                    docID: $0.docID, position: UInt32(clamping: $0.position), left: $0.left,
                    match: $0.match, right: $0.right, offset: UInt32(clamping: $0.start))
            }, truncated: truncated)
    }

    /// One page of entities. `cancellation` is polled while mention lines are read back
    /// (each decompresses a document), while one document's entities are found and while the
    /// page is made; stopped, the request fails (a page cut short would look whole).
    func entities(
        _ request: EntitiesRequest, _ generation: Generation<ServingCorpus>,
        cancellation: WorkCancellation? = nil
    ) throws(RequestFailure) -> EntitiesResponse {
        let limit = try pageLimit(request.limit, default: 100)
        let offset = try pageOffset(request.offset)
        let index = generation.content.entities
        // A misspelt type ("persn") would otherwise list nothing and look like an answer.
        if !request.type.isEmpty, index.entities.count > 0 {
            let types = index.types
            if !types.contains(request.type.lowercased()) {
                throw RequestFailure(
                    .invalidArgument,
                    "no entity has type \(RequestFailure.quoted(request.type)); the types in "
                        + "this corpus are " + types.joined(separator: ", "), field: "type")
            }
        }
        var records: [EntityRecord]
        var withLines = false
        if !request.name.isEmpty {
            guard let record = index.entity(named: request.name) else {
                throw RequestFailure(
                    .notFound,
                    "no entity named \(RequestFailure.quoted(request.name)) (canonical names "
                        + "and aliases of \(EntityTable.fileName), and detected names, are "
                        + "known); list them with no name")
            }
            records = [record]
            withLines = true
        } else if !request.docID.isEmpty {
            guard generation.content.corpus.document(id: request.docID) != nil else {
                throw RequestFailure(
                    .notFound, "no document with id \(RequestFailure.quoted(request.docID))",
                    field: "doc_id")
            }
            records = index.entities(ofDocument: request.docID, cancellation: cancellation)
        } else {
            // Filtered by type number: a type name read and compared per entity of the corpus
            // cost a string each.
            records = index.entities(type: request.type)
        }
        if !request.type.isEmpty, withLines || !request.docID.isEmpty {
            let wanted = request.type.lowercased()
            records = records.filter { $0.type == wanted }
        }
        var page: [Entity] = []
        for (number, record) in records.dropFirst(offset).prefix(limit).enumerated() {
            if number & 63 == 63, cancellation?.isCancelled == true { break }
            page.append(
                Entity(
                    name: record.name, type: record.type, aliases: record.aliases,
                    mentions: UInt64(record.mentionCount),
                    docIDs: record.docIDs(
                        limit: withLines ? Self.maxDocIDs : Self.maxDocIDsListed),
                    mentionLines: withLines
                        ? index.mentions(
                            of: record, limit: Self.maxMentionLines, cancellation: cancellation
                        ).map {
                            Mention(docID: $0.docID, line: $0.line, surface: $0.surface)
                        } : [],
                    fromTable: record.fromTable, titles: record.titles,
                    documents: UInt64(record.documentCount)))
        }
        if cancellation?.wasCancelled == true {
            throw .stopped("entity lookup", by: cancellation)
        }
        return EntitiesResponse(total: UInt64(records.count), entities: page)
    }

    /// Mention lines returned for one entity: the first ones in document order (`mentions`
    /// still counts all). An entity named in every article of a large corpus
    /// would otherwise need a response far above any frame limit.
    static let maxMentionLines = 1_000

    /// Document ids returned for one entity looked up by name, and for each entity of a list:
    /// the first ones in id order (`documents` counts all). At 100k articles the by-name
    /// answer for "Ilham Aliyev" listed every id and came to 4.59 MB, over the frame limit.
    static let maxDocIDs = 1_000
    static let maxDocIDsListed = 100
}

extension MethodHandlers {
    func collocations(
        _ request: CollocationsRequest, _ generation: Generation<ServingCorpus>,
        cancellation: WorkCancellation? = nil
    ) throws(RequestFailure) -> CollocationsResponse {
        let words = request.word.split(whereSeparator: \.isWhitespace)
        guard words.count == 1 else {
            throw .invalidArgument(
                "word", words.isEmpty ? "give one word" : "give one word, not \(words.count)")
        }
        guard
            words[0].unicodeScalars.contains(where: {
                $0.properties.isAlphabetic || $0.properties.numericType != nil
            })
        else {
            throw .invalidArgument(
                "word",
                RequestFailure.quoted(words[0])
                    + " has no letters or digits: nothing to count around")
        }
        let limit = try pageLimit(request.limit, default: 25)
        guard request.window <= 50 else {
            throw .invalidArgument("window", "window \(request.window) is above 50 words")
        }
        let result = generation.content.index.collocations(
            of: String(words[0]),
            options: CollocationOptions(
                window: request.window == 0 ? 5 : Int(request.window),
                includeStopwords: request.includeStopwords,
                minFrequency: request.minFrequency == 0 ? 2 : Int(request.minFrequency),
                language: try language(request.lang)),
            cancellation: cancellation)
        let truncated = try Self.truncated(cancellation, work: "collocation count")
        return CollocationsResponse(
            node: result.node, nodeFrequency: UInt64(result.nodeFrequency),
            collocates: result.collocates.prefix(limit).map {
                Collocate(
                    term: $0.term, logDice: $0.logDice, cooccurrences: UInt64($0.cooccurrences),
                    frequency: UInt64($0.frequency))
            }, truncated: truncated)
    }

    func similar(
        _ request: SimilarRequest, _ generation: Generation<ServingCorpus>,
        cancellation: WorkCancellation? = nil
    ) throws(RequestFailure) -> SimilarResponse {
        guard !request.id.isEmpty else {
            throw .invalidArgument("id", "give a document id (a file name without .txt)")
        }
        let limit = try pageLimit(request.limit, default: 5)
        let index = generation.content.index
        guard let number = index.documentNumber(id: request.id) else {
            throw RequestFailure(
                .notFound,
                "no document with id \(RequestFailure.quoted(request.id)) in generation "
                    + "\(generation.number); ids are file names without .txt (find them with "
                    + "search)", field: "id")
        }
        let hits = index.similarDocuments(to: number, limit: limit, cancellation: cancellation)
        if cancellation?.wasCancelled == true {
            throw .stopped("similar-document ranking", by: cancellation)
        }
        return SimilarResponse(
            documents: hits.map { hit in
                let document = index.documents[hit.document]
                return SimilarDocument(
                    id: hit.docID, score: hit.score, title: document.title ?? "",
                    lang: document.lang.rawValue, date: document.date?.description ?? "",
                    sharedTerms: hit.sharedTerms)
            })
    }
}
