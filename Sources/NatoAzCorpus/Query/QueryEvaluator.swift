/// Resolves a parsed query against an index: analyses its words, finds their terms (exact,
/// prefix or typo-tolerant), and computes the set of matching documents.
///
/// Words and phrases that are not excluded are *scorables*: the ranker scores documents by them
/// and the snippet builder highlights them.
struct QueryEvaluator {
    /// What a query node became once resolved.
    indirect enum Plan {
        case group(Int)
        case phrase(Int)
        case filter(QueryFilter)
        case not(Plan)
        case and([Plan])
        case or([Plan])
        /// A word with nothing the index could contain (e.g. only combining marks).
        case nothing
    }

    /// A positively-used word or phrase.
    enum Scorable {
        case group(Int)
        case phrase(Int)
    }

    let storage: IndexStorage
    let documents: [Document]
    let analyzer: Analyzer
    let options: SearchOptions
    let synonyms: SynonymTable
    let inflectedNames: InflectedNames
    private(set) var groups: [MatchGroup] = []
    private(set) var phrases: [PhraseMatch] = []
    private(set) var scorables: [Scorable] = []
    /// The scorables less words that repeat an earlier one's terms, whose positions are the
    /// same: ``matchedSpans(document:_:)`` decodes each once (Kwic of `the` written 64 times
    /// took 7.7 s at 100k articles, 64 times the 0.12 s of one `the`).
    private(set) var spanScorables: [Scorable] = []
    /// Polled between the parts of an OR or an AND in ``evaluate(_:_:)``: finding the
    /// documents of 64 OR'd phrases of common words took 3.7 s at 100k articles before the
    /// first poll of the ranking. The phrases poll it too, while they are resolved (one
    /// phrase of common words, `"the the"`, takes up to 250 ms at 100k). Once it says so, the
    /// documents returned are incomplete; callers check `wasCancelled`.
    var cancellation: WorkCancellation? {
        didSet { for phrase in phrases { phrase.cancellation = cancellation } }
    }

    init(
        storage: IndexStorage, documents: [Document], analyzer: Analyzer, options: SearchOptions,
        synonyms: SynonymTable = SynonymTable(), inflectedNames: InflectedNames = InflectedNames()
    ) {
        self.storage = storage
        self.synonyms = synonyms
        self.inflectedNames = inflectedNames
        self.documents = documents
        self.analyzer = analyzer
        self.options = options
    }

    // MARK: - Compiling

    mutating func compile(_ node: QueryNode, negated: Bool = false) throws(QueryError) -> Plan {
        switch node {
        case .word(let text, let prefix, let column):
            if prefix { return addGroup(try prefixGroup(text, column: column), negated: negated) }
            let slots = querySlots(text)
            let plan = wordPlan(text, slots, negated: negated)
            return withSynonyms(text, slots, plan, negated: negated)
        case .phrase(let text, _):
            let slots = querySlots(text)
            let plan = wordPlan(text, slots, negated: negated, allowFuzzy: false)
            return withSynonyms(text, slots, plan, negated: negated)
        case .filter(let filter, _):
            return .filter(filter)
        case .not(let inner, _):
            return .not(try compile(inner, negated: !negated))
        case .and(let children):
            var plans: [Plan] = []
            for child in children { plans.append(try compile(child, negated: negated)) }
            return .and(plans)
        case .or(let children):
            var plans: [Plan] = []
            for child in children { plans.append(try compile(child, negated: negated)) }
            return .or(plans)
        }
    }

    /// `plan` (for `text`, analysed as `slots`) OR the table's other names for `text`, or for
    /// the name `text` inflects (one word, or a phrase word by word), each searched as a
    /// phrase.
    private mutating func withSynonyms(
        _ text: String, _ slots: [Slot], _ plan: Plan, negated: Bool
    ) -> Plan {
        var alternatives = synonyms.alternatives(for: text)
        if alternatives.isEmpty, slots.count == 1 {
            alternatives = inflectedNames.names(forTerms: slots[0].terms)
        } else if alternatives.isEmpty, slots.count > 1 {
            alternatives = inflectedNames.names(forPhrase: slots.map(\.terms))
        }
        guard !alternatives.isEmpty else { return plan }
        var plans = [plan]
        for alternative in alternatives {
            plans.append(
                wordPlan(
                    alternative, querySlots(alternative), negated: negated, allowFuzzy: false))
        }
        return .or(plans)
    }

