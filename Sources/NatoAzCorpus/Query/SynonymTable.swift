/// Names that mean the same thing in different languages or spellings (an entity's aliases),
/// so that searching one finds them all: `Turkey` also finds `Türkiye` and `Турция`,
/// `"Resolute Support"` also finds «Решительная поддержка».
///
/// Lookups are by folded words (case and diacritics ignored, no stemming), for a single query
/// word or a quoted phrase; the alternatives are then searched like phrases, with stemming, so
/// `Турция` in the table still matches the text's `Турцией`. A query word that inflects a name
/// (`Турции`) is found through ``InflectedNames``.
public struct SynonymTable: Sendable, Hashable {
    /// The groups each key (``key(_:)``) is in, in the order they were added. Each name's
    /// other names are read from its groups when asked for: a table of every name's
    /// alternatives held n² names per group of n, and built them in n³ comparisons (1,000
    /// entities of 100 aliases: 7.8 s and 236 MB to load 3 articles; session 16's QA).
    private var groupsByKey: [String: [Int]] = [:]
    /// The groups as added, for ``InflectedNames``.
    private(set) var groups: [[String]] = []
    /// The keys of each group's names, in step with `groups`.
    private var keys: [[String]] = []

    /// An empty table.
    public init() {}

    /// Each group lists names that are equivalent (any language, words or phrases).
    public init(groups: [[String]]) {
        for group in groups { add(group) }
    }

    /// Adds one group of equivalent names.
    public mutating func add(_ group: [String]) {
        let number = groups.count
        let groupKeys = group.map(Self.key)
        groups.append(group)
        keys.append(groupKeys)
        var added: Set<String> = []
        for key in groupKeys where !key.isEmpty && added.insert(key).inserted {
            groupsByKey[key, default: []].append(number)
        }
    }

    /// Whether the table is empty.
    public var isEmpty: Bool { groupsByKey.isEmpty }

    /// The other names for `name` (empty when the table has none): the names of its groups,
    /// in the order added, that have another key, each once.
    public func alternatives(for name: String) -> [String] {
        let key = Self.key(name)
        guard let numbers = groupsByKey[key] else { return [] }
        var names: [String] = []
        var listed: Set<String> = []
        for number in numbers {
            for (other, otherKey) in zip(groups[number], keys[number])
            where otherKey != key && listed.insert(other).inserted {
                names.append(other)
            }
        }
        return names
    }

    /// Folded words joined by single spaces: `Resolute  SUPPORT` -> `resolute support`.
    static func key(_ name: String) -> String {
        var name = name
        return name.withUTF8 { bytes in
            WordTokenizer.tokenize(utf8: bytes).filter { $0.kind == .word }.map {
                Folding.fold(Analyzer.string(bytes, $0.start, $0.end))
            }.joined(separator: " ")
        }
    }
}
