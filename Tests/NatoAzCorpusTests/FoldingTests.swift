import Testing

@testable import NatoAzCorpus

@Suite struct FoldingTests {
    @Test(arguments: [
        ("Türkiye", "turkiye"), ("Öztürk", "ozturk"), ("Gümrükçü", "gumrukcu"),
        ("Əliyev", "aliyev"), ("İSTANBUL", "istanbul"), ("Bakı", "baki"), ("Ёлка", "елка"),
        ("ШТАБ", "штаб"), ("Йенс", "йенс"), ("Алиевым", "алиевым"), ("Ağdam", "agdam"),
        ("Straße", "strasse"), ("e\u{301}cole", "ecole"), ("NATO", "nato"),
        // Arabic: tatweel goes, ة -> ه, ى -> ي, hamza seats and vowel signs go; Persian ی, ک.
        ("الـــناتو", "الناتو"), ("منظمة", "منظمه"), ("مصطفى", "مصطفي"), ("أذربيجان", "اذربيجان"),
        ("وَالنَّاتُو", "والناتو"), ("ایران", "ايران"), ("کشور", "كشور"),
    ])
    func folds(_ input: String, _ expected: String) {
        #expect(Folding.fold(input) == expected)
    }

    @Test func turkicLowercasingKeepsDiacriticsForTheStemmer() {
        #expect(Folding.lowercased("IŞIK", turkic: true) == "ışık")
        #expect(Folding.lowercased("İSTANBUL", turkic: true) == "istanbul")
        #expect(Folding.lowercased("Öztürk", turkic: false) == "öztürk")
    }
}

@Suite struct TransliterationTests {
    @Test(arguments: [
        ("столтенберг", "stoltenberg"), ("нато", "nato"), ("алиев", "aliyev"),
        ("ильхам", "ilham"), ("азербайджан", "azerbaijan"), ("йенс", "yens"),
        ("хасанов", "hasanov"), ("шуша", "shusha"),
    ])
    func romanises(_ cyrillic: String, _ latin: String) {
        #expect(Transliteration.latin(fromCyrillic: cyrillic) == latin)
    }

    @Test func keysAbsorbSpellingVariants() {
        #expect(Transliteration.key("aliyev") == Transliteration.key("aliev"))
        #expect(Transliteration.key("ilkham") == Transliteration.key("ilham"))
        #expect(Transliteration.key("bryussel") == Transliteration.key("brussel"))
        #expect(Transliteration.key("afghanistan") == Transliteration.key("afganistan"))
        #expect(Transliteration.key("shusha") == Transliteration.key("susa"))
        #expect(Transliteration.key("nato") == "nato")
    }
}

@Suite struct StemmingTests {
    private func term(_ word: String, _ language: Language, _ options: AnalysisOptions = .init())
        -> String
    {
        Analyzer(options: options).primaryTerm(Substring(word), script: .latin, language: language)
    }

    /// The terms a document in `language` indexes `word` under.
    private func documentTerms(_ word: String, _ language: Language) -> [String] {
        var text = word
        return text.withUTF8 { bytes in
            var terms: [String] = []
            for token in WordTokenizer.tokenize(utf8: bytes) {
                Analyzer(options: .init()).documentTerms(
                    token: token, in: bytes, language: language, into: &terms)
            }
            return terms
        }
    }

    @Test func stemsByDocumentLanguage() {
        #expect(term("peacekeepers", .english) == term("peacekeeping", .english))
        #expect(documentTerms("Türkiye'nin", .turkish) == [term("Türkiye", .turkish)])
        #expect(documentTerms("Bakü'yü", .azerbaijani) == [term("Bakü", .azerbaijani)])
        #expect(documentTerms("Turkiye’s", .english) == [term("Turkiye", .english)])
        #expect(documentTerms("O'Brien", .english) == ["o", "obrien", "brien"])
        #expect(documentTerms("l'OTAN", .unknown) == ["l", "lotan", "otan"])
        #expect(documentTerms("we'll", .english) == ["we", "well"])
        let analyzer = Analyzer(options: .init())
        #expect(
            analyzer.primaryTerm("Столтенбергом", script: .cyrillic, language: .russian)
                == "столтенберг")
    }

    /// The measurement behind `AzerbaijaniStemmer.turkish` (numbers in BENCHMARKS.md): over
    /// inflected forms of 20 Azerbaijani lemmas, the Turkish stemmer (with ə read as e) leaves
    /// far fewer distinct terms than folding alone, without merging two lemmas.
    @Test func turkishStemmerServesAzerbaijaniBetterThanNone() {
        let groups = AzerbaijaniSample.lemmas
        func measure(_ option: AnalysisOptions.AzerbaijaniStemmer) -> (terms: Int, merged: Int) {
            var owner: [String: Int] = [:]
            var terms = 0
            var merged = 0
            for (lemma, forms) in groups.enumerated() {
                let distinct = Set(
                    forms.map { term($0, .azerbaijani, .init(azerbaijaniStemmer: option)) })
                terms += distinct.count
                for term in distinct {
                    if let other = owner[term], other != lemma {
                        merged += 1
                    } else {
                        owner[term] = lemma
                    }
                }
            }
            return (terms, merged)
        }
        let turkish = measure(.turkish)
        let none = measure(.none)
        let forms = groups.reduce(0) { $0 + $1.count }
        #expect(none.terms == forms)  // without stemming every form is its own term
        #expect(turkish.terms * 2 < none.terms)
        #expect(turkish.merged == 0)
        #expect(term("Əliyevin", .azerbaijani) == term("Əliyev", .azerbaijani))
        #expect(term("Əliyev", .azerbaijani) == "aliyev")
    }
}

/// Inflected forms of common Azerbaijani words in this corpus' domain, one lemma per row.
enum AzerbaijaniSample {
    static let lemmas: [[String]] = [
        [
            "Azərbaycan", "Azərbaycanın", "Azərbaycana", "Azərbaycanda", "Azərbaycandan",
            "Azərbaycanla",
        ],
        ["prezident", "prezidenti", "prezidentin", "prezidentə", "prezidentlə", "prezidentinin"],
        ["Bakı", "Bakıda", "Bakıya", "Bakının", "Bakıdan"],
        ["əməkdaşlıq", "əməkdaşlığı", "əməkdaşlığın", "əməkdaşlığa", "əməkdaşlıqda"],
        ["ölkə", "ölkənin", "ölkələr", "ölkələrin", "ölkəyə", "ölkədə"],
        ["tərəfdaş", "tərəfdaşı", "tərəfdaşlar", "tərəfdaşları", "tərəfdaşımız"],
        ["sülh", "sülhün", "sülhə", "sülhdə"],
        ["nazir", "naziri", "nazirin", "nazirlər", "nazirləri"],
        ["görüş", "görüşdə", "görüşü", "görüşün", "görüşlər"],
        ["Əliyev", "Əliyevin", "Əliyevə", "Əliyevlə"],
        ["təhlükəsizlik", "təhlükəsizliyi", "təhlükəsizliyin", "təhlükəsizliyə"],
        ["ordu", "ordunun", "orduya", "orduda"],
        ["dövlət", "dövləti", "dövlətin", "dövlətlər"],
        ["müdafiə", "müdafiəsi", "müdafiəsinin"],
        ["bərpa", "bərpası"], ["beynəlxalq"], ["Türkiyə", "Türkiyənin", "Türkiyəyə"],
        ["mənzil"], ["qaz", "qazın", "qazı"], ["birlik", "birliyi"],
    ]
}
