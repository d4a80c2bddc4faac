/// Weekday names in the corpus languages (folded), which may stand next to a date on a date
/// line: `Tuesday, December 14, 2021`, `вторник, 14 декабря`, `20 Eylül 2024 Cuma`.
enum Weekdays {
    private static let names: Set<String> = {
        let words = [
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
            "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
            "пн", "вт", "ср", "чт", "пт", "сб", "вс",
            // Azerbaijani: "bazar ertəsi", "çərşənbə axşamı", "cümə axşamı" are two words.
            "bazar", "ertəsi", "çərşənbə", "axşamı", "cümə", "şənbə",
            "pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar",
        ]
        return Set(words.map { foldForMatching(Substring($0)) })
    }()

    static func contains(_ word: Substring) -> Bool {
        word.utf8.count <= 24 && names.contains(foldForMatching(word))
    }

    /// ``contains(_:)`` for a word already folded (`folded` is `foldForMatching(word)`).
    static func contains(_ word: Substring, folded: String) -> Bool {
        word.utf8.count <= 24 && names.contains(folded)
    }
}
