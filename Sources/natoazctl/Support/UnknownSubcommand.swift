import ArgumentParser

/// A first word that names no subcommand, with the nearest one as a suggestion.
///
/// argument-parser answers `natoazctl serch nato` with "2 unexpected arguments: 'serch',
/// 'nato'", which neither says that `serch` was meant as a subcommand nor which one exists.
enum UnknownSubcommand {
    /// The names a command line may start with: every subcommand, and argument-parser's
    /// `help`.
    static var knownNames: [String] {
        NatoAzCtl.configuration.subcommands.compactMap { $0.configuration.commandName }
            + ["help"]
    }

    /// The message for `arguments` when their first word is neither an option nor a known
    /// subcommand; nil otherwise.
    static func message(for arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !first.isEmpty else {
            return nil
        }
        let names = knownNames
        guard !names.contains(first) else { return nil }
        var message = "unknown subcommand '\(shown(first))'"
        if let nearest = nearest(to: first, among: names) {
            message += "; did you mean '\(nearest)'?"
        }
        return message + " ('natoazctl --help' lists them)"
    }

    /// The only name that `word` begins (`ent` for `entities`), else the name closest to
    /// `word` if it is close enough to be a typo: one edit in a word of up to 4 characters,
    /// two in a longer one, and no other name as close.
    static func nearest(to word: String, among names: [String]) -> String? {
        // A word longer than every name by more than two is no typo of one (and its edit
        // distance to each cost time in its length: 6.7 s for a batch line of 4 MB).
        guard word.count <= (names.map(\.count).max() ?? 0) + 2 else { return nil }
        let lowered = word.lowercased()
        let extensions = names.filter { $0.hasPrefix(lowered) }
        if extensions.count == 1 { return extensions[0] }
        let scored = names.map { (name: $0, distance: editDistance(lowered, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }),
            best.distance <= (lowered.count <= 4 ? 1 : 2),
            scored.filter({ $0.distance == best.distance }).count == 1
        else { return nil }
        return best.name
    }

    /// `word` as the message quotes it: at most 40 characters (a batch line of 1 MB was
    /// quoted whole in its error).
    static func shown(_ word: String) -> String { Elision.keepingCharacters(word, 40) }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, character) in a.enumerated() {
            var current = [i + 1]
            for j in b.indices {
                let substitution = previous[j] + (character == b[j] ? 0 : 1)
                current.append(min(previous[j + 1] + 1, current[j] + 1, substitution))
            }
            previous = current
        }
        return previous[b.count]
    }
}
