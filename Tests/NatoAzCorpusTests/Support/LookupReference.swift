import Testing

@testable import NatoAzCorpus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The straightforward versions of the lookups that the index answers by shortcuts: they read
/// every matching document whole. Tests compare the shortcuts against them.
enum LookupReference {
    /// Every concordance line, by tokenizing each matching document from its start. Which
    /// stretches are occurrences is the concordance's own rule (tested on its own in
    /// `RepetitiveTextTests`); what is checked here is that reading pages from checkpoints
    /// finds the same bytes and contexts as reading every document whole.
    static func concordance(_ index: SearchIndex, _ query: String, width: Int) throws
        -> [ConcordanceLine]
    {
        var lines: [ConcordanceLine] = []
        let occurrences = Dictionary(
            uniqueKeysWithValues: try index.concordanceOccurrences(query).map {
                ($0.document, $0.occurrences)
            })
        for matched in try index.matches(query) {
            let utf8 = Array(index.documents[matched.documentNumber].text.utf8)
            var body: [Int: MatchSpan] = [:]
            for span in matched.spans where span.field == .body { body[span.position] = span }
            for occurrence in occurrences[matched.documentNumber] ?? [] {
                let first = try #require(body[occurrence.lowerBound])
                let last = try #require(body[occurrence.upperBound])
                lines.append(
                    ConcordanceLine(
                        docID: matched.docID, position: first.position, start: first.start,
                        end: last.end, left: before(utf8, first.start, width),
                        match: String(decoding: utf8[first.start..<last.end], as: UTF8.self),
                        right: after(utf8, last.end, width)))
            }
        }
        return lines
    }

    /// Document-ordered lines sorted as concordancers sort (ties keep their order).
    static func sorted(_ lines: [ConcordanceLine], by order: ConcordanceOrder) -> [ConcordanceLine]
    {
        func key(_ words: [Substring]) -> String {
            words.map { Folding.fold($0.filter { $0.isLetter || $0.isNumber }[...]) }
                .filter { !$0.isEmpty }.joined(separator: " ")
        }
        let keys: [String]
        switch order {
        case .document: return lines
        case .left: keys = lines.map { key(Array($0.left.split(separator: " ").reversed())) }
        case .right: keys = lines.map { key($0.right.split(separator: " ").map { $0 }) }
        }
        return zip(lines, keys).enumerated().sorted {
            ($0.element.1, $0.offset) < ($1.element.1, $1.offset)
        }.map(\.element.0)
    }

    /// Context before `offset`, from the whole prefix of the text.
    static func before(_ utf8: [UInt8], _ offset: Int, _ width: Int) -> String {
        let scalars = Array(String(decoding: utf8[..<offset], as: UTF8.self).unicodeScalars)
        var start = max(0, scalars.count - width)
        if start > 0 {
            start =
                scalars[start...].firstIndex(where: { $0.properties.isWhitespace })
                ?? scalars.count
        }
        return collapse(scalars[start...])
    }

    /// Context after `offset`, from the whole rest of the text.
    static func after(_ utf8: [UInt8], _ offset: Int, _ width: Int) -> String {
        let scalars = Array(String(decoding: utf8[offset...], as: UTF8.self).unicodeScalars)
        var end = min(scalars.count, width)
        if end < scalars.count, !scalars[end].properties.isWhitespace {
            end = scalars[..<end].lastIndex(where: { $0.properties.isWhitespace }) ?? 0
        }
        return collapse(scalars[..<end])
    }

