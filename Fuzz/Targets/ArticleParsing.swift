// libFuzzer target: what the corpus loader does with one file's bytes: decoding (UTF-8,
// UTF-16, legacy code pages, control bytes) and the article parser (header, title, dateline,
// byline, dates, trailer, language).
//
// Oracles, besides "no crash, no hang": a parsed document has some body text or a title, no
// paragraph is empty, and a date (when found) is a valid calendar value.
//
// Compiled into the NatoAzCorpus module by Fuzz/run.sh, so internal API is reachable.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArticleParsing(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard case .text(let text, _) = TextDecoder.decode(bytes) else { return 0 }
    precondition(!text.utf8.contains(0), "decoded text contains a NUL byte")
    guard case .document(let document) = ArticleParser.parse(id: "fuzz", text: text) else {
        return 0
    }
    precondition(
        !document.paragraphs.isEmpty || document.title != nil, "a document with no text at all")
    for paragraph in document.paragraphs {
        precondition(!paragraph.isEmpty, "an empty paragraph")
    }
    if let date = document.date {
        precondition((1...12).contains(date.month), "month \(date.month)")
        if let day = date.day { precondition((1...31).contains(day), "day \(day)") }
    }
    return 0
}
