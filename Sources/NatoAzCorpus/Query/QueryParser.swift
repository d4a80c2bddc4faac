/// Parses the query language into a ``QueryNode`` tree.
///
/// ```
/// query   := and
/// and     := or ( "AND"? or )*        (all must match; AND may be written, or left out)
/// or      := unary ( "OR" unary )*    (binds tighter: a b OR c = a AND (b OR c))
/// unary   := ( "-" | "NOT" ) primary | primary
/// primary := word | word"*" | '"' words '"' | field ":" value | "(" or ")"
/// field   := lang | date | source | id
/// ```
///
/// Every malformed input is a ``QueryError`` naming the problem and its column; nothing is
/// silently dropped except punctuation that cannot be searched for.
struct QueryParser {
    /// Longest query accepted, in Unicode scalars.
    static let maxLength = 1_000
    /// Most words, phrases and filters in one query (each costs a posting-list merge).
    static let maxClauses = 64
    /// Deepest nesting of parentheses.
    static let maxDepth = 16

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var clauses = 0
    private var depth = 0
    /// The first word of the current group skipped for having no letter or digit (`&`, `😀`),
    /// named by the error when nothing searchable is left.
    private var firstUnsearchable: (word: String, column: Int)?

    private init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    static func parse(_ text: String) throws(QueryError) -> QueryNode {
        var parser = QueryParser(text)
        if parser.scalars.count > maxLength {
            throw QueryError(
                "query is too long (\(parser.scalars.count) characters; at most \(maxLength))",
                column: maxLength + 1)
        }
        parser.skipSpace()
        if parser.atEnd {
            throw QueryError("empty query: type at least one word, phrase or filter", column: 1)
        }
        let node = try parser.parseOr()
        if !parser.atEnd {
            // parseOr stops only at ")" or the end.
            throw QueryError("unbalanced ')': no '(' opens it", column: parser.column)
        }
        try validate(node)
        return node
    }

    // MARK: - Grammar

    private var atEnd: Bool { index >= scalars.count }
    private var column: Int { index + 1 }
    private var current: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    /// A whole query or parenthesised group: clauses that must all match.
    private mutating func parseOr() throws(QueryError) -> QueryNode {
        let outerUnsearchable = firstUnsearchable
        firstUnsearchable = nil
        defer { firstUnsearchable = outerUnsearchable }
        var children: [QueryNode] = []
        while true {
            skipSpace()
            guard let scalar = current, scalar != ")" else { break }
            if isKeyword("OR") {
                throw QueryError("OR needs a word, phrase or filter on both sides", column: column)
            }
            if isKeyword("AND") {
                // Written AND is what juxtaposition means already; read as the word "and" it
                // left out every document without it (all the Russian ones, for a start).
                let andColumn = column
                index += 3
                skipSpace()
                if children.isEmpty || atEnd || current == ")" || isKeyword("OR")
                    || isKeyword("AND")
                {
                    throw QueryError(
                        "AND needs a word, phrase or filter on both sides", column: andColumn)
                }
                continue
            }
            if let node = try parseAlternatives() { children.append(node) }
        }
        if children.isEmpty {
            if let skipped = firstUnsearchable {
                throw QueryError(
                    "nothing to search for: '\(skipped.word)' has no letters or digits; "
                        + "type a word, phrase or filter", column: skipped.column)
            }
            throw QueryError("expected a word, phrase or filter", column: column)
        }
        return children.count == 1 ? children[0] : .and(children)
    }

    /// `a OR b OR c`: OR binds tighter than juxtaposition, so `nato brussels OR baku` means
    /// nato AND (brussels OR baku), as in web search engines.
    private mutating func parseAlternatives() throws(QueryError) -> QueryNode? {
        var branches: [QueryNode] = []
        if let first = try parseUnary() { branches.append(first) }
        while true {
            let save = index
            skipSpace()
            guard isKeyword("OR") else {
                index = save
                break
            }
            let orColumn = column
            index += 2
            skipSpace()
            if branches.isEmpty || atEnd || current == ")" || isKeyword("OR") || isKeyword("AND") {
                throw QueryError(
                    "OR needs a word, phrase or filter on both sides", column: orColumn)
            }
            guard let next = try parseUnary() else {
                throw QueryError(
                    "OR needs a word, phrase or filter on both sides", column: orColumn)
            }
            branches.append(next)
        }
        if branches.isEmpty { return nil }
        return branches.count == 1 ? branches[0] : .or(branches)
    }

