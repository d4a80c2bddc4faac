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
    /// open-addressing table: one multiply and usually one comparison per word. The slots are
    /// plain values (an empty one has `count` 0, which no word has), read through a pointer
    /// that lives as long as the program.
    fileprivate struct FunctionWordTable: @unchecked Sendable {
        struct Slot {
            var low: UInt64 = 0
            var high: UInt64 = 0
            var count = 0
            var languages: UInt8 = 0
        }

        private let slots: UnsafeMutablePointer<Slot>

        init(_ lists: [(words: [String], bit: UInt8)]) {
            slots = .allocate(capacity: 256)
            slots.initialize(repeating: Slot(), count: 256)
            for (words, bit) in lists {
                for word in words {
                    let key = WordKey(word)
                    var slot = Self.slot(key)
                    while slots[slot].count != 0 && !Self.matches(slots[slot], key) {
                        slot = (slot + 1) & 255
                    }
                    slots[slot].low = key.low
                    slots[slot].high = key.high
                    slots[slot].count = key.count
                    slots[slot].languages |= bit
                }
            }
        }

        @inline(__always)
        private static func slot(_ key: WordKey) -> Int {
            slot(low: key.low, high: key.high)
        }

        @inline(__always)
        private static func slot(low: UInt64, high: UInt64) -> Int {
            Int(truncatingIfNeeded: ((low ^ (high &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        }

        @inline(__always)
        private static func matches(_ slot: Slot, _ key: WordKey) -> Bool {
            slot.low == key.low && slot.high == key.high && slot.count == key.count
        }

        @inline(__always)
        func languages(low: UInt64, high: UInt64, count: Int) -> UInt8 {
            var slot = Self.slot(low: low, high: high)
            while slots[slot].count != 0 {
                if slots[slot].low == low && slots[slot].high == high
                    && slots[slot].count == count
                {
                    return slots[slot].languages
                }
                slot = (slot + 1) & 255
            }
            return 0
        }
    }

    private static let functionWords = FunctionWordTable([
        (englishWords, 1), (turkishWords, 2), (azerbaijaniWords, 4),
    ])

    static func detect(_ texts: [Substring]) -> Language {
        tally(texts).verdict
    }

    /// The letter counts and scores `detect` decides from (for tests).
    static func tally(_ texts: [Substring]) -> Tally {
        var tally = Tally()
        let table = functionWords
        var budget = 4 << 10
        for text in texts where budget > 0 {
            let take = min(budget, text.utf8.count)
            budget -= take
            let sample = text.utf8.prefix(take)
            if sample.withContiguousStorageIfAvailable({ tally.scan($0, table) }) == nil {
                Array(sample).withUnsafeBufferPointer { tally.scan($0, table) }
            }
        }
        return tally
    }

    struct Tally: Equatable {
        var latin = 0
        var cyrillic = 0
        /// Letters of other scripts (Greek, Armenian to N'Ko, three-byte scripts such as
        /// Georgian, Indic, kana and CJK), counted only so that Cyrillic must outnumber them.
        var other = 0
        /// Scores in half points (a Turkish-letter word counts half).
        var english = 0
        var turkish = 0
        var azerbaijani = 0

        /// Walks UTF-8 bytes: words are runs of letters (ASCII letters and the two-byte
        /// sequences of Latin-1 through IPA and of Cyrillic; any other non-ASCII character
        /// separates words, which is fine for scoring these four languages).
        ///
        /// The counts live in local variables for the walk (as fields of `self` they were
        /// loaded and stored around every byte), and the key of a word of at most 8 ASCII
        /// letters is read in one 8-byte load rather than shifted in byte by byte.
        fileprivate mutating func scan(
            _ bytes: UnsafeBufferPointer<UInt8>, _ table: FunctionWordTable
        ) {
            guard let base = bytes.baseAddress else { return }
            var latin = self.latin
            var cyrillic = self.cyrillic
            var other = self.other
            var english = self.english
            var turkish = self.turkish
            var azerbaijani = self.azerbaijani
            // The word's key: its lowercased bytes, packed as `WordKey` packs them.
            // `keyCount` > 16 means the word cannot be a function word (too long, Cyrillic).
            var low: UInt64 = 0
            var high: UInt64 = 0
            var keyCount = 0
            var inWord = false
            var schwa = false
            var turkic = false
            var index = 0
            let count = bytes.count
            @inline(__always) func appendKey(_ byte: UInt8) {
                if keyCount < 8 {
                    low |= UInt64(byte) << (8 * UInt64(keyCount))
                    keyCount += 1
                } else if keyCount < 16 {
                    high |= UInt64(byte) << (8 * UInt64(keyCount - 8))
                    keyCount += 1
                } else {
                    keyCount = Self.invalidKey
                }
            }
            while index <= count {
                var letter = false
                var width = 1
                if index < count {
                    let byte = base[index]
                    if byte < 0x80 {
                        if Self.isASCIILetter(byte) {
                            // A run of ASCII letters: the common case, taken in one loop.
                            var end = index + 1
                            while end < count && Self.isASCIILetter(base[end]) { end += 1 }
                            let run = end - index
                            latin += run
                            if keyCount == 0 && run <= 8 && index + 8 <= count {
                                // The whole key in one load: the run's bytes, lowercased.
                                let word = UnsafeRawPointer(base + index).loadUnaligned(
                                    as: UInt64.self)
                                let mask: UInt64 = run == 8 ? ~0 : (1 << (8 * UInt64(run))) - 1
                                low = (word | 0x2020_2020_2020_2020) & mask
                                keyCount = run
                            } else if keyCount + run <= 16 {
                                for offset in index..<end { appendKey(base[offset] | 0x20) }
                            } else {
                                keyCount = Self.invalidKey
                            }
                            inWord = true
                            index = end
                            continue
                        }
                    } else if byte >= 0xC3 && byte <= 0xCA && index + 1 < count {
                        let next = base[index + 1]
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
                            if first != 0 { appendKey(first) }
                            appendKey(second)
                        }
                    } else if byte >= 0xD0 && byte <= 0xD4
                        && (byte < 0xD4 || (index + 1 < count && base[index + 1] < 0xB0))
                    {
                        // U+0400-U+052F; 0xD4 0xB0 on is Armenian (Ա, U+0531).
                        letter = true
                        width = 2
                        cyrillic += 1
                        keyCount = Self.invalidKey  // no Cyrillic function words are scored
                    } else if byte >= 0xE0 {
                        width = byte >= 0xF0 ? 4 : 3
                        // Not 0xE2 (punctuation, symbols), U+3000-U+303F (CJK punctuation),
                        // 0xEE-0xEF (private use, BOM, presentation forms) nor 4-byte (emoji).
                        if byte < 0xEE && byte != 0xE2
                            && !(byte == 0xE3 && index + 1 < count && base[index + 1] == 0x80)
                        {
                            other += 1
                        }
                    } else {
                        width = 2
                        // Greek (U+0370-U+03FF) and Armenian through N'Ko (U+0530-U+07FF);
                        // not U+0080-U+036F (Latin-1 punctuation, modifiers, combining marks).
                        if byte == 0xCE || byte == 0xCF || byte >= 0xD4
                            || (byte == 0xCD && index + 1 < count && base[index + 1] >= 0xB0)
                        {
                            other += 1
                        }
                    }
                }
                if letter {
                    inWord = true
                } else if inWord {
                    if keyCount <= 16 {
                        let languages = table.languages(low: low, high: high, count: keyCount)
                        english &+= Int(languages & 1) << 1
                        turkish &+= Int(languages & 2)
                        azerbaijani &+= Int(languages & 4) >> 1
                    }
                    if schwa { azerbaijani &+= 2 }
                    if turkic && !schwa { turkish &+= 1 }
                    low = 0
                    high = 0
                    keyCount = 0
                    inWord = false
                    schwa = false
                    turkic = false
                }
                index += width
            }
            self.latin = latin
            self.cyrillic = cyrillic
            self.other = other
            self.english = english
            self.turkish = turkish
            self.azerbaijani = azerbaijani
        }

        /// A `keyCount` that no appended byte brings back to 16 or less.
        private static let invalidKey = 1 << 20

        @inline(__always)
        private static func isASCIILetter(_ byte: UInt8) -> Bool {
            let lower = byte | 0x20
            return lower >= 0x61 && lower <= 0x7A
        }

        var verdict: Language {
            if cyrillic > 0 && cyrillic > latin + other { return .russian }
            guard latin > 0 else { return .unknown }
            let ranked: [(Language, Int)] = [
                (.english, english), (.azerbaijani, azerbaijani), (.turkish, turkish),
            ]
            // Half points: at least 3 points is at least 6.
            guard let (language, score) = ranked.max(by: { $0.1 < $1.1 }), score >= 6 else {
                return .unknown
            }
            return language
        }
    }
}