    private mutating func addGroup(_ group: MatchGroup, negated: Bool) -> Plan {
        groups.append(group)
        if !negated {
            scorables.append(.group(groups.count - 1))
            let repeated = spanScorables.contains {
                if case .group(let earlier) = $0 {
                    groups[earlier].termIDs == group.termIDs
                } else {
                    false
                }
            }
            if !repeated { spanScorables.append(.group(groups.count - 1)) }
        }
        return .group(groups.count - 1)
    }

    /// A word (or quoted phrase) `text`, analysed as `slots`: one position becomes a group, several
    /// a phrase.
    private mutating func wordPlan(
        _ text: String, _ slots: [Slot], negated: Bool, allowFuzzy: Bool = true
    ) -> Plan {
        if slots.isEmpty { return .nothing }
        if slots.count == 1, allowFuzzy, options.fuzzy {
            // Typo tolerance applies to words when the word is missing in its own script, even
            // if a cross-script key matched ("Afganistan" meets "Афганистан" exactly, and
            // "Afghanistan" only by one edit); to keys only when nothing matched at all.
            let slot = slots[0]
            let ids = slot.terms.compactMap(storage.dictionary.termID)
            let words = ids.filter { TermDictionary.isWord(storage.dictionary.terms[$0]) }
            let fuzzyIDs = fuzzyTermIDs(
                slot, words: words.isEmpty, keys: ids.isEmpty)
            if !fuzzyIDs.isEmpty {
                let fuzzy = MatchGroup(
                    text: slot.surface, weight: options.ranking.fuzzyWeight, termIDs: fuzzyIDs,
                    dictionary: storage.dictionary)
                guard !ids.isEmpty else { return addGroup(fuzzy, negated: negated) }
                let exact = MatchGroup(
                    text: slot.surface, weight: 1, termIDs: ids, dictionary: storage.dictionary)
                return .or([addGroup(exact, negated: negated), addGroup(fuzzy, negated: negated)])
            }
        }
        var words: [MatchGroup] = []
        for slot in slots {
            let ids = slot.terms.compactMap(storage.dictionary.termID)
            words.append(
                MatchGroup(
                    text: slot.surface, weight: 1, termIDs: ids, dictionary: storage.dictionary))
        }
        if words.count == 1 { return addGroup(words[0], negated: negated) }
        let base = slots[0].position
        let phrase = PhraseMatch(
            text: text, words: words, offsets: slots.map { $0.position - base })
        phrase.cancellation = cancellation
        phrases.append(phrase)
        if !negated {
            scorables.append(.phrase(phrases.count - 1))
            spanScorables.append(.phrase(phrases.count - 1))
        }
        return .phrase(phrases.count - 1)
    }

    /// One query position: the surface word and every term it may match.
    private struct Slot {
        var position: Int
        var surface: String
        var terms: [String]
    }

    private func querySlots(_ text: String) -> [Slot] {
        var text = text
        return text.withUTF8 { bytes -> [Slot] in
            var slots: [Slot] = []
            for token in WordTokenizer.tokenize(utf8: bytes) {
                var terms = analyzer.queryTerms(
                    token: token, in: bytes, corpusLanguages: storage.languages)
                // Only respellings the corpus has: one it lacks would add a typo walk.
                let known = terms.contains { storage.dictionary.termID($0) != nil }
                for term in analyzer.respelledTurkicTerms(
                    token: token, in: bytes, corpusLanguages: storage.languages,
                    typedWordIsKnown: known)
                where !terms.contains(term) && storage.dictionary.termID(term) != nil {
                    terms.append(term)
                }
                if let last = slots.last, last.position == token.position {
                    slots[slots.count - 1].terms += terms.filter { !last.terms.contains($0) }
                } else {
                    let surface = String(Analyzer.string(bytes, token.start, token.end))
                    slots.append(Slot(position: token.position, surface: surface, terms: terms))
                }
            }
            return slots
        }
    }

    // MARK: - Prefixes

