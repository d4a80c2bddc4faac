/// Detects the language of an article from its letters and function words, never from its
/// file name.
///
/// - Cyrillic letters are more than half of all letters: Russian (`ru`).
/// - Latin text is scored on frequent function words that tell the languages apart
///   (English `the`, `and`, `of`...; Turkish `ve`, `ile`, `için`...; Azerbaijani `və`, `ilə`,
///   `üçün`...), plus letters: each word with `ə` counts for Azerbaijani, each word with
///   `ı`, `ğ` or `ş` but no `ə` counts half for Turkish (Azerbaijani shares those letters).
///   The best score wins if it has at least 3 points.
/// - Otherwise (other scripts, too little text): `und`.
///
/// Only the first 16 KiB of text are looked at: enough for any language, bounded for huge files.
enum LanguageDetector {
    private static let english: Set<String> = [
        "the", "and", "of", "to", "in", "is", "was", "that", "for", "with", "on", "as", "by",
        "has", "have", "are", "were", "from", "its", "this", "which", "at", "be", "been",
        "will", "said", "also",
    ]
    private static let turkish: Set<String> = [
        "ve", "ile", "için", "bir", "olarak", "göre", "çok", "ise", "gibi", "kadar", "değil",
        "ancak", "ayrıca", "olan", "bu", "da", "de", "en", "daha", "sonra", "oldu", "etti",
        "dedi", "yapılan", "ettiği", "tarafından",
    ]
    private static let azerbaijani: Set<String> = [
        "və", "ilə", "üçün", "bir", "olaraq", "görə", "çox", "isə", "kimi", "qədər", "deyil",
        "lakin", "həmçinin", "olan", "bu", "da", "də", "ən", "daha", "sonra", "oldu", "etdi",
        "dedi", "tərəfindən", "qeyd", "edib", "edilib", "olunub",
    ]

    static func detect(_ texts: [Substring]) -> Language {
        var budget = 16 << 10
        var latin = 0
        var cyrillic = 0
        var scores: [Language: Double] = [.english: 0, .turkish: 0, .azerbaijani: 0]
        for text in texts where budget > 0 {
            let sample = text.utf8.count > budget ? Substring(text.utf8.prefix(budget)) : text
            budget -= sample.utf8.count
            for word in sample.split(whereSeparator: { !$0.isLetter }) {
                var hasSchwa = false
                var hasTurkic = false
                for scalar in word.unicodeScalars {
                    switch scalar.value {
                    case 0x41...0x5A, 0x61...0x7A, 0xC0...0x2AF:  // Latin, with IPA block for ə
                        latin += 1
                        switch scalar {
                        case "ə", "Ə": hasSchwa = true
                        case "ı", "ğ", "ş", "İ", "Ğ", "Ş": hasTurkic = true
                        default: break
                        }
                    case 0x400...0x4FF:
                        cyrillic += 1
                    default:
                        break
                    }
                }
                let folded = word.count <= 12 ? word.lowercased() : ""
                if english.contains(folded) { scores[.english, default: 0] += 1 }
                if turkish.contains(folded) { scores[.turkish, default: 0] += 1 }
                if azerbaijani.contains(folded) { scores[.azerbaijani, default: 0] += 1 }
                if hasSchwa { scores[.azerbaijani, default: 0] += 1 }
                if hasTurkic && !hasSchwa { scores[.turkish, default: 0] += 0.5 }
            }
        }
        if cyrillic > 0 && cyrillic * 2 > cyrillic + latin { return .russian }
        guard latin > 0,
            let (language, score) = scores.max(by: { lhs, rhs in
                lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key.rawValue > rhs.key.rawValue
            }),
            score >= 3
        else { return .unknown }
        return language
    }
}
