/// A document language as an ISO 639-1 code.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case english = "en"
    case russian = "ru"
    case azerbaijani = "az"
    case turkish = "tr"
    /// Detection found too little text to decide.
    case unknown = "und"
}
