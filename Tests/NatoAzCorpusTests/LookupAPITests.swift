import Testing

@testable import NatoAzCorpus

/// The lower-level API the corpus lookups build on.
@Suite struct LookupAPITests {
    let index = SeedFixture.index

    private func text(_ span: MatchSpan, in document: Document) -> String {
        let source = Array((span.field == .title ? document.title ?? "" : document.text).utf8)
        return String(decoding: source[span.start..<span.end], as: UTF8.self)
    }

    @Test func matchesLocateEveryOccurrence() throws {
        let matches = try index.matches("stoltenberg")
        #expect(matches.map(\.docID) == ["002_163f1bbd0ac872e2"])
        let document = index.documents[matches[0].documentNumber]
        let words = matches[0].spans.map { text($0, in: document) }
        #expect(words == ["Столтенбергом", "Столтенбергом", "Столтенберг", "Столтенберг"])
        #expect(matches[0].spans.first?.field == .title)
        #expect(matches[0].spans.dropFirst().allSatisfy { $0.field == .body })
    }

    @Test func matchesOfAPhraseCoverItsWords() throws {
        let matches = try index.matches("\"resolute support\" mission")
        #expect(matches.map { String($0.docID.prefix(3)) } == ["003", "004"])
        let document = index.documents[matches[0].documentNumber]
        let words = matches[0].spans.map { text($0, in: document) }
        #expect(words.filter { $0 == "Resolute" }.count == 2)
        #expect(Set(matches[0].spans.map(\.part)) == [0, 1])
    }

    @Test func surfaceFormsKeepTheOriginalSpellings() throws {
        let ids = index.termIDs(forWord: "turkiye")
        let forms = ids.flatMap { index.surfaceForms(ofTerm: $0) }.map(\.text)
        #expect(Set(forms) == ["Türkiye", "Turkiye’s", "Turkiye's"])
        let nato = try #require(index.dictionary.termID("nato"))
        // 46 times alone in the English seeds, once as the part of "NATO-led".
        #expect(index.surfaceForms(ofTerm: nato).first == SurfaceForm(text: "NATO", count: 47))
    }

    @Test func termIDsCrossScripts() throws {
        let ids = index.termIDs(forWord: "Stoltenberg")
        let documents = Set(ids.flatMap { index.postings(ofTerm: $0).map(\.document) })
        #expect(documents == [try #require(index.documentNumber(id: "002_163f1bbd0ac872e2"))])
    }

    @Test func postingsAgreeWithTokens() throws {
        let number = try #require(index.documentNumber(id: "003_285129050a8aee72"))
        let nato = try #require(index.dictionary.termID("nato"))
        let posting = try #require(index.postings(ofTerm: nato).first { $0.document == number })
        let (_, body) = index.wordTokens(ofDocument: number)
        let text = Array(index.documents[number].text.utf8)
        for position in posting.positions {
            let token = try #require(body.first { $0.position == position && $0.kind == .word })
            #expect(String(decoding: text[token.start..<token.end], as: UTF8.self) == "NATO")
        }
        #expect(index.termFrequencies(ofDocument: number)[nato] == posting.positions.count)
    }

    @Test func synonymsWidenSearch() throws {
        let table = SynonymTable(groups: [
            ["Turkey", "Türkiye", "Turkiye", "Турция", "Türkiyə"],
            ["Resolute Support", "Решительная поддержка", "Kararlı Destek"],
        ])
        let index = try SearchIndex(documents: SeedFixture.documents, synonyms: table)
        func ids(_ query: String) throws -> [String] {
            try index.search(query).hits.map { String($0.docID.prefix(3)) }
        }
        #expect(Set(try ids("Turkey")) == ["000", "001", "002", "003"])
        #expect(Set(try ids("Турция")) == ["000", "001", "002", "003"])
        #expect(Set(try ids("\"resolute support\"")) == ["000", "002", "003", "004"])
        #expect(try SeedFixture.ids("Turkey") == ["003"])  // no table, no widening
    }

