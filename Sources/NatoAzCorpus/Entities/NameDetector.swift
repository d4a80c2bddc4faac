import Dispatch
import Synchronization

/// Finds names the alias table lacks: runs of two to four Titlecase words, after the titles
/// in front of them.
///
/// ```
/// ... with Azerbaijani Defence Minister Col-Gen Zakir Hasanov in Baku ...
///          ^---------------------run-----------------------^
///          dropped     ^-----titles------------^ ^--name---^
/// ```
///
/// Words that name offices (`Minister`, `Col-Gen`, `Президент`) become titles; words that end
/// an organisation's name (`Command`, `Ministry`, `Assembly`) cut the run, so
/// `NATO Allied Land Command Metin Tokel` gives `Metin Tokel`. Runs touching a table
/// entity's mention, all-capital words (`NATO`) and runs with words that only start
/// sentences (`The`, `During`) are not names.
enum NameDetector {
    /// Detects the names of every document. The documents are cut into contiguous chunks that
    /// `parallelism` threads take in turn; the chunks' findings are joined in document order,
    /// so the records, their mentions and their order are those of one pass over all documents
    /// whatever the number of chunks or threads (at 100,000 articles this pass, which expands
    /// and tokenizes every body, was 8 CPU seconds on one thread).
    static func detect(
        index: SearchIndex, covered: [Int: [ClosedRange<Int>]],
        parallelism: Int = SystemInfo.onlineProcessors, documentsPerChunk: Int = 512
    ) -> [EntityDraft] {
        let count = index.documents.count
        let chunkCount = count == 0 ? 1 : 1 + (count - 1) / max(1, documentsPerChunk)
        let chunks = (0..<chunkCount).map {
            count * $0 / chunkCount..<count * ($0 + 1) / chunkCount
        }
        var names = Names()
        if chunkCount == 1 || parallelism <= 1 {
            for chunk in chunks { names.detect(in: chunk, index: index, covered: covered) }
        } else {
            let slots = Mutex([Names?](repeating: nil, count: chunkCount))
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: min(parallelism, chunkCount)) { _ in
                while true {
                    let chunk = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard chunk < chunkCount else { return }
                    var found = Names()
                    found.detect(in: chunks[chunk], index: index, covered: covered)
                    slots.withLock { $0[chunk] = found }
                }
            }
            for found in slots.withLock({ $0 }) { names.append(found!) }
        }
        return names.order.map { key in
            let entry = names.found[key]!
            let titles = entry.titles.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
            return EntityDraft(
                name: entry.name, type: titles.isEmpty ? "name" : "person", aliases: [],
                fromTable: false, titles: titles, locations: entry.locations)
        }
    }

    /// The names found in a run of documents, by key (``SynonymTable/key(_:)``), in the order
    /// they were first seen.
    private struct Names: Sendable {
        struct Found: Sendable {
            /// The spelling it was first seen with.
            var name: String
            var titles: [String: Int]
            var locations: [MentionLocation]
        }
        var found: [String: Found] = [:]
        var order: [String] = []

        /// Adds the names of a later run of documents: new keys go after the known ones, and
        /// a known name's mentions after its earlier ones, as one pass over both runs would.
        mutating func append(_ later: Names) {
            for key in later.order {
                let next = later.found[key]!
                if found[key] == nil {
                    found[key] = next
                    order.append(key)
                } else {
                    found[key]!.titles.merge(next.titles, uniquingKeysWith: +)
                    found[key]!.locations.append(contentsOf: next.locations)
                }
            }
        }

        mutating func detect(
            in documents: Range<Int>, index: SearchIndex, covered: [Int: [ClosedRange<Int>]]
        ) {
            for number in documents {
                detect(
                    document: number, index: index, covered: covered[number] ?? [])
            }
        }

        private mutating func detect(
            document number: Int, index: SearchIndex, covered taken: [ClosedRange<Int>]
        ) {
            var body = index.documents[number].text
            let bodyFirst = index.bodyFirstPosition(ofDocument: number)
            body.withUTF8 { bytes in
                let text = UnsafeBufferPointer(rebasing: bytes[...])
                var run: [WordToken] = []
                func finish() {
                    defer { run.removeAll(keepingCapacity: true) }
                    guard run.count >= 2, let (titles, name) = split(run, text: text) else {
                        return
                    }
                    let first = name.first!.position
                    let last = name.last!.position
                    if taken.contains(where: { $0.overlaps(first...last) }) { return }
                    let surface = String(
                        decoding: UnsafeBufferPointer(
                            rebasing: text[name.first!.start..<name.last!.end]), as: UTF8.self)
                    let key = SynonymTable.key(surface)
                    if found[key] == nil {
                        found[key] = Found(name: surface, titles: [:], locations: [])
                        order.append(key)
                    }
                    if !titles.isEmpty { found[key]!.titles[titles, default: 0] += 1 }
                    found[key]!.locations.append(
                        MentionLocation(
                            document: Int32(number), first: Int32(first), last: Int32(last)))
                }
                for token in WordTokenizer.tokenize(utf8: text, firstPosition: bodyFirst)
                where token.kind == .word {
                    let adjacent =
                        run.last.map { previous in
                            let gap = text[previous.end..<token.start]
                            // Spaces, or the hyphen of a hyphenated rank (`Col-Gen`).
                            return !gap.isEmpty
                                && (gap.allSatisfy { $0 == 0x20 } || gap.elementsEqual([0x2D]))
                        } ?? true
                    if !adjacent { finish() }
                    if startsUppercase(text, at: token.start) {
                        run.append(token)
                    } else {
                        finish()
                    }
                }
                finish()
            }
        }
    }

    /// Whether the word at `offset` starts with an uppercase letter (decoded in place: this
    /// runs for every word of the corpus).
    static func startsUppercase(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        let lead = text[offset]
        if lead < 0x80 { return lead >= 0x41 && lead <= 0x5A }
        var decoder = UTF8()
        var iterator = UnsafeBufferPointer(rebasing: text[offset...]).makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return false }
        return scalar.properties.isUppercase
    }

    /// The titles (joined) and the name words of a run, or nil when it holds no name.
    static func split(_ run: [WordToken], text: UnsafeBufferPointer<UInt8>) -> (
        String, ArraySlice<WordToken>
    )? {
        func word(_ token: WordToken) -> String {
            String(
                decoding: UnsafeBufferPointer(rebasing: text[token.start..<token.baseEnd]),
                as: UTF8.self)
        }
        // Each word folded once: this runs for every run of capitalised words in the corpus.
        let folded = run.map { Folding.fold(word($0)) }
        var nameStart = 0
        var titleStart: Int? = nil
        for offset in run.indices {
            let folded = folded[offset]
            if titleWords.contains(folded) {
                if titleStart == nil || offset != nameStart { titleStart = offset }
                nameStart = offset + 1
            } else if organisationEnds.contains(folded) || sentenceStarters.contains(folded) {
                titleStart = nil
                nameStart = offset + 1
            }
        }
        let name = run[nameStart...]
        guard (2...4).contains(name.count),
            name.indices.allSatisfy({
                !isAllCapitals(word(run[$0])) && !sentenceStarters.contains(folded[$0])
            })
        else { return nil }
        let titles =
            titleStart.map { start in
                String(
                    decoding: UnsafeBufferPointer(
                        rebasing: text[run[start].start..<run[nameStart - 1].baseEnd]),
                    as: UTF8.self)
            } ?? ""
        return (titles, name)
    }

    static func isCapitalised(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first else { return false }
        return first.properties.isUppercase
    }

    /// More than one letter, all of them uppercase (counted in place, no array of letters).
    static func isAllCapitals(_ word: String) -> Bool {
        var letters = 0
        for scalar in word.unicodeScalars where scalar.properties.isAlphabetic {
            guard scalar.properties.isUppercase else { return false }
            letters += 1
        }
        return letters > 1
    }

    /// Folded words that are offices or ranks (en, ru, az, tr).
    static let titleWords: Set<String> = [
        "president", "minister", "defence", "defense", "foreign", "prime", "secretary",
        "general", "col", "brig", "lt", "maj", "colonel", "gen", "lt-gen", "maj-gen", "major",
        "lieutenant",
        "chief", "head", "ambassador", "deputy", "assistant", "mr", "mrs", "ms", "dr",
        "commander", "admiral", "leader", "national", "permanent", "representative", "speaker",
        "chairman", "spokesperson", "spokesman", "envoy", "special", "king", "queen",
        "президент", "министр", "генеральныи", "секретарь", "посол", "генерал", "премьер",
        "prezident", "nazir", "sefir", "cumhurbaskanı", "cumhurbaskani", "bakan", "bakanı",
        "sekreter", "general-polkovnik",
    ]

    /// Folded words that end an organisation's or a place's name.
    static let organisationEnds: Set<String> = [
        "command", "ministry", "council", "assembly", "mission", "republic", "department",
        "administration", "organization", "organisation", "alliance", "summit", "agency",
        "committee", "forces", "office", "parliament", "headquarters", "union", "nations",
        "states", "kingdom", "federation", "support", "partnership", "programme", "program",
    ]

    /// Capitalised only because they open a sentence (or a headline), never part of a name.
    static let sentenceStarters: Set<String> = [
        "the", "a", "an", "in", "on", "at", "during", "after", "before", "speaking", "earlier",
        "later", "he", "she", "they", "it", "this", "that", "these", "those", "we", "i", "as",
        "and", "but", "for", "with", "from", "by", "of", "to", "also", "noting", "recalling",
        "additionally", "however", "meanwhile", "today", "yesterday", "on", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "в", "на", "по", "он", "она", "затем", "как",
    ]
}
