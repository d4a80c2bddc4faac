/// One occurrence in a concordance (key word in context).
public struct ConcordanceLine: Sendable, Hashable {
    /// The document's id.
    public var docID: String
    /// Index position of the match's first word.
    public var position: Int
    /// UTF-8 byte offsets of the match in ``Document/text``: `start..<end`.
    public var start: Int
    /// The offset just past the match's last byte.
    public var end: Int
    /// Up to `width` characters before the match, cut at a word boundary, on one line.
    public var left: String
    /// The match as written (a phrase match spans all its words).
    public var match: String
    /// Up to `width` characters after the match, cut at a word boundary, on one line.
    public var right: String
}

/// One page of a concordance.
public struct Concordance: Sendable, Hashable {
    /// Occurrences on all pages.
    public var total: Int
    /// The requested page, in the requested order.
    public var lines: [ConcordanceLine]
}

/// How a concordance is ordered.
public enum ConcordanceOrder: Sendable, Hashable {
    /// Document id, then position.
    case document
    /// By the left context read right to left (the word before the match first), as
    /// concordancers sort; ties in document order.
    case left
    /// By the right context; ties in document order.
    case right
}

extension SearchIndex {
    /// The occurrences of what `query` matches in document bodies, with their context: the
    /// page `offset..<offset + limit` of all of them in `order`, and how many there are.
    ///
    /// `query` is any search query (a word, a `"phrase"`, `a OR b`, filters), analysed as
    /// search analyses it, so `peacekeeper` also shows `peacekeepers` and `Stoltenberg` shows
    /// `Столтенберг`. A phrase match (a quoted phrase, a multi-word alias) is one occurrence;
    /// every other matched word is its own, even beside another.
    ///
    /// Cost: occurrences are counted from the index's positions alone. Only the lines shown
    /// are read from the text in document order, each from the nearest checkpoint; sorting by
    /// context reads every occurrence's context (about `width` characters each side) and keeps
    /// the best `offset + limit`. So that a word in every article stays answerable, only the
    /// first `sortedOccurrences` occurrences (in document order) are sorted; `total` still
    /// counts all.
    ///
    /// `cancellation` stops the work once the answer is no longer wanted (a word in every
    /// article takes about a second at 100k articles): the page returned is then incomplete,
    /// and the caller, which sees `cancellation.wasCancelled`, must not use it.
    ///
    /// - Throws: ``QueryError`` for a malformed query.
    public func concordance(
        _ query: String, width: Int = 40, order: ConcordanceOrder = .document, offset: Int = 0,
        limit: Int = .max, sortedOccurrences: Int = 20_000, cancellation: WorkCancellation? = nil
    ) throws(QueryError) -> Concordance {
        let width = max(1, width)
        let offset = max(0, offset)
        let limit = max(0, limit)
        let end = offset > Int.max - limit ? Int.max : offset + limit
        var total = 0
        var lines: [ConcordanceLine] = []
        var sorter = ContextSorter(order: order, keep: end)
        for (visited, (number, occurrences)) in try concordanceOccurrences(
            query, cancellation: cancellation
        ).enumerated() {
            if visited & 255 == 255, cancellation?.isCancelled == true { break }
            defer { total += occurrences.count }
            if order == .document {
                let wanted = (total..<total + occurrences.count).clamped(to: offset..<end)
                guard !wanted.isEmpty else { continue }
                lines += concordanceLines(
                    document: number,
                    occurrences[(wanted.lowerBound - total)..<(wanted.upperBound - total)],
                    width: width)
            } else if !occurrences.isEmpty, total < sortedOccurrences {
                // Only the side sorted on: the other is read for the lines kept, below.
                let taken = occurrences.prefix(sortedOccurrences - total)
                for line in concordanceLines(
                    document: number, taken, width: width, sides: order == .left ? .left : .right)
                {
                    sorter.add(line, document: number)
                }
            }
        }
        if order != .document {
            lines = sorter.sorted().dropFirst(offset).map { line, number in
                var line = line
                var text = documents[number].text
                text.withUTF8 { body in
                    if order == .left {
                        line.right = Self.context(body, after: line.end, width: width)
                    } else {
                        line.left = Self.context(body, before: line.start, width: width)
                    }
                }
                return line
            }
        }
        return Concordance(total: total, lines: lines)
    }

