import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The frequency list keeps the per-language counts of terms found in several languages in
/// two flat arrays; each lookup must answer what the dictionary of dictionaries answered.
@Suite struct SharedTermCountsTests {
    @Test(arguments: [0, 1, 2, 500])
    func lookupsAgreeWithADictionary(terms: Int) {
        var generator = SplitMix64(seed: UInt64(terms))
        var reference: [Int: [Language: FrequencyList.Counts]] = [:]
        var counts = SharedTermCounts()
        var id = 0
        for _ in 0..<terms {
            id += 1 + Int(generator.next() % 50)
            var perLanguage: [Language: FrequencyList.Counts] = [:]
            for language in Language.allCases where generator.next() % 2 == 0 {
                let documents = Int(generator.next() % 70_000)
                perLanguage[language] = FrequencyList.Counts(
                    frequency: documents + Int(generator.next() % 1_000_000), documents: documents)
            }
            reference[id] = perLanguage
            counts.append(id: id, counts: perLanguage)
        }
        let exact = counts.exactSize()
        for probe in 0...(id + 2) {
            for language in Language.allCases {
                for table in [counts, exact] {
                    let found = table.counts(of: probe, language: language)
                    if let expected = reference[probe] {
                        let wanted = expected[language]
                        #expect(found?.frequency == wanted?.frequency ?? 0)
                        #expect(found?.documents == wanted?.documents ?? 0)
                    } else {
                        #expect(found == nil)
                    }
                }
            }
        }
    }
}