    /// An inflected name (`Турции`, `Azərbaycanın`) was looked up in the table by its own
    /// spelling, which no name has: it found only the documents with its own stem.
    @Test func inflectedNamesWidenSearchAsTheirNamesDo() throws {
        let table = SynonymTable(groups: [
            ["Turkey", "Türkiye", "Турция", "Türkiyə"],
            ["Azerbaijan", "Азербайджан", "Azərbaycan"],
        ])
        let documents = [
            Document(id: "az", lang: .azerbaijani, paragraphs: ["Azərbaycan və Türkiyə NATO ilə."]),
            Document(id: "en", lang: .english, paragraphs: ["Azerbaijan and Turkey met NATO."]),
            Document(id: "ru", lang: .russian, paragraphs: ["Азербайджан и Турция и НАТО."]),
            Document(id: "x", lang: .english, paragraphs: ["NATO alone."]),
        ]
        let index = try SearchIndex(documents: documents, synonyms: table)
        func ids(_ query: String) throws -> Set<String> {
            Set(try index.search(query, options: SearchOptions(fuzzy: false)).hits.map(\.docID))
        }
        #expect(try ids("Turkey") == ["az", "en", "ru"])
        for inflected in ["Турции", "Турцией", "Türkiyənin", "Türkiyəyə", "TÜRKIYƏDƏ"] {
            #expect(try ids(inflected) == ["az", "en", "ru"], "\(inflected)")
        }
        for inflected in ["Азербайджана", "Azərbaycanın", "Azərbaycana"] {
            #expect(try ids(inflected) == ["az", "en", "ru"], "\(inflected)")
        }
        // An ordinary word is no name: no widening.
        #expect(try ids("alone") == ["x"])
        let plain = try SearchIndex(documents: documents)
        #expect(
            Set(try plain.search("Турции", options: SearchOptions(fuzzy: false)).hits.map(\.docID))
                == ["ru"])
    }

    /// `NATO-nun` (Azerbaijani: of NATO) indexed `nun` as a word: it found a search for `nun`
    /// and a search for `NATO-nun` found only that spelling.
    @Test func anAzerbaijaniEndingAfterAHyphenIsNoWord() throws {
        let documents = [
            Document(id: "a", lang: .azerbaijani, paragraphs: ["NATO-nun baş katibi gəldi."]),
            Document(id: "b", lang: .azerbaijani, paragraphs: ["NATO ilə görüş, 1994-cü il."]),
            Document(id: "c", lang: .english, paragraphs: ["A nun met NATO in 1994."]),
        ]
        let index = try SearchIndex(documents: documents)
        func ids(_ query: String) throws -> Set<String> {
            Set(try index.search(query, options: SearchOptions(fuzzy: false)).hits.map(\.docID))
        }
        #expect(try ids("NATO") == ["a", "b", "c"])
        #expect(try ids("NATO-nun") == ["a", "b", "c"])
        #expect(try ids("nun") == ["c"])
        #expect(try ids("1994") == ["b", "c"])
        #expect(try ids("cü") == [])
        #expect(try ids("\"NATO baş katibi\"") == ["a"])
    }

    /// A phrase of inflected words (`"Ильхамом Алиевым"`) was looked up in the table by its
    /// own spelling, which no name has: it found only the Russian documents (572 of 784 at
    /// 1k articles). Word by word it is `Ильхам Алиев`, and finds the whole group.
    @Test func inflectedPhrasesWidenAsTheirNamesDo() throws {
        let table = SynonymTable(groups: [
            ["Ilham Aliyev", "Ильхам Алиев", "İlham Əliyev"],
            ["Heydar Aliyev", "Гейдар Алиев", "Heydər Əliyev"],
            ["Ministry of Defence", "Министерство обороны"],
        ])
        let documents = [
            Document(id: "en", lang: .english, paragraphs: ["President Ilham Aliyev met NATO."]),
            Document(id: "ru", lang: .russian, paragraphs: ["Встреча с Ильхамом Алиевым в НАТО."]),
            Document(id: "az", lang: .azerbaijani, paragraphs: ["İlham Əliyev NATO ilə görüşüb."]),
            Document(id: "hey", lang: .russian, paragraphs: ["Памяти Гейдара Алиева."]),
            Document(id: "mod", lang: .english, paragraphs: ["The Ministry of Defence said."]),
            Document(id: "mru", lang: .russian, paragraphs: ["Заявление Министерства обороны."]),
        ]
        let index = try SearchIndex(documents: documents, synonyms: table)
        func ids(_ query: String) throws -> Set<String> {
            Set(try index.search(query, options: SearchOptions(fuzzy: false)).hits.map(\.docID))
        }
        #expect(try ids("\"Ilham Aliyev\"") == ["en", "ru", "az"])
        for inflected in ["\"Ильхамом Алиевым\"", "\"Ильхама Алиева\"", "\"İlham Əliyevin\""] {
            #expect(try ids(inflected) == ["en", "ru", "az"], "\(inflected)")
        }
        #expect(try ids("\"Гейдара Алиева\"") == ["hey"])
        #expect(try ids("\"Министерства обороны\"") == ["mod", "mru"])
        // Every word must match: a phrase with one word of the name is no name.
        #expect(try ids("\"Алиевым в\"").isSubset(of: ["ru"]))
        #expect(try ids("\"с Ильхамом\"") == ["ru"])
    }

    /// A phrase whose words match names of two groups says nothing about which one is meant.
    @Test func aPhraseOfTwoGroupsWidensToNeither() throws {
        let table = SynonymTable(groups: [
            ["Nations Council", "Совет наций"], ["National Council", "Национальный совет"],
        ])
        SeedFixture.index.analyzers.withAnalyzer { analyzer in
            let languages: Set<Language> = [.english, .russian]
            let names = InflectedNames(synonyms: table, analyzer: analyzer, languages: languages)
            #expect(names.names(forPhrase: [["nation"], ["council"]]) == [])
            #expect(
                names.names(forPhrase: [["национальн"], ["совет"]])
                    == ["National Council", "Национальный совет"])
            #expect(names.names(forPhrase: [["национальн"]]) == [])
        }
    }

    /// A stem two groups share says nothing about which one is meant: it widens to neither.
    @Test func aStemOfTwoGroupsWidensToNeither() throws {
        // English stems "Nations" and "National" alike (nation); Russian нации and национал not.
        let table = SynonymTable(groups: [["Nations", "Нации"], ["National", "Национал"]])
        SeedFixture.index.analyzers.withAnalyzer { analyzer in
            let languages: Set<Language> = [.english, .russian]
            let names = InflectedNames(synonyms: table, analyzer: analyzer, languages: languages)
            #expect(names.names(for: "nation", analyzer: analyzer, languages: languages) == [])
            #expect(
                names.names(for: "Националом", analyzer: analyzer, languages: languages)
                    == ["National", "Национал"])
        }
    }
}