    /// Every document `query` matches, in id order, with its occurrences in text order: how
    /// ``concordance(_:width:order:offset:limit:sortedOccurrences:)`` counts, without reading
    /// any text. Stops early, with the documents so far, when `cancellation` says so (with
    /// none if it says so before the matching documents are all known).
    func concordanceOccurrences(_ query: String, cancellation: WorkCancellation? = nil)
        throws(QueryError) -> [(document: Int, occurrences: [ClosedRange<Int>])]
    {
        let node = try QueryParser.parse(query)
        return try analyzers.withAnalyzer { analyzer throws(QueryError) in
            var evaluator = QueryEvaluator(
                storage: storage, documents: documents, analyzer: analyzer,
                options: SearchOptions(fuzzy: true), synonyms: synonyms,
                inflectedNames: inflectedNames)
            let plan = try evaluator.compile(node)
            // `lang:en` alone matched documents and showed nothing: total 0, as if no word
            // occurred (session 13's QA). A Kwic needs something to show in context.
            if evaluator.spanScorables.isEmpty, Self.hasFilter(node) {
                throw QueryError(
                    "nothing to show in context: filters only narrow a concordance; add a word "
                        + "or phrase (e.g. nato lang:en)", column: 1)
            }
            evaluator.cancellation = cancellation
            return storage.withPostings { [evaluator] source in
                var found: [(document: Int, occurrences: [ClosedRange<Int>])] = []
                let matching = evaluator.evaluate(plan, source)
                // Stopped while finding the documents: those found are not the first ones in
                // id order (an OR lacks its later parts), so none are kept.
                if cancellation?.wasCancelled == true { return found }
                for (visited, number) in matching.enumerated() {
                    // Positions of every matched document: most of the cost of a common word.
                    if visited & 255 == 255, cancellation?.isCancelled == true { break }
                    let spans = evaluator.matchedSpans(document: number, source)
                    let first = bodyFirstPosition(ofDocument: Int(number))
                    found.append((Int(number), Self.occurrences(spans, bodyFirst: first)))
                }
                return found
            }
        }
    }

    /// Whether `node` has a filter (`lang:en`) outside an exclusion.
    private static func hasFilter(_ node: QueryNode) -> Bool {
        switch node {
        case .filter: true
        case .word, .phrase, .not: false
        case .and(let children), .or(let children): children.contains(where: hasFilter)
        }
    }

    /// The longest stretch one occurrence may cover, in positions. Overlapping phrase matches
    /// of a repetitive text ("nato nato" in a page of "NATO NATO ...") would otherwise chain
    /// into one occurrence as long as the document.
    static let longestOccurrence: UInt32 = 64

    /// A document's matched body stretches as occurrences, in text order: a word match is one
    /// occurrence, a phrase match another, and stretches that overlap (a word inside a matched
    /// phrase) make one. Words that are merely side by side stay separate occurrences.
    static func occurrences(_ spans: [ClosedRange<UInt32>], bodyFirst: Int)
        -> [ClosedRange<Int>]
    {
        var body = spans.filter { Int($0.lowerBound) >= bodyFirst }
        body.sort { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
        var result: [ClosedRange<UInt32>] = []
        for span in body {
            if let last = result.last, span.lowerBound <= last.upperBound,
                span.upperBound - last.lowerBound < longestOccurrence
            {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, span.upperBound)
            } else if result.last.map({ span.upperBound > $0.upperBound }) ?? true {
                result.append(span)
            }
        }
        return result.map { Int($0.lowerBound)...Int($0.upperBound) }
    }

    /// Which contexts of a concordance line to read.
    enum ContextSides {
        case both, left, right
    }

    /// The lines of some occurrences (sorted by position) of one document; the side not in
    /// `sides` is left empty.
    func concordanceLines(
        document number: Int, _ occurrences: ArraySlice<ClosedRange<Int>>, width: Int,
        sides: ContextSides = .both
    ) -> [ConcordanceLine] {
        var text = documents[number].text
        let docID = documents[number].id
        return text.withUTF8 { body in
            var words = BodyWords()
            var lines: [ConcordanceLine] = []
            lines.reserveCapacity(occurrences.count)
            for occurrence in occurrences {
                guard
                    let (first, last) = words.span(
                        of: occurrence, index: self, document: number, body: body)
                else {
                    // The positions came from this text's own tokens; they always resolve.
                    assertionFailure("position \(occurrence) not found in \(docID)")
                    continue
                }
                lines.append(
                    ConcordanceLine(
                        docID: docID, position: occurrence.lowerBound, start: first.start,
                        end: last.end,
                        left: sides == .right
                            ? "" : Self.context(body, before: first.start, width: width),
                        match: String(
                            decoding: UnsafeBufferPointer(rebasing: body[first.start..<last.end]),
                            as: UTF8.self),
                        right: sides == .left
                            ? "" : Self.context(body, after: last.end, width: width)))
            }
            return lines
        }
    }
}