    private func prefixGroup(_ text: String, column: Int) throws(QueryError) -> MatchGroup {
        let folded = Folding.fold(text)
        var prefixes = [folded]
        if Transliteration.isCyrillic(folded) {
            let key = Transliteration.key(Transliteration.latin(fromCyrillic: folded))
            prefixes += [key, Analyzer.latinKeyMark + key]
        } else {
            prefixes.append(Analyzer.cyrillicKeyMark + Transliteration.key(folded))
        }
        var ids: [Int] = []
        for prefix in prefixes {
            let range = storage.dictionary.termIDs(withPrefix: prefix)
            if ids.count + range.count > options.maxPrefixExpansions {
                throw QueryError(
                    "'\(text)*' matches more than \(options.maxPrefixExpansions) terms; "
                        + "make the prefix longer", column: column)
            }
            ids += range
        }
        return MatchGroup(text: text + "*", weight: 1, termIDs: ids, dictionary: storage.dictionary)
    }

    // MARK: - Typo tolerance

    /// Terms within 1 edit (5-8 letters) or 2 edits (9+) of the word's terms: of its words
    /// (own script) and/or of its cross-script keys. A key gets no more edits than its own
    /// length allows: reduction can leave a long word a short key (`ssssaaaa` is `sa`), and
    /// one edit from a two-letter key is half the language's two-letter words. A term that
    /// is a word of under 5 letters (an apostrophe's base, `d` of `d'Artagnan`) gets none.
    private func fuzzyTermIDs(_ slot: Slot, words: Bool, keys: Bool) -> [Int] {
        let limit = Self.editLimit(letters: Folding.fold(slot.surface).unicodeScalars.count)
        guard limit > 0, words || keys else { return [] }
        let candidates = slot.terms.filter { TermDictionary.isWord($0) ? words : keys }
            .map { $0.unicodeScalars.map(\.value) }
        guard !candidates.isEmpty else { return [] }
        let dictionary = storage.dictionary
        let words = dictionary.wordIDs
        var ids: [Int] = []
        var walked: [[UInt32]] = []
        for candidate in candidates where !walked.contains(candidate) {
            walked.append(candidate)
            // Cross-script keys only meet keys of the same namespace, words only words.
            let isWord = candidate[0] >= 0x20
            let range =
                isWord
                ? words
                : dictionary.termIDs(
                    withPrefix: Unicode.Scalar(candidate[0]).map { String($0) } ?? "")
            // A key's first scalar names its namespace and is not a letter of it. A word
            // under 5 letters gets no edits, as if typed alone: `d'Artagnan` (2 edits) has
            // the term `d`, which met every `в` and `на` of the corpus (session 14's QA).
            let candidateLimit =
                isWord
                ? (Self.editLimit(letters: candidate.count) == 0 ? 0 : limit)
                : min(limit, Self.editLimit(letters: candidate.count - 1))
            var walk = FuzzyTermWalk(query: candidate, limit: candidateLimit)
            ids += walk.matches(in: dictionary.sorted, range: range)
        }
        if walked.count > 1 {
            ids.sort()
            ids = ids.indices.compactMap { $0 == 0 || ids[$0] != ids[$0 - 1] ? ids[$0] : nil }
        }
        return ids
    }

    /// The typo tolerance of a word of `letters` letters: none under 5, 1 edit up to 8, then 2.
    private static func editLimit(letters: Int) -> Int {
        letters >= 9 ? 2 : letters >= 5 ? 1 : 0
    }

    // MARK: - Evaluating

    /// Every position in `document` where a scorable matched, labelled with the scorable's
    /// number (phrases contribute all the positions they cover).
    func matchedPositions(document: Int32, _ source: PostingSource) -> [SnippetBuilder.Match] {
        var matches: [SnippetBuilder.Match] = []
        for (part, scorable) in scorables.enumerated() {
            switch scorable {
            case .group(let index):
                for position in groups[index].positions(in: document, source) {
                    matches.append(.init(position: position, part: part))
                }
            case .phrase(let index):
                let phrase = phrases[index]
                guard let entry = phrase.entry(for: document, source) else { continue }
                for position in phrase.coveredPositions(entry) {
                    matches.append(.init(position: position, part: part))
                }
            }
        }
        return matches
    }

