import NatoAzCorpus
import NatoAzTestSupport
import Testing

/// French and Italian elisions (`l'OTAN`, `d'Azerbaïdjan`, `l'Alleanza`): the word after a
/// one- or two-letter article is searchable on its own.
@Suite struct ElisionTests {
    static let index = indexOfArticles([
        "fr.txt": "L'OTAN et l'Azerbaïdjan\n\nLe secrétaire général de l'OTAN a reçu "
            + "le président d'Azerbaïdjan à Bruxelles.\n",
        "it.txt": "La NATO e l'Azerbaigian\n\nIl segretario ha incontrato l'ambasciatore "
            + "dell'Azerbaigian a Bruxelles.\n",
        "en.txt": "Talks in Brussels\n\nI'm sure we'll meet again, said Mr O'Brien in "
            + "the statement on the talks.\n",
        "tr.txt": "Bakan açıklama yaptı\n\nO'nun açıklaması ve Bakü'yü ziyareti bugün "
            + "gündemdeydi, bakanlık bildirdi.\n",
    ])

    private func ids(_ query: String) throws -> [String] {
        try exactMatchIDs(Self.index, query)
    }

    @Test func theWordAfterAnElidedArticleIsFound() throws {
        // (The Turkish stemmer reads OTAN as o + ablative -tan, so "o" documents match too.)
        #expect(try ids("OTAN").contains("fr"))
        #expect(try ids("Azerbaïdjan") == ["fr"])
        #expect(try ids("ambasciatore") == ["it"])
        #expect(try ids("brien") == ["en"])
        // Still found as before: the whole form and the joined one.
        #expect(try ids("l'OTAN").contains("fr"))
        #expect(try ids("obrien") == ["en"])
    }

    @Test func contractionsAndTurkicSuffixesAddNoWord() throws {
        // "we'll" and "I'm" leave two letters or fewer after the apostrophe; Turkish O'nun is
        // a pronoun with its case ending, not an elision.
        #expect(try ids("ll").isEmpty)
        #expect(try ids("nun").isEmpty)
    }
}
