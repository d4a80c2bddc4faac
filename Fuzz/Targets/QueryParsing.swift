// libFuzzer target: the query language, parsed and then evaluated against an index of the
// seeds (what a Search request's `query` reaches in the daemon).
//
// Oracles, besides "no crash, no hang":
// - a QueryError points at a column inside the query (1 ... length + 1);
// - results are consistent: hits <= limit, total >= hits, every highlight lies inside its
//   snippet, scores are finite.
//
// Compiled into the NatoAzCorpus module by Fuzz/run.sh, so internal API is reachable. The
// seeds are read from `seeds/` relative to the working directory (run.sh runs from the
// repository root); without them only the parser is exercised.

private let index: SearchIndex? = {
    guard let corpus = try? CorpusLoader().load(directory: "seeds") else { return nil }
    return SearchIndex(documents: corpus.documents)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQueryParsing(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let query = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let length = query.unicodeScalars.count
    do {
        _ = try QueryParser.parse(query)
    } catch {
        precondition(
            (1...max(length + 1, 1)).contains(error.column),
            "column \(error.column) outside a query of \(length) characters")
    }
    guard let index else { return 0 }
    let options = SearchOptions(limit: 5, offset: size % 3, fuzzy: size % 2 == 0)
    guard let results = try? index.search(query, options: options) else { return 0 }
    precondition(results.hits.count <= options.limit, "more hits than the limit")
    precondition(results.total >= results.hits.count, "total below the hits returned")
    for hit in results.hits {
        precondition(hit.score.isFinite, "score \(hit.score)")
        let snippetBytes = hit.snippet.utf8.count
        for highlight in hit.highlights {
            precondition(
                0 <= highlight.start && highlight.start < highlight.end
                    && highlight.end <= snippetBytes,
                "highlight \(highlight.start)..<\(highlight.end) outside a snippet of "
                    + "\(snippetBytes) bytes")
        }
    }
    return 0
}
