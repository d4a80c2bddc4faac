import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// Session 16's QA: an alias table of 1,000 entities with 100 aliases each (1.3 MB) took
/// 7.8 s and 236 MB to load a corpus of three articles (release): the synonym table held, for
/// every name, the list of its group's other names (n² names per group of n) and built each
/// list in n² comparisons; the table's parser dropped repeated aliases in n² comparisons.
/// Both are now linear in the names, and the answers are the same.
@Suite struct LargeAliasTableTests {
    /// `count` distinct words of letters only ("qa" and the number spelt in base 26).
    static func names(_ count: Int) -> [String] {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return (0..<count).map { number in
            var word = "qa"
            var rest = number
            repeat {
                word.append(letters[rest % 26])
                rest /= 26
            } while rest > 0
            return word
        }
    }

    @Test(.hangGuard) func oneEntityOfManyAliasesIsReadInLinearTime() throws {
        let aliases = Self.names(20_000)
        let ((table, others), cpu) = ThreadCPUTime.measure {
            let table = EntityTable(
                parsing: "Big | organisation | " + aliases.joined(separator: " | ") + "\n")
            return (table, table.synonyms.alternatives(for: aliases[5]))
        }
        #expect(table.problems.isEmpty)
        #expect(table.entries.first?.aliases.count == 20_000)
        #expect(others.count == 20_000)  // the canonical name and the other aliases
        #expect(others.first == "Big" && !others.contains(aliases[5]))
        #expect(cpu < .seconds(20), "\(cpu)")
    }

    @Test func alternativesKeepTheirOrderAndComeOnce() {
        let table = SynonymTable(groups: [
            ["Turkey", "Türkiye", "TURKEY", "Турция"],
            ["Türkiye", "Turkiye", "Турция"],
            ["NATO"],
        ])
        // In the order the groups were added, each name once, none with the asked name's key.
        #expect(table.alternatives(for: "turkey") == ["Türkiye", "Турция"])
        #expect(table.alternatives(for: "Türkiye") == ["Turkey", "TURKEY", "Турция"])
        #expect(table.alternatives(for: "NATO").isEmpty)
        #expect(table.alternatives(for: "Baku").isEmpty)
        #expect(!table.isEmpty && SynonymTable().isEmpty)
    }
}
