import NatoAzCorpus
import NatoAzProtocol

extension MethodHandlers {
    /// The most bytes a text field of a request run on a worker may have: a query is at most
    /// 1,000 characters (`SearchIndex.maxQueryLength`; 4,000 bytes at 4 a character), an id
    /// a file name (at most 255 bytes), a word, prefix, language, type or entity name
    /// shorter still.
    static let maxTextFieldBytes = 4_096

    /// Refuses, on the event loop, a request for a worker whose text field is longer than
    /// any it can use. Checked before it is queued: a queued request keeps its decoded body,
    /// and a zstd frame of 1.4 KB decompresses to a 15 MB query. Session 14's QA: one client
    /// pipelining 128 such Searches (180 KB sent) took natoazd from 82 MB to 1.8 GB resident
    /// while they waited for the workers.
    static func checkTextSizes(_ body: Request.Body) throws(RequestFailure) {
        let fields: [(name: String, bytes: Int)]
        switch body {
        case .search(let request): fields = [("query", request.query.utf8.count)]
        case .kwic(let request): fields = [("query", request.query.utf8.count)]
        case .collocations(let request):
            fields = [("word", request.word.utf8.count), ("lang", request.lang.utf8.count)]
        case .terms(let request):
            fields = [("prefix", request.prefix.utf8.count), ("lang", request.lang.utf8.count)]
        case .similar(let request): fields = [("id", request.id.utf8.count)]
        case .entities(let request):
            fields = [
                ("type", request.type.utf8.count), ("name", request.name.utf8.count),
                ("doc_id", request.docID.utf8.count),
            ]
        default: return
        }
        for field in fields where field.bytes > maxTextFieldBytes {
            let limit =
                field.name == "query"
                ? "a query is at most \(SearchIndex.maxQueryLength) characters"
                : "at most \(maxTextFieldBytes) bytes"
            throw .invalidArgument(
                field.name, "\(field.name) is too long (\(field.bytes) bytes; \(limit))")
        }
    }
}