/// Keeps the first `keep` lines of a concordance sorted by context, in memory bounded by
/// `keep` rather than by the number of occurrences.
///
/// A line is keyed by its first ``shortWords`` words from the match outwards; only lines whose
/// short keys are equal are then compared by their whole context. That is the same order as
/// comparing whole contexts (a key is its words joined by spaces, and a space sorts before
/// every folded letter or digit, so a shorter key that is a prefix sorts first either way),
/// and at width 1000 it spares folding some 170 words of every occurrence.
private struct ContextSorter {
    private struct Entry {
        /// The key of the first ``shortWords`` words.
        var key: String
        /// Words follow those of `key`.
        var truncated: Bool
        /// The key of every word, once a tie on `key` needed it.
        var whole: String?
        var ordinal: Int
        var line: ConcordanceLine
        /// The document's number, to read the other side of the kept lines from.
        var document: Int
    }

    static let shortWords = 8

    let order: ConcordanceOrder
    let keep: Int
    private var entries: [Entry] = []
    private var added = 0

    init(order: ConcordanceOrder, keep: Int) {
        self.order = order
        self.keep = keep
    }

    mutating func add(_ line: ConcordanceLine, document: Int) {
        let (key, truncated) = Self.sortKey(words(of: line), limit: Self.shortWords)
        entries.append(
            Entry(
                key: key, truncated: truncated, whole: nil, ordinal: added, line: line,
                document: document))
        added += 1
        if entries.count - keep >= max(1024, keep) { prune() }
    }

    /// The lines kept, in order, with their documents' numbers.
    func sorted() -> [(line: ConcordanceLine, document: Int)] {
        var copy = self
        copy.prune()
        return copy.entries.map { ($0.line, $0.document) }
    }

    private func words(of line: ConcordanceLine) -> [Substring] {
        order == .left
            ? line.left.split(separator: " ").reversed() : line.right.split(separator: " ")
    }

    private mutating func prune() {
        entries.sort { ($0.key, $0.ordinal) < ($1.key, $1.ordinal) }
        // Lines with equal short keys, some of them cut short: ordered by their whole keys.
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].key == entries[start].key { end += 1 }
            if end - start > 1, entries[start..<end].contains(where: \.truncated) {
                for index in start..<end where entries[index].whole == nil {
                    entries[index].whole =
                        entries[index].truncated
                        ? Self.sortKey(words(of: entries[index].line), limit: .max).key
                        : entries[index].key
                }
                entries[start..<end].sort { ($0.whole!, $0.ordinal) < ($1.whole!, $1.ordinal) }
            }
            start = end
        }
        if entries.count > keep { entries.removeLast(entries.count - keep) }
    }

    /// Folded words joined by spaces (punctuation dropped), so case and accents do not sort:
    /// the first `limit` words that keep a letter or digit, and whether more words follow.
    private static func sortKey(_ words: [Substring], limit: Int) -> (key: String, truncated: Bool)
    {
        var key = ""
        var taken = 0
        for word in words {
            if taken == limit { return (key, true) }
            let folded = Folding.fold(
                needsFilter(word) ? word.filter { $0.isLetter || $0.isNumber }[...] : word)
            guard !folded.isEmpty else { continue }
            if taken > 0 { key += " " }
            key += folded
            taken += 1
        }
        return (key, false)
    }

    /// False when every scalar of `word` is a letter or digit (ASCII, Latin-1 to Latin
    /// Extended-B and IPA, Cyrillic), so that keeping the characters whose first scalar is
    /// one (what the filter does) keeps them all; true for anything else, which the filter
    /// then checks character by character (asking each one's properties, the slow part).
    @inline(__always)
    private static func needsFilter(_ word: Substring) -> Bool {
        for scalar in word.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A { continue }
                if value >= 0x30 && value <= 0x39 { continue }
                return true
            }
            if value >= 0xC0 && value <= 0x2AF && value != 0xD7 && value != 0xF7 { continue }
            if value >= 0x400 && value <= 0x52F && (value < 0x482 || value > 0x489) { continue }
            return true
        }
        return false
    }
}
