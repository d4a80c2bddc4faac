/// One language's raw material for synthetic articles: real words for the frequent ranks,
/// letters to invent rarer words from, and the names, sentences and date words of the seeds.
///
/// Profiles are data only; `Lexicon` turns one into the byte tables the composer reads.
struct LanguageProfile: Sendable {
    /// ISO 639-1 code, as `Document.lang` reports it (`en`, `ru`, `az`, `tr`).
    let code: String
    /// Share of the corpus in percent; the four profiles add up to 100.
    let share: Int
    /// Real words, most frequent first: they take the top ranks of the Zipf distribution.
    let headWords: [String]
    /// Syllable parts for invented words. Languages with vowel harmony (Turkish, Azerbaijani)
    /// keep back and front vowels apart, and a word uses one set throughout.
    let onsets: [String]
    let backVowels: [String]
    let frontVowels: [String]
    let codas: [String]
    /// The fewest syllables an invented word has (rarer words get up to two more).
    let minimumSyllables: Int
    /// Endings added to invented words now and then (inflection, so stemming matters),
    /// split like the vowels for harmony.
    let backSuffixes: [String]
    let frontSuffixes: [String]
    /// Names and terms from the seeds, most frequent first (persons, places, organisations).
    let entities: [String]
    /// People for titles and bylines.
    let persons: [String]
    /// Cities for datelines and titles.
    let cities: [String]
    /// Whole sentences in the seeds' style; some paragraphs quote them, so phrase queries hit.
    let sentences: [String]
    /// Month names as they appear in dates (`декабря`, `oktyabr`, `Eylül`).
    let months: [String]
    /// Title templates: `{P}` a person, `{Q}` another person, `{C}` a city, `{W}` a word.
    let titles: [String]

    /// Every profile, in the order their shares are cumulated.
    static let all: [LanguageProfile] = [.english, .russian, .azerbaijani, .turkish]
}

/// The words of a multi-line literal, in order, each once.
func words(_ text: String) -> [String] {
    var seen = Set<String>()
    var result: [String] = []
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        let word = String(word)
        if seen.insert(word).inserted { result.append(word) }
    }
    return result
}
