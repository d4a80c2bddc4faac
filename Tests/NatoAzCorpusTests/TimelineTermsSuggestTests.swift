import Testing

@testable import NatoAzCorpus

/// Timeline, frequency list and completions over the loaded seeds.
@Suite struct TimelineTermsSuggestTests {
    private func index() throws -> SearchIndex { try #require(LoadedSeeds.index) }

    @Test func timelineOrdersByDateWithPartialDatesFirstAndUndatedLast() throws {
        let entries = try index().timeline(TimelineQuery())
        #expect(entries.count == 5)
        let dated = entries.filter { $0.date != nil }
        #expect(dated.map(\.date!) == dated.map(\.date!).sorted())
        // 004 (2021-06-22) before 002 and 003 (2021-12-14, ties by id).
        let order = entries.map { LoadedSeeds.short($0.id) }
        let i004 = try #require(order.firstIndex(of: "004"))
        let i002 = try #require(order.firstIndex(of: "002"))
        let i003 = try #require(order.firstIndex(of: "003"))
        #expect(i004 < i002 && i002 < i003)
        if let undated = entries.firstIndex(where: { $0.date == nil }) {
            #expect(entries[undated...].allSatisfy { $0.date == nil })
        }
    }

    @Test func timelineRangeKeepsDatesWhollyInside() throws {
        let december = try index().timeline(TimelineQuery(from: "2021-12", to: "2021-12"))
        #expect(december.map { LoadedSeeds.short($0.id) } == ["002", "003"])
        let fromJuly = try index().timeline(TimelineQuery(from: "2021-07"))
        #expect(fromJuly.map { LoadedSeeds.short($0.id) } == ["002", "003"])
        let upToJune = try index().timeline(TimelineQuery(to: "2021-06-30"))
        #expect(upToJune.map { LoadedSeeds.short($0.id) } == ["004"])
        let russian = try index().timeline(TimelineQuery(language: .russian))
        #expect(russian.map { LoadedSeeds.short($0.id) } == ["002"])
    }

    @Test func timelineRejectsBadBounds() throws {
        #expect(throws: QueryError.self) { try index().timeline(TimelineQuery(from: "June")) }
        #expect(throws: QueryError.self) {
            try index().timeline(TimelineQuery(from: "2022", to: "2021"))
        }
    }

    @Test func termsCountStemsWithDocumentFrequencies() throws {
        let lines = try index().termList(TermListQuery(prefix: "peacekeep"))
        let stem = try #require(lines.first { $0.term == "peacekeep" })
        #expect(stem.frequency >= 2)
        #expect(stem.documentFrequency >= 1)
        let all = try index().termList(TermListQuery())
        let nato = try #require(all.first { $0.term == "nato" })
        #expect(nato.documentFrequency == 4)  // the Russian seed writes НАТО
        #expect(all.prefix(20).contains { $0.term == "nato" })
        #expect(all == all.sorted { ($0.frequency, $1.term) > ($1.frequency, $0.term) })
        #expect(!all.contains { !TermDictionary.isWord($0.term) })
    }

    @Test func termsFilterByLanguageAndShowSurfaceForms() throws {
        let russian = try index().termList(TermListQuery(language: .russian))
        #expect(russian.contains { $0.term == "нат" })
        #expect(!russian.contains { $0.term == "nato" })
        let surface = try index().termList(TermListQuery(prefix: "Peacekeep", mode: .surface))
        let forms = Set(surface.map(\.term))
        #expect(forms.contains("peacekeepers"))
        #expect(forms.contains("peacekeeping"))
        let turkiye = try index().termList(TermListQuery(prefix: "Tür", mode: .surface))
        #expect(turkiye.map(\.term).contains("turkiye"))
    }

    @Test func suggestCompletesIgnoringCaseDiacriticsAndScript() throws {
        let suggest = SuggestIndex(index: try index())
        let turk = suggest.complete("turk", limit: 10).map(\.text)
        #expect(turk.contains("Türkiye"))
        #expect(turk.contains { $0.hasPrefix("Turkiye") && $0.hasSuffix("s") })
        #expect(suggest.complete("TÜRK") == suggest.complete("turk"))
        let stolt = suggest.complete("stolt").map(\.text)
        #expect(stolt.contains { $0.hasPrefix("Столтенберг") })
        let cyrillic = suggest.complete("Стол").map(\.text)
        #expect(cyrillic.contains { $0.hasPrefix("Столтенберг") })
        let az = suggest.complete("azer", limit: 3)
        #expect(az.first?.text == "Azerbaijan")
        #expect(az.map(\.frequency) == az.map(\.frequency).sorted(by: >))
        #expect(suggest.complete("").isEmpty)
        #expect(suggest.complete("qqqqzzz").isEmpty)
    }

    @Test func apostrophesAreOneSpellingInSuggestAndTerms() throws {
        // The seeds write Turkiye’s (U+2019) once and Turkiye's once: two completions and two
        // frequency lines of 1 each, until spellings were grouped with apostrophes alike.
        let suggest = SuggestIndex(index: try index())
        let possessives = suggest.complete("turkiye", limit: 10).filter { $0.text.count == 9 }
        #expect(possessives.count == 1)
        #expect(possessives.first?.frequency == 2)
        for typed in ["turkiye'", "turkiye’", "TURKIYEʼ"] {
            #expect(suggest.complete(typed) == possessives)
        }
        let lines = try index().termList(TermListQuery(prefix: "turkiye’", mode: .surface))
        #expect(lines.map(\.term) == ["turkiye's"])
        #expect(lines.first?.frequency == 2)
    }

    @Test func aSpellingIsNeverInMoreDocumentsThanItOccurs() throws {
        // Document counts are the word's: Türkiye (1 occurrence, in 000) was listed as in 2
        // documents because its word, with Turkiye's, is in 000 and 001.
        let lines = try index().termList(TermListQuery(mode: .surface))
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.documentFrequency <= $0.frequency })
        let turkiye = try #require(
            try index().termList(TermListQuery(prefix: "türkiye", mode: .surface)).first {
                $0.term == "turkiye"
            })
        #expect(turkiye.frequency == 1)
        #expect(turkiye.documentFrequency == 1)
    }

    @Test func suggestLongPrefixAndLargeLimitAgreeWithPrecomputed() throws {
        let suggest = SuggestIndex(index: try index())
        // The precomputed path (<= 3 letters, limit <= 50) and the scanning path must agree.
        let short = suggest.complete("az", limit: 50)
        let scanned = suggest.complete("az", limit: 51)
        #expect(short == Array(scanned.prefix(50)))
    }

    /// The server answers a Suggest on its event loop only when this says the precomputed
    /// lists answer it; a walk of the keys goes to a worker.
    @Test func answersFromTableIsThePrecomputedPath() {
        #expect(SuggestIndex.answersFromTable("a", limit: 50))
        #expect(SuggestIndex.answersFromTable("AZƏ", limit: 10))  // folds to three letters
        #expect(SuggestIndex.answersFromTable("a\u{301}\u{301}z", limit: 10))  // marks fold away
        #expect(SuggestIndex.answersFromTable("", limit: 10))  // answered empty at once
        #expect(!SuggestIndex.answersFromTable("a", limit: 51))
        #expect(!SuggestIndex.answersFromTable("azer", limit: 10))
        #expect(!SuggestIndex.answersFromTable(String(repeating: "\u{301}", count: 40), limit: 1))
    }
}
