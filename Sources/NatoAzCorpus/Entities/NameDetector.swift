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
    static func detect(index: SearchIndex, covered: [Int: [ClosedRange<Int>]]) -> [EntityRecord] {
        var found: [String: (name: String, titles: [String: Int], locations: [MentionLocation])] =
            [:]
        var order: [String] = []
        for number in index.documents.indices {
            var body = index.documents[number].text
            let taken = covered[number] ?? []
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
                        found[key] = (surface, [:], [])
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
        return order.map { key in
            let entry = found[key]!
            let titles = entry.titles.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
            return EntityRecord(
                name: entry.name, type: titles.isEmpty ? "name" : "person", aliases: [],
                fromTable: false, titles: titles, locations: entry.locations[...],
                documents: index.documents)
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
        var nameStart = 0
        var titleStart: Int? = nil
        for (offset, token) in run.enumerated() {
            let folded = Folding.fold(word(token))
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
            name.allSatisfy({
                !isAllCapitals(word($0)) && !sentenceStarters.contains(Folding.fold(word($0)))
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

    static func isAllCapitals(_ word: String) -> Bool {
        let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }
        return letters.count > 1 && letters.allSatisfy { $0.properties.isUppercase }
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
