import NatoAzCorpus
import NatoAzTestSupport
import Testing

/// Hebrew writes acronyms with a gershayim before the last letter (`צה"ל`, the IDF; `ארה"ב`,
/// the USA), typed as `"` on most keyboards or as U+05F4. Session 15's QA: the query `צה"ל`
/// was an unbalanced quote error.
@Suite struct HebrewAcronymTests {
    static let index = indexOfArticles([
        "he.txt": "צה\"ל בעזה\n\nדובר צה\"ל אמר כי נאט\"ו וארה״ב דנו בבאקו.\n",
        "he2.txt": "צה\n\nמילה צה בלבד, ואחריה ל.\n",
        "en.txt": "Talks in Brussels\n\nNATO and Azerbaijan met in Baku.\n",
    ])

    private func search(_ query: String) throws -> SearchResults {
        let index = try #require(Self.index)
        return try index.search(query, options: SearchOptions(fuzzy: false))
    }

    @Test(arguments: ["צה\"ל", "צה״ל", "נאט\"ו", "\"דובר צה\"ל אמר\""])
    func theAcronymFindsTheArticle(query: String) throws {
        #expect(try search(query).hits.map(\.docID) == ["he"], "\(query)")
    }
}
