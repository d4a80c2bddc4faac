/// Names that mean the same thing in different languages or spellings (an entity's aliases),
/// so that searching one finds them all: `Turkey` also finds `Türkiye` and `Турция`,
/// `"Resolute Support"` also finds «Решительная поддержка».
///
/// Lookups are by folded words (case and diacritics ignored, no stemming), for a single query
/// word or a quoted phrase; the alternatives are then searched like phrases, with stemming, so
/// `Турция` in the table still matches the text's `Турцией`. A query word that inflects a name
/// (`Турции`) is found through ``InflectedNames``.
public struct SynonymTable: Sendable, Hashable {
    private var alternatives: [String: [String]] = [:]
    /// The groups as added, for ``InflectedNames``.
    private(set) var groups: [[String]] = []

    /// An empty table.
    public init() {}

    /// Each group lists names that are equivalent (any language, words or phrases).
    public init(groups: [[String]]) {
        for group in groups { add(group) }
    }

    /// Adds one group of equivalent names.
    public mutating func add(_ group: [String]) {
        groups.append(group)
        for name in group {
            let key = Self.key(name)
            guard !key.isEmpty else { continue }
            var known = alternatives[key, default: []]
            for other in group where Self.key(other) != key && !known.contains(other) {
                known.append(other)
            }
            alternatives[key] = known
        }
    }

    /// Whether the table is empty.
    public var isEmpty: Bool { alternatives.isEmpty }

    /// The other names for `name` (empty when the table has none).
    public func alternatives(for name: String) -> [String] {
        alternatives[Self.key(name)] ?? []
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
