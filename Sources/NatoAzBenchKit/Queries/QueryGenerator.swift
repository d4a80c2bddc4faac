/// Writes benchmark queries drawn from the generator's own vocabulary and entities, so they
/// have answers in a synthetic corpus of any size (rarer words only in the larger ones, as with
/// real users' queries).
public struct QueryGenerator: Sendable {
    private let composer: ArticleComposer
    private let seed: UInt64

    /// A generator whose queries are fixed by `seed` (use the corpus's seed so they match it).
    public init(seed: UInt64) {
        self.seed = seed
        composer = ArticleComposer(seed: seed)
    }

    /// `perClass` queries of each class, in class order.
    public func queries(perClass: Int) -> [BenchmarkQuery] {
        var result: [BenchmarkQuery] = []
        for (classIndex, queryClass) in QueryClass.allCases.enumerated() {
            var rng = SplitMix64(seed: seed, stream: 10, item: UInt64(classIndex))
            var seen = Set<String>()
            var attempts = 0
            while seen.count < perClass && attempts < perClass * 50 {
                attempts += 1
                let text = query(queryClass, &rng)
                if seen.insert(text).inserted {
                    result.append(BenchmarkQuery(queryClass: queryClass, text: text))
                }
            }
        }
        return result
    }

    /// A query file: a comment header, then `CLASS<TAB>QUERY` lines.
    public func file(perClass: Int) -> String {
        var text = """
            # natoaz benchmark queries: CLASS<TAB>QUERY, one per line; '#' starts a comment.
            # Written by: natoaz-bench queries --per-class \(perClass) --seed \(seed)
            # Classes: single (one word), two (two words), phrase ("quoted"), prefix (word*),
            # fuzzy (one typo), filtered (lang: or date: filter plus a word).

            """
        for query in queries(perClass: perClass) {
            text += query.queryClass.rawValue + "\t" + query.text + "\n"
        }
        return text
    }

    private func query(_ queryClass: QueryClass, _ rng: inout SplitMix64) -> String {
        let lexicon = pickLexicon(&rng)
        switch queryClass {
        case .single:
            return word(lexicon, &rng)
        case .two:
            return word(lexicon, &rng) + " " + word(lexicon, &rng)
        case .phrase:
            return "\"" + phrase(lexicon, &rng) + "\""
        case .prefix:
            var candidate = word(lexicon, &rng)
            while candidate.count < 6 { candidate = word(lexicon, &rng) }
            return String(candidate.prefix(4 + rng.below(2))) + "*"
        case .fuzzy:
            var candidate = word(lexicon, &rng)
            while candidate.count < 6 { candidate = word(lexicon, &rng) }
            return misspell(candidate, &rng)
        case .filtered:
            let term = word(lexicon, &rng)
            switch rng.below(3) {
            case 0: return "lang:\(lexicon.code) \(term)"
            case 1:
                let from = rng.int(in: 2004...2022)
                return "date:\(from)-01..\(from + rng.int(in: 0...3))-12 \(term)"
            default:
                let year = rng.int(in: 2004...2025)
                let month = rng.int(in: 1...6)
                let start = month < 10 ? "0\(month)" : "\(month)"
                let endMonth = month + 6
                let end = endMonth < 10 ? "0\(endMonth)" : "\(endMonth)"
                return "date:\(year)-\(start)..\(year)-\(end) \(term)"
            }
        }
    }

    private func pickLexicon(_ rng: inout SplitMix64) -> Lexicon {
        let roll = rng.below(100)
        var bound = 0
        for lexicon in composer.lexicons {
            bound += lexicon.share
            if roll < bound { return lexicon }
        }
        return composer.lexicons[0]
    }

    /// A searchable word: a name from the seeds, or a vocabulary word past the stop words.
    private func word(_ lexicon: Lexicon, _ rng: inout SplitMix64) -> String {
        if rng.chance(0.35) {
            let names = lexicon.entities.flatMap { entity in
                String(decoding: entity, as: UTF8.self).split(separator: " ").map(String.init)
            }.filter { $0.count >= 3 && $0.allSatisfy(\.isLetter) && $0 != "the" }
            return rng.pick(names)
        }
        while true {
            let rank = composer.ranks.sample(&rng)
            if rank >= 30 && rank < 30_000 {
                let text = lexicon.word(rank: rank)
                if text.count >= 3 { return text }
            }
        }
    }

    /// Two or three consecutive words of a seed sentence, or a multi-word name.
    private func phrase(_ lexicon: Lexicon, _ rng: inout SplitMix64) -> String {
        if rng.chance(0.4) {
            let names = lexicon.entities.map { String(decoding: $0, as: UTF8.self) }
                .filter { $0.contains(" ") && $0.allSatisfy { $0.isLetter || $0 == " " } }
            if !names.isEmpty { return rng.pick(names) }
        }
        let sentence = String(decoding: rng.pick(lexicon.sentences), as: UTF8.self)
        let tokens = sentence.split(separator: " ").map { token in
            String(token.filter { $0.isLetter || $0.isNumber || $0 == "-" })
        }.filter { !$0.isEmpty }
        let length = min(tokens.count, 2 + rng.below(2))
        let start = rng.below(tokens.count - length + 1)
        return tokens[start..<(start + length)].joined(separator: " ")
    }

    /// One edit a typist makes: a swapped pair, a dropped letter or a neighbouring letter.
    private func misspell(_ word: String, _ rng: inout SplitMix64) -> String {
        var letters = Array(word)
        let position = 1 + rng.below(letters.count - 2)
        switch rng.below(3) {
        case 0 where letters[position] != letters[position + 1]:
            letters.swapAt(position, position + 1)
        case 1:
            letters.remove(at: position)
        default:
            let alphabet = Array(
                letters.contains { $0 >= "а" && $0 <= "я" } ? "аеиоуклмнрст" : "aeioulmnrst")
            var replacement = rng.pick(alphabet)
            while replacement == letters[position] { replacement = rng.pick(alphabet) }
            letters[position] = replacement
        }
        return String(letters)
    }
}
