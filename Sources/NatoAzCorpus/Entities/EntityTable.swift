#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The editable alias table of a corpus: named entities with their type and their names in
/// any language, read from ``fileName`` in the corpus directory.
///
/// Format (UTF-8 text, one entity per line, fields separated by `|` or a tab):
///
/// ```
/// # canonical name | type        | aliases (any language, any number) ...
/// NATO             | organisation | НАТО | North Atlantic Treaty Organization | NATO'nun
/// Turkey           | country      | Türkiye | Turkiye | Турция | Türkiyə
/// ```
///
/// `#` starts a comment line; blank lines are skipped; surrounding spaces are trimmed. The
/// type is one word (`person`, `country`, `city`, `organisation`, `operation`, ...). Aliases
/// are matched as search matches phrases (folded, stemmed, transliterated), so `Ильхам Алиев`
/// also finds `Ильхамом Алиевым`. A malformed line is skipped and reported with its number.
public struct EntityTable: Sendable, Hashable {
    /// The file the daemon reads in the corpus directory.
    public static let fileName = "entities.tsv"

    /// One entity of the table.
    public struct Entry: Sendable, Hashable {
        /// The name shown for the entity (the line's first column).
        public var canonical: String
        /// The entity's kind as the table writes it: `person`, `country`, `organisation`, ...
        public var type: String
        /// Other names, in table order (the canonical name not repeated).
        public var aliases: [String]
        /// The 1-based line it came from.
        public var line: Int

        /// The canonical name and the aliases.
        public var names: [String] { [canonical] + aliases }
    }

    /// A skipped line.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line number.
        public var line: Int
        /// Why the line was skipped, and what the line should look like.
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The entities, in table order.
    public var entries: [Entry] = []
    /// The lines skipped, in file order.
    public var problems: [Problem] = []

    /// An empty table (a corpus without `entities.tsv`).
    public init() {}

    /// Parses the table's text.
    public init(parsing text: String) {
        var seen: [String: Int] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = number + 1
            let trimmed = raw.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            // Names reach terminals through natoazctl: a control character (ESC, CSI...) in
            // one could drive the terminal. The line is not echoed, for the same reason.
            if let control = trimmed.unicodeScalars.first(where: Self.isControl) {
                problems.append(
                    Problem(
                        line: line,
                        message: "control character \(Self.codePoint(control)) in the line; "
                            + "remove it"))
                continue
            }
            let fields = trimmed.split(whereSeparator: { $0 == "|" || $0 == "\t" })
                .map { $0.trimmingWhitespace() }
            guard fields.count >= 2, !fields[0].isEmpty else {
                problems.append(
                    Problem(
                        line: line,
                        message:
                            "expected 'canonical | type | alias ...', found '\(trimmed.prefix(60))'"
                    ))
                continue
            }
            let type = fields[1].lowercased()
            guard !type.isEmpty, type.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" }) else {
                problems.append(
                    Problem(
                        line: line,
                        message: "type '\(fields[1])' must be one word, e.g. person, country, "
                            + "city, organisation"))
                continue
            }
            let key = SynonymTable.key(fields[0])
            guard !key.isEmpty else {
                problems.append(
                    Problem(line: line, message: "canonical name '\(fields[0])' has no letters"))
                continue
            }
            if let earlier = seen[key] {
                problems.append(
                    Problem(
                        line: line,
                        message: "'\(fields[0])' is already defined on line \(earlier)"))
                continue
            }
            seen[key] = line
            var aliases: [String] = []
            // A set, not `aliases.contains`: a line of 100,000 aliases took n² comparisons.
            var listed: Set<String> = []
            for alias in fields.dropFirst(2) where !alias.isEmpty {
                let aliasKey = SynonymTable.key(alias)
                if aliasKey.isEmpty || aliasKey == key || !listed.insert(alias).inserted {
                    continue
                }
                aliases.append(alias)
            }
            entries.append(
                Entry(canonical: fields[0], type: type, aliases: aliases, line: line))
        }
    }

    /// C0 controls other than tab (the field separator), DEL and C1 controls.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// `U+001B` for ESC.
    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The table as synonym groups for search: each entity's names are searched as one.
    public var synonyms: SynonymTable {
        SynonymTable(groups: entries.map(\.names))
    }

    /// One line for logs and Info: `entities.tsv: 42 entities, 180 aliases; skipped line 7: ...`.
    public var summary: String {
        let aliases = entries.reduce(0) { $0 + $1.aliases.count }
        var text = "\(Self.fileName): \(entries.count) entities, \(aliases) aliases"
        if !problems.isEmpty {
            text += "; skipped " + problems.map(\.description).joined(separator: "; ")
        }
        return text
    }
}

/// What reading a corpus directory's alias table gave.
public enum EntityTableLoad: Sendable, Hashable {
    /// The directory has no table.
    case absent
    case loaded(EntityTable)
    /// The file exists but could not be used (unreadable, not UTF-8, too large).
    case failed(String)

    /// Reads ``EntityTable/fileName`` from `directory`.
    public static func read(directory: String, maxBytes: Int = 16 << 20) -> EntityTableLoad {
        let path =
            directory.hasSuffix("/")
            ? directory + EntityTable.fileName : directory + "/" + EntityTable.fileName
        switch FileReader.readFile(path: path, limit: maxBytes) {
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failed("\(EntityTable.fileName): not valid UTF-8; save it as UTF-8")
            }
            return .loaded(EntityTable(parsing: text))
        case .rejected(let reason, _):
            if case .unreadable(let errno, _) = reason, errno == ENOENT { return .absent }
            return .failed("\(EntityTable.fileName): not loaded: \(reason)")
        case .notCached:
            // Only a read asked to defer an uncached file answers this; this one waits.
            return .failed("\(EntityTable.fileName): not read")
        }
    }

    /// The table, or an empty one.
    public var table: EntityTable {
        if case .loaded(let table) = self { return table }
        return EntityTable()
    }

    /// For Info: what was loaded or why not; empty when absent.
    public var summary: String {
        switch self {
        case .absent: ""
        case .loaded(let table): table.summary
        case .failed(let message): message
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
