/// Detects the language of an article from its letters and function words, never from its
/// file name.
///
/// - Cyrillic letters are more than half of all letters, of any script: Russian (`ru`).
///   (A Greek, Armenian or Chinese article quoting a Russian name is not Russian.)
/// - Latin text is scored on frequent function words that tell the languages apart
///   (English `the`, `and`, `of`...; Turkish `ve`, `ile`, `için`...; Azerbaijani `və`, `ilə`,
///   `üçün`...), plus letters: each word with `ə` counts for Azerbaijani, each word with
///   `ı`, `ğ` or `ş` but no `ə` counts half for Turkish (Azerbaijani shares those letters).
///   The best score wins if it has at least 3 points.
/// - Otherwise (other scripts, too little text): `und`.
///
/// Only the first 4 KiB of text are looked at: hundreds of words, plenty to tell these
/// languages apart, and bounded work for huge files.
enum LanguageDetector {
    private static let englishWords = [
        "the", "and", "of", "to", "in", "is", "was", "that", "for", "with", "on", "as", "by",
        "has", "have", "are", "were", "from", "its", "this", "which", "at", "be", "been",
        "will", "said", "also",
    ]
    private static let turkishWords = [
        "ve", "ile", "için", "bir", "olarak", "göre", "çok", "ise", "gibi", "kadar", "değil",
        "ancak", "ayrıca", "olan", "bu", "da", "de", "en", "daha", "sonra", "oldu", "etti",
        "dedi", "yapılan", "ettiği", "tarafından",
    ]
    private static let azerbaijaniWords = [
        "və", "ilə", "üçün", "bir", "olaraq", "görə", "çox", "isə", "kimi", "qədər", "deyil",
        "lakin", "həmçinin", "olan", "bu", "da", "də", "ən", "daha", "sonra", "oldu", "etdi",
        "dedi", "tərəfindən", "qeyd", "edib", "edilib", "olunub",
    ]

    /// A lowercased word of at most 16 UTF-8 bytes, packed into two integers: hashing it is
    /// much cheaper than hashing a `String`, and no string is built per word.
    struct WordKey: Hashable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = 0

        /// Appends a byte; false when the word is too long to be a function word.
        @inline(__always)
        mutating func append(_ byte: UInt8) -> Bool {
            guard count < 16 else { return false }
            if count < 8 {
                low |= UInt64(byte) << (8 * UInt64(count))
            } else {
                high |= UInt64(byte) << (8 * UInt64(count - 8))
            }
            count += 1
            return true
        }

        init() {}

