import Testing

@testable import NatoAzCorpus

/// ``AnalysisOptions/version`` keys index snapshots: an index built by one analysis must not be
/// searched with another's query terms. This pins the terms of a sample in every script the
/// corpus meets to the version, so a change to tokenizing, folding, stemming or prefix rules
/// fails here until the version is raised (and the pin updated with it).
@Suite struct AnalysisVersionTests {
    static let sample = """
        NATO's Secretary General Jens Stoltenberg met Azerbaijan-NATO partners; l'OTAN, O'Brien.
        Столтенберг встретился с Алиевым в Брюсселе; НАТО и Ёлка.
        Генеральний секретар НАТО відвідав Київ і Ґалицію; Қазақстан Әлиев Өскемен ұлттық.
        Əliyev Bakı'da NATO'nun təhlükəsizlik ölkələri ilə görüşdü. Türkiye sınırlarında.
        NATO-nun BMT-yə 1994-cü ATƏT-in UN-led COVID-19 NATO-a-qarşı.
        الناتو والناتو وبالناتو الـــعاصمة منظمة مصطفى وأذربيجان ایران کشور
        Ελλάδα ΝΑΤΟ საქართველო Հայաստան 北大西洋公约组织 アゼルバイジャン 120,000 3.5 COP29
        ＮＡＴＯの事務総長 Ｓｕｍｍｉｔｓ ﬁnancial ﻧﺎﺗﻮ ｱｾﾞﾙﾊﾞｲｼﾞｬﾝ ٢٠٢١ ۱۴۰۰ ２０２１年
        나토는 바쿠에서 เลขาธิการนาโตเยือนบากู ๒๐๒๑
        N\u{410}\u{422}\u{41E} \u{41C}oc\u{43A}\u{432}\u{430} САТ CAT
        """

    /// FNV-1a of every term of the sample, per document language, and of its query terms.
    static func fingerprint() -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0xFF) &* 0x100_0000_01b3
        }
        var text = sample
        text.withUTF8 { bytes in
            let analyzer = Analyzer(options: AnalysisOptions())
            let tokens = WordTokenizer.tokenize(utf8: bytes)
            for language in Language.allCases {
                for token in tokens {
                    var terms: [String] = []
                    analyzer.documentTerms(
                        token: token, in: bytes, language: language, into: &terms)
                    terms.forEach(mix)
                }
            }
            let languages = Set(Language.allCases).subtracting([.unknown])
            for token in tokens {
                analyzer.queryTerms(token: token, in: bytes, corpusLanguages: languages)
                    .forEach(mix)
            }
        }
        return hash
    }

    @Test func theSampleAnalysesAsThisVersionDid() {
        // When this fails because analysis changed on purpose, raise AnalysisOptions.version
        // and put the new version and fingerprint here. (An upgrade of libutf8proc or
        // libstemmer can change it too; snapshots are refused then by the libraries'
        // identity, so only the fingerprint needs updating.)
        let pinned: (version: UInt32, fingerprint: UInt64) = (8, 6_198_379_229_432_280_496)
        #expect(
            (AnalysisOptions.version, Self.fingerprint()) == pinned,
            "analysis changed: raise AnalysisOptions.version and update this pin")
    }
}
