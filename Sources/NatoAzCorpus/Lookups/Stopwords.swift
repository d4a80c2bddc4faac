/// Small stopword lists, looked up folded (so `ə` is `a`, `ı` is `i`), left out of
/// collocations and of similar-document profiles: words that co-occur with everything say
/// nothing.
enum Stopwords {
    static let english: Set<String> = folded([
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be",
        "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "during", "each", "even", "for", "from", "had", "has", "have", "he", "her",
        "here", "his", "how", "i", "if", "in", "into", "is", "it", "its", "it's", "more", "most",
        "no", "not", "of", "on", "once", "one", "only", "or", "other", "our", "out", "over",
        "s", "said", "same", "she", "should", "so", "some", "such", "than", "that", "the",
        "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
        "under", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
        "who", "whom", "why", "will", "with", "would", "you", "your", "well", "per",
    ])
    static let russian: Set<String> = folded([
        "а", "без", "более", "бы", "был", "была", "были", "было", "быть", "в", "вам", "вас",
        "весь", "во", "вот", "все", "всех", "вы", "где", "да", "даже", "для", "до", "его", "ее",
        "если", "есть", "еще", "же", "за", "здесь", "и", "из", "или", "им", "их", "к", "как",
        "когда", "кто", "ли", "либо", "мне", "может", "мы", "на", "над", "не", "него", "нее",
        "нет", "ни", "них", "но", "ну", "о", "об", "однако", "он", "она", "они", "оно", "от",
        "очень", "по", "под", "при", "с", "со", "так", "также", "такой", "там", "те", "тем",
        "то", "того", "тоже", "той", "только", "том", "ты", "у", "уже", "чем", "что", "чтобы",
        "эта", "эти", "это", "этой", "этом", "этот", "я", "который", "которые", "которых",
        "которая", "между", "через", "является", "являются", "свой", "своей", "своих",
        "свою", "своего", "этого", "этих", "всего", "всё",
    ])
    /// As written; folded below (`ilə` is `ila`: a list of folded forms written by hand had
    /// `ile`, so `ilə`, "with", was Azerbaijani NATO's second collocate). Not `mən` or `sən`,
    /// which fold to English `man` and a name's `San`.
    static let azerbaijani: Set<String> = folded([
        "və", "ilə", "bu", "o", "da", "də", "ki", "bir", "üçün", "olan", "olaraq", "kimi",
        "daha", "həm", "həmçinin", "amma", "lakin", "ancaq", "ya", "yaxud", "onun", "onlar",
        "biz", "siz", "hansı", "hər", "bütün", "artıq", "edib", "etdi", "edir",
        "edilib", "olub", "oldu", "olunub", "olunur", "üzrə", "haqqında", "sonra", "qeyd",
        "isə", "tərəfindən", "görə", "həmin", "belə", "çox", "nə", "bildirib", "deyib",
    ])
    static let turkish: Set<String> = folded([
        "ve", "ile", "bu", "şu", "o", "da", "de", "ki", "bir", "için", "olan", "olarak", "gibi",
        "daha", "ama", "fakat", "veya", "ya", "onun", "onlar", "biz", "siz", "ben", "sen",
        "hangi", "her", "tüm", "artık", "etti", "oldu", "üzere", "hakkında", "sonra", "ise",
        "tarafından", "en", "çok", "mi", "ne", "kadar", "diye",
    ])

    /// `words` as ``Folding/fold(_:)`` folds them, the form they are looked up in.
    private static func folded(_ words: [String]) -> Set<String> {
        Set(words.map { Folding.fold($0) })
    }

    static let all: Set<String> = english.union(russian).union(azerbaijani).union(turkish)

    /// Whether a folded word is a stopword in any of the four languages (a query word has
    /// no language, and articles quote each other's languages).
    static func contains(_ folded: String) -> Bool { all.contains(folded) }
}
