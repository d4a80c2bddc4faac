import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// Session 15's QA (found in session 14): Ukrainian and Kazakh articles were detected as
/// Russian, so `lang:ru` listed them, `lang:uk` was an error, and their words were cut by
/// the Russian stemmer. Now the letters Russian has not decide.
@Suite struct CyrillicLanguageTests {
    static let ukrainian = """
        Генеральний секретар НАТО відвідав Київ. Він зустрівся з президентом України та \
        обговорив підтримку, яку Альянс надає країні. Міністр закордонних справ сказав, що \
        євроатлантична інтеграція залишається пріоритетом, а ґрунтом для співпраці є спільні \
        цінності.
        """
    static let kazakh = """
        Қазақстан Республикасының Сыртқы істер министрі НАТО өкілдерімен кездесті. Тараптар \
        өңірдегі қауіпсіздік мәселелерін және бейбітшілік үшін әріптестікті талқылады. \
        Ұлттық мүдделер туралы айтылды.
        """
    static let russian = """
        Генеральный секретарь НАТО посетил Киев и встретился с президентом Украины. Он \
        сказал, что Альянс продолжит поддержку, а жители Київ называют по-своему; в Астане \
        (Қазақстан) прошли переговоры.
        """
    static let serbian = """
        Генерални секретар НАТО-а посетио је Београд и састао се са председником Србије. \
        Разговарали су о сарадњи и љубазно изразили жељу за новим сусретима у њиховој земљи.
        """

    @Test(arguments: [
        (ukrainian, Language.ukrainian), (kazakh, .kazakh), (russian, .russian),
        (serbian, .unknown),
    ])
    func theLettersRussianHasNotDecide(text: String, language: Language) {
        #expect(LanguageDetector.detect([Substring(text)]) == language)
    }

    static let index = indexOfArticles([
        "uk.txt": "Візит до Києва\n\n" + ukrainian + "\n",
        "kk.txt": "Астанадағы кездесу\n\n" + kazakh + "\n",
        "ru.txt": "Визит в Киев\n\n" + russian + "\n",
    ])

    /// The language shows in the hits and filters; a Ukrainian word is not cut by the
    /// Russian stemmer (`підтримку` was indexed as `підтримк`, so `підтримки` found it and
    /// `підтримку` in a Ukrainian query found the Russian `поддержку`'s neighbours instead).
    @Test func theLanguagesAreFiltersAndTheirWordsAreNotStemmedAsRussian() throws {
        let index = try #require(Self.index)
        func ids(_ query: String) throws -> [String] {
            try index.search(query, options: SearchOptions(fuzzy: false)).hits.map(\.docID)
                .sorted()
        }
        #expect(try ids("нато lang:uk") == ["uk"])
        #expect(try ids("нато lang:kazakh") == ["kk"])
        #expect(try ids("нато lang:ru") == ["ru"])
        #expect(try ids("підтримку") == ["uk"])
        #expect(try ids("підтримки").isEmpty)
        #expect(try ids("поддержки") == ["ru"])
        #expect(try ids("өкілдерімен") == ["kk"])
    }
}