    /// The stretches of `document` that each scorable matched: one position per word match,
    /// the whole covered stretch per phrase match, in no particular order.
    func matchedSpans(document: Int32, _ source: PostingSource) -> [ClosedRange<UInt32>] {
        var spans: [ClosedRange<UInt32>] = []
        for scorable in spanScorables {
            switch scorable {
            case .group(let index):
                for position in groups[index].positions(in: document, source) {
                    spans.append(position...position)
                }
            case .phrase(let index):
                let phrase = phrases[index]
                guard let entry = phrase.entry(for: document, source) else { continue }
                let last = phrase.length - 1
                for start in phrase.starts(of: entry) { spans.append(start...start + last) }
            }
        }
        return spans
    }

    /// The sorted numbers of the documents matching `plan`.
    ///
    /// An AND starts from its part expected to match fewest documents and narrows that list
    /// by the other parts: words are probed at the surviving documents only (skipping through
    /// their posting lists), filters are checked per document, anything else is evaluated and
    /// intersected.
    func evaluate(_ plan: Plan, _ source: PostingSource) -> [Int32] {
        switch plan {
        case .group(let index): return groups[index].documents(source)
        case .phrase(let index): return phrases[index].documents(source)
        case .nothing: return []
        case .filter(let filter): return storage.filters.documents(matching: filter)
        case .not(let inner):
            return DocumentSet.complement(evaluate(inner, source), count: documents.count)
        case .or(let plans):
            var result: [Int32] = []
            for plan in plans {
                if cancellation?.isCancelled == true { break }
                result = DocumentSet.union(result, evaluate(plan, source))
            }
            return result
        case .and(let plans):
            var included: [Plan] = []
            var excluded: [Plan] = []
            for plan in plans {
                if case .not(let inner) = plan {
                    excluded.append(inner)
                } else {
                    included.append(plan)
                }
            }
            let order = included.indices.sorted {
                (estimate(included[$0]), $0) < (estimate(included[$1]), $1)
            }
            var result =
                order.first.map { evaluate(included[$0], source) }
                ?? Array(0..<Int32(documents.count))
            for number in order.dropFirst() {
                if cancellation?.isCancelled == true { break }
                result = narrow(result, to: included[number], keeping: true, source)
            }
            for plan in excluded where cancellation?.isCancelled != true {
                result = narrow(result, to: plan, keeping: false, source)
            }
            return result
        }
    }

    /// The documents of `documents` that match `plan` (`keeping`) or do not.
    private func narrow(
        _ documents: [Int32], to plan: Plan, keeping: Bool, _ source: PostingSource
    ) -> [Int32] {
        if documents.isEmpty { return documents }
        switch plan {
        case .group(let index) where !groups[index].isMaterialized:
            var probe = groups[index].probe(source)
            return documents.filter { (probe.entry(at: $0) != nil) == keeping }
        case .filter(let filter):
            let test = storage.filters.test(filter)
            return documents.filter { test.matches($0) == keeping }
        default:
            let other = evaluate(plan, source)
            return keeping
                ? DocumentSet.intersection(documents, other)
                : DocumentSet.subtracting(documents, other)
        }
    }

    /// An upper bound of how many documents `plan` matches, cheap to get (nothing decoded).
    private func estimate(_ plan: Plan) -> Int {
        switch plan {
        case .group(let index): return groups[index].estimatedCount
        case .phrase(let index): return phrases[index].estimatedCount
        case .nothing: return 0
        // Filters are checked per document when anything else can drive.
        case .filter, .not: return documents.count
        case .or(let plans): return plans.reduce(0) { $0 + estimate($1) }
        case .and(let plans):
            return plans.map(estimate).min() ?? documents.count
        }
    }
}

/// Set operations on sorted arrays of document numbers.
enum DocumentSet {
    static func intersection(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] < b[j] {
                i += 1
            } else if a[i] > b[j] {
                j += 1
            } else {
                result.append(a[i])
                i += 1
                j += 1
            }
        }
        return result
    }

    static func union(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                result.append(a[i])
                i += 1
            } else if i == a.count || b[j] < a[i] {
                result.append(b[j])
                j += 1
            } else {
                result.append(a[i])
                i += 1
                j += 1
            }
        }
        return result
    }

    static func subtracting(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        var j = 0
        for value in a {
            while j < b.count, b[j] < value { j += 1 }
            if j == b.count || b[j] != value { result.append(value) }
        }
        return result
    }

    static func complement(_ a: [Int32], count: Int) -> [Int32] {
        subtracting(Array(0..<Int32(count)), a)
    }
}
