/// A document language as an ISO 639-1 code.
///
/// Ukrainian and Kazakh have no Snowball stemmer: their words are indexed folded (case and
/// diacritics) but not stemmed, and a query word is looked up both ways. Before session 15
/// they were detected as Russian and stemmed as Russian.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case english = "en"
    case russian = "ru"
    case azerbaijani = "az"
    case turkish = "tr"
    /// Detection found too little text to decide.
    case unknown = "und"
    case ukrainian = "uk"
    case kazakh = "kk"
}
