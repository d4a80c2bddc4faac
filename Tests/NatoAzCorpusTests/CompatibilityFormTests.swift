import NatoAzCorpus
import NatoAzTestSupport
import Testing

/// Text in forms the seeds never had (session 11's QA): fullwidth Latin letters and digits in
/// Chinese and Japanese articles, halfwidth katakana, ligatures, Arabic presentation forms
/// left by PDF extraction, and Arabic-Indic and Persian digits. Each was found only by a
/// query typed in the same form; now the plain form finds it, and the other way round.
@Suite struct CompatibilityFormTests {
    static let index = indexOfArticles([
        "ja.txt": "ＮＡＴＯ事務総長\n\nＮＡＴＯの事務総長は２０２１年にＢａｋｕを訪問した。"
            + "ｱｾﾞﾙﾊﾞｲｼﾞｬﾝの代表団。Ｓｕｍｍｉｔｓ were held.\n",
        "pdf.txt": "Extracted\n\nﬁnancial support for ﻧﺎﺗﻮ in ﺑﺎﻛﻮ.\n",
        "ar.txt": "أرقام\n\nفي عام ٢٠٢١ زار الأمين العام باكو، وفي ۱۴۰۰ أيضا.\n",
        "en.txt": "Plain\n\nNATO met in Baku in 1999; financial aid to Azerbaijan.\n",
        "en2.txt": "Report\n\nThe Ｓｕｍｍｉｔｓ of the alliance were held in Brussels, "
            + "and the leaders of the member states met there for two days.\n",
    ])

    private func ids(_ query: String) throws -> [String] {
        try exactMatchIDs(Self.index, query)
    }

    @Test func fullwidthLatinIsLatin() throws {
        #expect(try ids("nato") == ["en", "ja"])
        #expect(try ids("ＮＡＴＯ") == ["en", "ja"])
        #expect(try ids("baku") == ["en", "ja"])
        #expect(try ids("Summits") == ["en2", "ja"])
        // In an English article it is stemmed as English, as the ASCII word would be.
        #expect(try ids("summit") == ["en2"])
    }

    @Test func digitsOfEveryScriptAreOneNumber() throws {
        #expect(try ids("2021") == ["ar", "ja"])
        #expect(try ids("٢٠٢١") == ["ar", "ja"])
        #expect(try ids("1400") == ["ar"])
        #expect(try ids("1999") == ["en"])
    }

    @Test func halfwidthKatakanaAndLigaturesAndPresentationForms() throws {
        #expect(try ids("アゼルバイジャン") == ["ja"])
        #expect(try ids("ｱｾﾞﾙﾊﾞｲｼﾞｬﾝ") == ["ja"])
        #expect(try ids("financial") == ["en", "pdf"])
        #expect(try ids("ناتو") == ["pdf"])
        #expect(try ids("باكو") == ["ar", "pdf"])
    }
}

/// Korean attaches particles to words (바쿠에서, "in Baku") and Thai writes no spaces between
/// words: a word alone found nothing (session 11's QA), a whole line being one token. Each
/// syllable or letter is now a word, and a query's run a phrase of them.
@Suite struct UnspacedScriptTests {
    static let index = indexOfArticles([
        "ko.txt": "나토와 아제르바이잔\n\n나토는 바쿠에서 회의를 열었다. 대통령이 사무총장을 만났다.\n",
        "th.txt": "นาโตและอาเซอร์ไบจาน\n\nเลขาธิการนาโตเดินทางเยือนบากูเพื่อหารือความร่วมมือ\n",
        "en.txt": "Plain\n\nNATO met in Baku.\n",
    ])

    private func ids(_ query: String) throws -> [String] {
        try exactMatchIDs(Self.index, query)
    }

    @Test(arguments: [
        ("바쿠", ["ko"]), ("나토", ["ko"]), ("사무총장", ["ko"]), ("쿠바", []),
        ("บากู", ["th"]), ("นาโต", ["th"]), ("เลขาธิการ", ["th"]), ("กูบา", []),
    ])
    func aWordInsideARunIsFound(query: String, expected: [String]) throws {
        #expect(try ids(query) == expected, "\(query)")
    }

    @Test func kwicMarksTheWordInsideTheRun() throws {
        let index = try #require(Self.index)
        #expect(try index.concordance("바쿠").lines.map(\.match) == ["바쿠"])
    }

    /// Each character of such a match was a highlight of its own (QA, session 11).
    @Test func aMatchInsideARunIsOneHighlight() throws {
        let index = try #require(Self.index)
        for (query, title) in [("바쿠", false), ("나토", true), ("เลขาธิการ", false)] {
            let hit = try #require(try index.search(query).hits.first)
            let text = title ? hit.title ?? "" : hit.snippet
            let ranges = title ? hit.titleHighlights : hit.highlights
            let bytes = Array(text.utf8)
            #expect(
                ranges.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
                    .contains(query), "\(query): \(ranges)")
            #expect(!ranges.contains { $0.end - $0.start < query.utf8.count }, "\(query)")
        }
    }
}