    private mutating func parseUnary() throws(QueryError) -> QueryNode? {
        if isKeyword("NOT") {
            // `NOT word` as `-word`: read as the word "not", it matched the documents with it.
            let notColumn = column
            index += 3
            skipSpace()
            guard let next = current, next != ")", next != "-", !isKeyword("OR"),
                !isKeyword("AND"), !isKeyword("NOT")
            else {
                throw QueryError(
                    "NOT needs the word, phrase or filter to exclude after it", column: notColumn)
            }
            guard let node = try parsePrimary() else {
                throw QueryError("NOT must be followed by something searchable", column: notColumn)
            }
            return .not(node, column: notColumn)
        }
        guard current == "-" else { return try parsePrimary() }
        let minusColumn = column
        index += 1
        guard let next = current, !Self.isSpace(next), next != ")", next != "-" else {
            throw QueryError(
                "lone '-': put the word, phrase or filter to exclude right after it (-word)",
                column: minusColumn)
        }
        guard let node = try parsePrimary() else {
            throw QueryError("'-' must be followed by something searchable", column: minusColumn)
        }
        return .not(node, column: minusColumn)
    }

    /// Returns nil for a word with nothing searchable in it (pure punctuation).
    private mutating func parsePrimary() throws(QueryError) -> QueryNode? {
        let start = column
        switch current {
        case "(":
            depth += 1
            if depth > Self.maxDepth {
                throw QueryError(
                    "too many nested parentheses (at most \(Self.maxDepth))", column: start)
            }
            index += 1
            skipSpace()
            if current == ")" { throw QueryError("empty parentheses", column: start) }
            if atEnd { throw QueryError("unbalanced '(': no ')' closes it", column: start) }
            let inner = try parseOr()
            guard current == ")" else {
                throw QueryError("unbalanced '(': no ')' closes it", column: start)
            }
            index += 1
            depth -= 1
            return inner
        case let quote? where Self.closingQuote(for: quote) != nil:
            let text = try readQuoted()
            try countClause(at: start)
            if text.unicodeScalars.allSatisfy(Self.isSpace) {
                throw QueryError("empty phrase", column: start)
            }
            if !text.unicodeScalars.contains(where: Self.isSearchable) {
                throw QueryError(
                    "nothing to search for: the phrase has no letters or digits", column: start)
            }
            return .phrase(text, column: start)
        default:
            let word = readWord()
            if let colon = word.firstIndex(of: ":"), colon != word.startIndex,
                word[..<colon].allSatisfy(\.isLetter)
            {
                let valueColumn = start + word[...colon].unicodeScalars.count
                var value = String(word[word.index(after: colon)...])
                if value.isEmpty, let scalar = current, Self.closingQuote(for: scalar) != nil {
                    value = try readQuoted()  // source:"Trend News"
                }
                // `Azerbaijan: talks`, pasted from a headline, is a word with a colon, not a
                // filter with its value missing (a misspelt field with a value still errs).
                // A document field that is not a filter (`title: nato`) errs: searched as
                // the word, it left out every document without "title".
                let name = word[..<colon].lowercased()
                if value.isEmpty, Self.fieldExample(name) == nil,
                    !Self.documentFields.contains(name)
                {
                    return try wordNode(word, column: start)
                }
                try countClause(at: start)
                let filter = try Self.filter(
                    field: String(word[..<colon]), value: value, fieldColumn: start,
                    valueColumn: valueColumn)
                return .filter(filter, column: start)
            }
            return try wordNode(word, column: start)
        }
    }

    private mutating func wordNode(_ word: String, column start: Int) throws(QueryError)
        -> QueryNode?
    {
        try Self.rejectOperatorSuffix(word, column: start, afterPhrase: afterPhrase(start))
        var text = word
        var prefix = false
        if text.hasSuffix("*") {
            text.removeLast()
            prefix = true
        }
        if let star = text.unicodeScalars.firstIndex(of: "*") {
            let offset = text.unicodeScalars.distance(
                from: text.unicodeScalars.startIndex, to: star)
            throw QueryError("'*' only goes at the end of a word (prefix*)", column: start + offset)
        }
        guard text.unicodeScalars.contains(where: Self.isSearchable) else {
            if prefix {
                throw QueryError("'*' needs at least one letter or digit before it", column: start)
            }
            if firstUnsearchable == nil { firstUnsearchable = (word, start) }
            return nil
        }
        try countClause(at: start)
        return .word(text, prefix: prefix, column: start)
    }