    private static func collapse(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Collocations counted over every document containing the node, each tokenized whole.
    static func collocations(
        _ index: SearchIndex, _ word: String, options: CollocationOptions
    ) -> CollocationResult {
        let nodeTerms = index.termIDs(forWord: word)
        let nodeSet = Set(nodeTerms)
        var nodePositions: [Int: Set<Int>] = [:]
        for term in nodeTerms {
            for posting in index.postings(ofTerm: term) {
                if let language = options.language,
                    index.documents[posting.document].lang != language
                {
                    continue
                }
                nodePositions[posting.document, default: []].formUnion(posting.positions)
            }
        }
        let window = max(1, options.window)
        var nodeFrequency = 0
        var counts: [Int: Int] = [:]
        for number in nodePositions.keys.sorted() {
            let nodes = nodePositions[number]!
            nodeFrequency += nodes.count
            let terms = positionTerms(index, number)
            for position in nodes {
                for other in (position - window)...(position + window) where other != position {
                    guard let (term, folded) = terms[other], !nodeSet.contains(term) else {
                        continue
                    }
                    if !options.includeStopwords, Stopwords.contains(folded) { continue }
                    counts[term, default: 0] += 1
                }
            }
        }
        let dictionary = index.dictionary
        var collocates: [CollocateScore] = []
        for (term, together) in counts where together >= max(1, options.minFrequency) {
            let frequency = Int(dictionary.collectionFrequencies[term])
            let dice = 14 + log2(2 * Double(together) / Double(nodeFrequency + frequency))
            // How a spelling is shown is not what this reference checks (the counting is).
            let shown =
                index.surfaceForms(ofTerm: term).first.map {
                    SearchIndex.displayed($0.text, languages: dictionary.languages(ofTerm: term))
                } ?? dictionary.terms[term]
            collocates.append(
                CollocateScore(
                    term: shown, stem: dictionary.terms[term], logDice: dice,
                    cooccurrences: together, frequency: frequency))
        }
        collocates.sort {
            if $0.logDice != $1.logDice { return $0.logDice > $1.logDice }
            if $0.cooccurrences != $1.cooccurrences { return $0.cooccurrences > $1.cooccurrences }
            return $0.term < $1.term
        }
        return CollocationResult(
            node: nodeTerms.filter { TermDictionary.isWord(dictionary.terms[$0]) }
                .map { dictionary.terms[$0] }.joined(separator: ","),
            nodeFrequency: nodeFrequency, collocates: collocates,
            nodeDocuments: nodePositions.count, documentsExamined: nodePositions.count,
            occurrencesExamined: nodeFrequency)
    }

    /// Each word position of a document with its primary term and folded spelling.
    private static func positionTerms(_ index: SearchIndex, _ number: Int) -> [Int: (Int, String)] {
        let document = index.documents[number]
        return index.analyzers.withAnalyzer { analyzer in
            var result: [Int: (Int, String)] = [:]
            var terms: [String] = []
            func add(_ text: String, from firstPosition: Int) {
                var text = text
                text.withUTF8 { bytes in
                    for token in WordTokenizer.tokenize(utf8: bytes, firstPosition: firstPosition)
                    where token.kind == .word {
                        terms.removeAll(keepingCapacity: true)
                        analyzer.documentTerms(
                            token: token, in: bytes, language: document.lang, into: &terms)
                        guard let primary = terms.first,
                            let id = index.dictionary.termID(primary)
                        else { continue }
                        let folded = Folding.fold(
                            Analyzer.string(bytes, token.start, token.baseEnd))
                        result[token.position] = (id, folded)
                    }
                }
            }
            if let title = document.title { add(title, from: 0) }
            add(document.text, from: index.bodyFirstPosition(ofDocument: number))
            return result
        }
    }
}

extension LookupReference {
    /// Each word term's occurrences and documents per language, from its postings.
    static func languageCounts(_ index: SearchIndex) -> [[Language: (Int, Int)]] {
        (0..<index.dictionary.count).map { id in
            var counts: [Language: (Int, Int)] = [:]
            guard TermDictionary.isWord(index.dictionary.terms[id]) else { return counts }
            for posting in index.postings(ofTerm: id) {
                let language = index.documents[posting.document].lang
                let (frequency, documents) = counts[language] ?? (0, 0)
                counts[language] = (frequency + posting.positions.count, documents + 1)
            }
            return counts
        }
    }

    /// The whole frequency list, by walking the vocabulary with `languageCounts(index)`.
    static func termList(
        _ index: SearchIndex, _ query: TermListQuery, counts: [[Language: (Int, Int)]]
    ) -> [TermFrequency] {
        let dictionary = index.dictionary
        // Surface spellings group with every apostrophe as U+0027 (`Turkiye’s` = `Turkiye's`).
        func spelling(_ text: String) -> String {
            String(Folding.fold(text).map { $0 == "\u{2019}" || $0 == "\u{02BC}" ? "'" : $0 })
        }
        let prefix = query.mode == .surface ? spelling(query.prefix) : Folding.fold(query.prefix)
        var lines: [String: TermFrequency] = [:]
        for id in 0..<dictionary.count where TermDictionary.isWord(dictionary.terms[id]) {
            var frequency = 0
            var documents = 0
            for (language, (f, d)) in counts[id] where query.language ?? language == language {
                frequency += f
                documents += d
            }
            guard frequency > 0 else { continue }
            switch query.mode {
            case .stem:
                guard dictionary.terms[id].utf8.starts(with: prefix.utf8) else { continue }
                lines[dictionary.terms[id]] = TermFrequency(
                    term: dictionary.terms[id], frequency: frequency,
                    documentFrequency: documents)
            case .surface:
                let forms = index.surfaceForms(ofTerm: id)
                let total = max(1, forms.reduce(0) { $0 + $1.count })
                for form in forms {
                    let folded = spelling(form.text)
                    guard !folded.isEmpty, folded.utf8.starts(with: prefix.utf8) else { continue }
                    let count =
                        frequency == Int(dictionary.collectionFrequencies[id])
                        ? form.count : form.count * frequency / total
                    guard count > 0 else { continue }
                    var line =
                        lines[folded]
                        ?? TermFrequency(term: folded, frequency: 0, documentFrequency: 0)
                    line.frequency += count
                    line.documentFrequency = max(line.documentFrequency, documents)
                    lines[folded] = line
                }
            }
        }
        // No spelling is in more documents than it occurs.
        let capped = lines.values.map {
            var line = $0
            line.documentFrequency = min(line.documentFrequency, line.frequency)
            return line
        }
        return capped.sorted {
            $0.frequency != $1.frequency ? $0.frequency > $1.frequency : $0.term < $1.term
        }
    }
}

extension LookupReference {
    /// A table entity's mentions as (document id, start, end), from whole-document matches.
    static func tableMentions(_ index: SearchIndex, _ entry: EntityTable.Entry) throws -> [String] {
        let query = entry.names.map { "\"" + $0.filter { $0 != "\"" } + "\"" }
            .joined(separator: " OR ")
        var result: [String] = []
        for matched in try index.matches(query, fuzzy: false) {
            var current: (start: Int, end: Int, position: Int, part: Int)? = nil
            for span in matched.spans where span.field == .body {
                if var group = current, span.part == group.part,
                    span.position == group.position + 1
                {
                    group.end = span.end
                    group.position = span.position
                    current = group
                    continue
                }
                if let group = current {
                    result.append("\(matched.docID) \(group.start) \(group.end)")
                }
                current = (span.start, span.end, span.position, span.part)
            }
            if let group = current { result.append("\(matched.docID) \(group.start) \(group.end)") }
        }
        return result
    }
}