        init(_ word: String) {
            for byte in word.utf8 { _ = append(byte) }
        }
    }

    /// Which languages a function word belongs to (a bit per language), in a small
    /// open-addressing table: one multiply and usually one comparison per word.
    private struct FunctionWordTable {
        private var keys = [WordKey?](repeating: nil, count: 256)
        private var languages = [UInt8](repeating: 0, count: 256)

        init(_ lists: [(words: [String], bit: UInt8)]) {
            for (words, bit) in lists {
                for word in words {
                    let key = WordKey(word)
                    var slot = Self.slot(key)
                    while let existing = keys[slot], existing != key { slot = (slot + 1) & 255 }
                    keys[slot] = key
                    languages[slot] |= bit
                }
            }
        }

        @inline(__always)
        private static func slot(_ key: WordKey) -> Int {
            Int(truncatingIfNeeded: ((key.low ^ (key.high &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        }

        @inline(__always)
        func languages(of key: WordKey) -> UInt8 {
            var slot = Self.slot(key)
            while let existing = keys[slot] {
                if existing == key { return languages[slot] }
                slot = (slot + 1) & 255
            }
            return 0
        }
    }

    private static let functionWords = FunctionWordTable([
        (englishWords, 1), (turkishWords, 2), (azerbaijaniWords, 4),
    ])

    static func detect(_ texts: [Substring]) -> Language {
        var tally = Tally()
        var budget = 4 << 10
        for text in texts where budget > 0 {
            let take = min(budget, text.utf8.count)
            budget -= take
            let sample = text.utf8.prefix(take)
            if sample.withContiguousStorageIfAvailable({ tally.scan($0) }) == nil {
                Array(sample).withUnsafeBufferPointer { tally.scan($0) }
            }
        }
        return tally.verdict
    }

    private struct Tally {
        var latin = 0
        var cyrillic = 0
        /// Letters of other scripts (Greek, Armenian to N'Ko, three-byte scripts such as
        /// Georgian, Indic, kana and CJK), counted only so that Cyrillic must outnumber them.
        var other = 0
        var english = 0.0
        var turkish = 0.0
        var azerbaijani = 0.0

        /// Walks UTF-8 bytes: words are runs of letters (ASCII letters and the two-byte
        /// sequences of Latin-1 through IPA and of Cyrillic; any other non-ASCII character
        /// separates words, which is fine for scoring these four languages).
        mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
            var key = WordKey()
            var keyValid = true
            var inWord = false
            var schwa = false
            var turkic = false
            var index = 0
            let count = bytes.count
            while index <= count {
                var letter = false
                var width = 1
                if index < count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        let lower = byte | 0x20
                        if lower >= 0x61 && lower <= 0x7A {
                            letter = true
                            latin += 1
                            if keyValid { keyValid = key.append(lower) }
                        }
                    } else if byte >= 0xC3 && byte <= 0xCA && index + 1 < count {
                        let next = bytes[index + 1]
                        width = 2
                        // × and ÷ are the only non-letters in this range.
                        if !(byte == 0xC3 && (next == 0x97 || next == 0xB7)) {
                            letter = true
                            latin += 1
                            var (first, second) = (byte, next)
                            switch (byte, next) {
                            case (0xC9, 0x99), (0xC6, 0x8F):
                                schwa = true
                                (first, second) = (0xC9, 0x99)
                            case (0xC4, 0xB1), (0xC4, 0x9F), (0xC5, 0x9F):
                                turkic = true
                            case (0xC4, 0x9E), (0xC5, 0x9E):
                                turkic = true
                                second += 1
                            case (0xC4, 0xB0):  // İ
                                turkic = true
                                (first, second) = (0, 0x69)
                            case (0xC3, 0x80...0x9E):
                                second += 0x20
                            default:
                                break
                            }
                            if keyValid && first != 0 { keyValid = key.append(first) }
                            if keyValid { keyValid = key.append(second) }
                        }
                    } else if byte >= 0xD0 && byte <= 0xD4
                        && (byte < 0xD4 || (index + 1 < count && bytes[index + 1] < 0xB0))
                    {
                        // U+0400-U+052F; 0xD4 0xB0 on is Armenian (Ա, U+0531).
                        letter = true
                        width = 2
                        cyrillic += 1
                        keyValid = false  // no Cyrillic function words are scored
                    } else if byte >= 0xE0 {
                        width = byte >= 0xF0 ? 4 : 3
                        // Not 0xE2 (punctuation, symbols), U+3000-U+303F (CJK punctuation),
                        // 0xEE-0xEF (private use, BOM, presentation forms) nor 4-byte (emoji).
                        if byte < 0xEE && byte != 0xE2
                            && !(byte == 0xE3 && index + 1 < count && bytes[index + 1] == 0x80)
                        {
                            other += 1
                        }
                    } else {
                        width = 2
                        // Greek (U+0370-U+03FF) and Armenian through N'Ko (U+0530-U+07FF);
                        // not U+0080-U+036F (Latin-1 punctuation, modifiers, combining marks).
                        if byte == 0xCE || byte == 0xCF || byte >= 0xD4
                            || (byte == 0xCD && index + 1 < count && bytes[index + 1] >= 0xB0)
                        {
                            other += 1
                        }
                    }
                }
                if letter {
                    inWord = true
                } else if inWord {
                    if keyValid {
                        let languages = LanguageDetector.functionWords.languages(of: key)
                        if languages & 1 != 0 { english += 1 }
                        if languages & 2 != 0 { turkish += 1 }
                        if languages & 4 != 0 { azerbaijani += 1 }
                    }
                    if schwa { azerbaijani += 1 }
                    if turkic && !schwa { turkish += 0.5 }
                    key = WordKey()
                    keyValid = true
                    inWord = false
                    schwa = false
                    turkic = false
                } else {
                    keyValid = true
                }
                index += width
            }
        }

        var verdict: Language {
            if cyrillic > 0 && cyrillic > latin + other { return .russian }
            guard latin > 0 else { return .unknown }
            let ranked: [(Language, Double)] = [
                (.english, english), (.azerbaijani, azerbaijani), (.turkish, turkish),
            ]
            guard let (language, score) = ranked.max(by: { $0.1 < $1.1 }), score >= 3 else {
                return .unknown
            }
            return language
        }
    }
}