    /// Whether the word at `column` follows a closing quote directly (`"a b"~3`).
    private func afterPhrase(_ column: Int) -> Bool {
        let before = column - 2
        guard before >= 0, before < scalars.count else { return false }
        return ["\"", "”", "»", "“"].contains(scalars[before])
    }

    /// Refuses Lucene's boost (`nato^2`) and its fuzzy and proximity operator (`nato~1`,
    /// `"a b"~3`): their punctuation was dropped, so `nato^2` searched for the phrase
    /// "nato 2" and `"a b"~3` for the phrase and the number 3, silently.
    private static func rejectOperatorSuffix(
        _ word: String, column: Int, afterPhrase: Bool
    ) throws(QueryError) {
        let scalars = Array(word.unicodeScalars)
        guard let mark = scalars.firstIndex(where: { $0 == "^" || $0 == "~" }) else { return }
        let suffix = scalars[(mark + 1)...]
        guard suffix.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }),
            afterPhrase && mark == 0 || scalars[..<mark].contains(where: isSearchable)
        else { return }
        let written = String(String.UnicodeScalarView(scalars[mark...]))
        if scalars[mark] == "^" {
            throw QueryError(
                "'^' boosts are not supported: remove '\(written)' (words in a title "
                    + "already rank higher)", column: column + mark)
        }
        throw QueryError(
            "'~' (fuzzy or proximity search) is not supported: remove '\(written)' "
                + "(typos are forgiven by default, and words close together rank higher)",
            column: column + mark)
    }

    // MARK: - Lexing

    private mutating func readWord() -> String {
        var word = String.UnicodeScalarView()
        while let scalar = current, !Self.isSpace(scalar), scalar != "(", scalar != ")",
            Self.closingQuote(for: scalar) == nil || isGershayim(at: index)
        {
            word.append(scalar)
            index += 1
        }
        return String(word)
    }

    /// Reads a quoted string starting at the opening quote.
    private mutating func readQuoted() throws(QueryError) -> String {
        let open = column
        guard let opening = current, let closing = Self.closingQuote(for: opening) else {
            return ""
        }
        index += 1
        var text = String.UnicodeScalarView()
        while let scalar = current,
            scalar != closing && !(closing == "”" && scalar == "\"") || isGershayim(at: index)
        {
            text.append(scalar)
            index += 1
        }
        if atEnd {
            throw QueryError(
                "unbalanced quote: the phrase opened here is never closed", column: open)
        }
        index += 1
        return String(text)
    }

    /// Whether the `"` at `position` stands between two Hebrew letters: typed for the
    /// gershayim of an acronym (`צה"ל`, `ארה"ב`), it is part of the word, not a quote (a
    /// query with one was an unbalanced quote).
    private func isGershayim(at position: Int) -> Bool {
        guard scalars[position] == "\"", position > 0, position + 1 < scalars.count else {
            return false
        }
        return Self.isHebrewLetterOrMark(scalars[position - 1])
            && (0x05D0...0x05F2).contains(scalars[position + 1].value)
    }

    /// A Hebrew letter (U+05D0-U+05F2) or a point or accent (U+0591-U+05C7) that may end a
    /// letter's cluster; not the maqaf, paseq, sof pasuq or nun hafukha (punctuation).
    private static func isHebrewLetterOrMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x05BE, 0x05C0, 0x05C3, 0x05C6: false
        case 0x0591...0x05C7, 0x05D0...0x05F2: true
        default: false
        }
    }

    private mutating func skipSpace() {
        while let scalar = current, Self.isSpace(scalar) { index += 1 }
    }

    /// Whether the operator `keyword` (`OR`, `AND`, `NOT`: upper case, a word of its own)
    /// starts at the current position.
    private func isKeyword(_ keyword: String) -> Bool {
        let letters = Array(keyword.unicodeScalars)
        let end = index + letters.count
        guard end <= scalars.count, scalars[index..<end].elementsEqual(letters) else {
            return false
        }
        return end == scalars.count || Self.isSpace(scalars[end]) || scalars[end] == "("
            || scalars[end] == ")" || scalars[end] == "\""
    }

    private mutating func countClause(at column: Int) throws(QueryError) {
        clauses += 1
        if clauses > Self.maxClauses {
            throw QueryError(
                "too many words, phrases and filters (at most \(Self.maxClauses))", column: column)
        }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value < 0x20
    }

    private static func isSearchable(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private static func closingQuote(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "\"": "\""
        case "“": "”"
        case "«": "»"
        case "„": "“"
        default: nil
        }
    }

    // MARK: - Filters

    private static func filter(
        field: String, value: String, fieldColumn: Int, valueColumn: Int
    ) throws(QueryError) -> QueryFilter {
        let name = field.lowercased()
        let fields = "lang, date, source, id"
        if documentFields.contains(name) {
            throw QueryError(
                "'\(field):' is not a filter (fields: \(fields)); to search titles, type the "
                    + "words: a match in a title ranks higher", column: fieldColumn)
        }
        if value.isEmpty {
            throw QueryError(
                "'\(field):' needs a value, e.g. \(fieldExample(name) ?? "lang:ru")",
                column: valueColumn)
        }
        switch name {
        case "lang", "language":
            let code = Folding.fold(value)
            let names: [String: Language] = [
                "english": .english, "russian": .russian, "azerbaijani": .azerbaijani,
                "turkish": .turkish, "unknown": .unknown, "ukrainian": .ukrainian,
                "kazakh": .kazakh,
            ]
            guard let language = Language(rawValue: code) ?? names[code] else {
                throw QueryError(
                    "unknown language '\(value)' (use en, ru, az, tr, uk, kk or und)",
                    column: valueColumn)
            }
            return .language(language)
        case "date":
            return try DateRangeParser.parse(value, column: valueColumn)
        case "source":
            let prefix = value.hasSuffix("*")
            let name = prefix ? String(value.dropLast()) : value
            return .source(Folding.fold(name), prefix: prefix)
        case "id":
            let prefix = value.hasSuffix("*")
            return .id(prefix ? String(value.dropLast()) : value, prefix: prefix)
        default:
            throw QueryError("unknown field '\(field)' (fields: \(fields))", column: fieldColumn)
        }
    }

    /// Fields of a document, or of other search engines' queries, that are not filters here:
    /// `title:` and `title: nato` are errors, not the word "title".
    static let documentFields: Set<String> = [
        "title", "author", "place", "body", "text", "intitle", "site", "url",
    ]

    /// An example of the field named `name` (lower case), or nil when there is no such field.
    private static func fieldExample(_ name: String) -> String? {
        switch name {
        case "lang", "language": "\(name):ru"
        case "date": "date:2021-12"
        case "source": "source:AZERTAC"
        case "id": "id:002*"
        default: nil
        }
    }

    // MARK: - Validation

    /// Names both spellings of an exclusion: a user who wrote `NOT nato` was told about `-`.
    private static let onlyExcludes =
        "nothing to search for: the query only excludes (with '-' or NOT); "
        + "add a word, phrase or filter to look for"

    /// Rejects a query (or an OR branch) that only excludes: it would have nothing to match.
    private static func validate(_ node: QueryNode) throws(QueryError) {
        switch node {
        case .not(let inner, let column):
            if case .not = inner {
                throw QueryError("double exclusion", column: column)
            }
            throw QueryError(
                onlyExcludes,
                column: column)
        case .and(let children):
            if children.allSatisfy({ if case .not = $0 { true } else { false } }),
                case .not(_, let column) = children[0]
            {
                throw QueryError(
                    onlyExcludes,
                    column: column)
            }
            for child in children {
                if case .not(let inner, _) = child {
                    try validateNested(inner)
                } else {
                    try validate(child)
                }
            }
        case .or(let branches):
            for branch in branches { try validate(branch) }
        case .word, .phrase, .filter:
            break
        }
    }

    private static func validateNested(_ node: QueryNode) throws(QueryError) {
        switch node {
        case .and, .or: try validate(node)
        default: break
        }
    }
}
