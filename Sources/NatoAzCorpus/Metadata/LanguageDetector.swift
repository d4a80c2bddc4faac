/// Detects the language of an article from its letters and function words, never from its
/// file name.
///
/// - Cyrillic letters are more than half of all letters, of any script: Russian (`ru`),
///   unless letters Russian has not say Ukrainian (`uk`), Kazakh (`kk`) or another language
///   (`und`): ``CyrillicLanguage``. (A Greek, Armenian or Chinese article quoting a Russian
///   name is not Russian.)
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
    /// that lives as long as the program. A bit per 4,096 values of more bits of the same
    /// hash says whether any function word has them: most words that are not function words
    /// stop at that bit, without walking a run of slots to an empty one.
    fileprivate struct FunctionWordTable: @unchecked Sendable {
        struct Slot {
            var low: UInt64 = 0
            var high: UInt64 = 0
            var count = 0
            var languages: UInt8 = 0
        }

        private let slots: UnsafeMutablePointer<Slot>
        private let filter: UnsafeMutablePointer<UInt64>

        init(_ lists: [(words: [String], bit: UInt8)]) {
            slots = .allocate(capacity: 256)
            slots.initialize(repeating: Slot(), count: 256)
            filter = .allocate(capacity: 64)
            filter.initialize(repeating: 0, count: 64)
            for (words, bit) in lists {
                for word in words {
                    let key = WordKey(word)
                    let hash = Self.hash(low: key.low, high: key.high)
                    filter[Int(truncatingIfNeeded: (hash >> 50) & 63)] |=
                        1 << ((hash >> 44) & 63)
                    var slot = Int(truncatingIfNeeded: hash >> 56)
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
        private static func hash(low: UInt64, high: UInt64) -> UInt64 {
            (low ^ (high &* 31)) &* 0x9E37_79B9_7F4A_7C15
        }

        @inline(__always)
        private static func matches(_ slot: Slot, _ key: WordKey) -> Bool {
            slot.low == key.low && slot.high == key.high && slot.count == key.count
        }

        @inline(__always)
        func languages(low: UInt64, high: UInt64, count: Int) -> UInt8 {
            let hash = Self.hash(low: low, high: high)
            let bits = filter[Int(truncatingIfNeeded: (hash >> 50) & 63)]
            guard bits >> ((hash >> 44) & 63) & 1 != 0 else { return 0 }
            var slot = Int(truncatingIfNeeded: hash >> 56)
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
        let verdict = tally(texts).verdict
        // Which Cyrillic language, from the letters Russian has not (``CyrillicLanguage``).
        return verdict == .russian ? CyrillicLanguage.detect(texts) : verdict
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
        /// A word is scored when it ends, from its bytes: its key (`WordKey`'s packing) is
        /// read in one or two 8-byte loads, lowercased eight bytes at a time, unless it has a
        /// capital that is not ASCII (`Ə`, `Ğ`, `Ş`, `İ`, `À`-`Þ`; then ``foldedKey(_:_:_:)``
        /// walks it). Inside a word the walk only counts letters and notes what its two-byte
        /// letters were; a run of ASCII letters is found eight bytes at a time. The counts
        /// live in local variables for the walk (as fields of `self` they were loaded and
        /// stored around every byte).
        fileprivate mutating func scan(
            _ bytes: UnsafeBufferPointer<UInt8>, _ table: FunctionWordTable
        ) {
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var latin = self.latin
            var cyrillic = self.cyrillic
            var other = self.other
            var scores = Scores(english: english, turkish: turkish, azerbaijani: azerbaijani)
            // The word being walked: where it starts (-1: between words), and what its
            // non-ASCII letters were (`WordMarks`).
            var wordStart = -1
            var marks: UInt8 = 0
            var index = 0
            while index < count {
                let byte = base[index]
                if byte < 0x80 {
                    guard Self.isASCIILetter(byte) else {
                        if wordStart >= 0 {
                            if marks != WordMarks.cyrillic {
                                scores.addWord(base, wordStart, index, count, marks, table)
                            }
                            wordStart = -1
                            marks = 0
                        }
                        index += 1
                        continue
                    }
                    let end = Self.asciiLettersEnd(base, index + 1, count)
                    latin &+= end &- index
                    if wordStart < 0 && (end == count || base[end] < 0x80) {
                        // A word of ASCII letters only, then an ASCII byte (no letter) or the
                        // end: scored here, the byte after it passed over. (The common case,
                        // written out: the compiler does not inline `addWord` here.)
                        let run = end &- index
                        if run <= 8 && index &+ 8 <= count {
                            let word = UnsafeRawPointer(base + index).loadUnaligned(
                                as: UInt64.self)
                            let mask = UInt64.max &>> UInt64(truncatingIfNeeded: 64 &- 8 &* run)
                            let languages = table.languages(
                                low: (word | 0x2020_2020_2020_2020) & mask, high: 0, count: run)
                            if languages != 0 { scores.add(languages) }
                        } else if run <= 16 {
                            scores.addWord(base, index, end, count, 0, table)
                        }
                        index = end &+ 1
                        continue
                    }
                    if wordStart < 0 { wordStart = index }
                    index = end
                    continue
                }
                if byte >= 0xC3 && byte <= 0xCA && index + 1 < count {
                    let next = base[index + 1]
                    // × and ÷ are the only non-letters in this range.
                    if !(byte == 0xC3 && (next == 0x97 || next == 0xB7)) {
                        latin &+= 1
                        switch (byte, next) {
                        case (0xC9, 0x99): marks |= WordMarks.schwa
                        case (0xC6, 0x8F): marks |= WordMarks.schwa | WordMarks.capital
                        case (0xC4, 0xB1), (0xC4, 0x9F), (0xC5, 0x9F): marks |= WordMarks.turkic
                        case (0xC4, 0x9E), (0xC5, 0x9E), (0xC4, 0xB0):
                            marks |= WordMarks.turkic | WordMarks.capital
                        case (0xC3, 0x80...0x9E): marks |= WordMarks.capital
                        default: break
                        }
                        if wordStart < 0 { wordStart = index }
                    } else if wordStart >= 0 {
                        if marks != WordMarks.cyrillic {
                            scores.addWord(base, wordStart, index, count, marks, table)
                        }
                        wordStart = -1
                        marks = 0
                    }
                    index += 2
                    continue
                }
                if byte >= 0xD0 && byte <= 0xD4
                    && (byte < 0xD4 || (index + 1 < count && base[index + 1] < 0xB0))
                {
                    // U+0400-U+052F; 0xD4 0xB0 on is Armenian (Ա, U+0531). A lead byte cut
                    // off by the end counts too (and its word is then not scored, below).
                    marks |= WordMarks.cyrillic
                    if wordStart < 0 { wordStart = index }
                    // The rest of a run of U+0400-U+04FF, in one loop.
                    var end = index &+ 2
                    while end < count && base[end] & 0xFC == 0xD0 { end &+= 2 }
                    cyrillic &+= (end &- index) >> 1
                    index = end
                    continue
                }
                if wordStart >= 0 {
                    // (A word of Cyrillic letters only has nothing to score.)
                    if marks != WordMarks.cyrillic {
                        scores.addWord(base, wordStart, index, count, marks, table)
                    }
                    wordStart = -1
                    marks = 0
                }
                if byte >= 0xE0 {
                    // Not 0xE2 (punctuation, symbols), U+3000-U+303F (CJK punctuation),
                    // 0xEE-0xEF (private use, BOM, presentation forms) nor 4-byte (emoji).
                    if byte < 0xEE && byte != 0xE2
                        && !(byte == 0xE3 && index + 1 < count && base[index + 1] == 0x80)
                    {
                        other &+= 1
                    }
                    index += byte >= 0xF0 ? 4 : 3
                } else {
                    // Greek (U+0370-U+03FF) and Armenian through N'Ko (U+0530-U+07FF);
                    // not U+0080-U+036F (Latin-1 punctuation, modifiers, combining marks).
                    if byte == 0xCE || byte == 0xCF || byte >= 0xD4
                        || (byte == 0xCD && index + 1 < count && base[index + 1] >= 0xB0)
                    {
                        other &+= 1
                    }
                    index += 2
                }
            }
            // A word running to the end is scored, unless its last letter was cut off after
            // its lead byte (the walk then stepped past the end).
            if wordStart >= 0 && index == count {
                scores.addWord(base, wordStart, count, count, marks, table)
            }
            self.latin = latin
            self.cyrillic = cyrillic
            self.other = other
            english = scores.english
            turkish = scores.turkish
            azerbaijani = scores.azerbaijani
        }

        /// What a word's non-ASCII letters were, a bit each.
        private enum WordMarks {
            /// `ə` or `Ə`: the word counts for Azerbaijani.
            static let schwa: UInt8 = 1
            /// `ı`, `ğ`, `ş` or a capital of them: without `ə`, half a point for Turkish.
            static let turkic: UInt8 = 2
            /// A capital that is not ASCII: the key needs ``foldedKey(_:_:_:)``.
            static let capital: UInt8 = 4
            /// A Cyrillic letter: no function word has one.
            static let cyrillic: UInt8 = 8
        }

        /// The three scores, in half points, while a walk adds to them.
        private struct Scores {
            var english: Int
            var turkish: Int
            var azerbaijani: Int

            /// Scores the word at `start..<end` (`count`: the buffer's end): a function
            /// word for its languages, then `ə` and the Turkish letters.
            @inline(__always)
            mutating func addWord(
                _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ count: Int,
                _ marks: UInt8, _ table: FunctionWordTable
            ) {
                if marks & (WordMarks.capital | WordMarks.cyrillic) == 0 {
                    let length = end - start
                    if length <= 8 && start + 8 <= count {
                        let mask: UInt64 = length == 8 ? ~0 : (1 << (8 * UInt64(length))) - 1
                        let low = Tally.lowered(base + start) & mask
                        add(table.languages(low: low, high: 0, count: length))
                    } else if length <= 16 {
                        let key = Tally.key(base, start, length, count)
                        add(table.languages(low: key.low, high: key.high, count: key.count))
                    }
                } else if marks & WordMarks.cyrillic == 0,
                    let key = Tally.foldedKey(base, start, end)
                {
                    add(table.languages(low: key.low, high: key.high, count: key.count))
                }
                if marks & WordMarks.schwa != 0 {
                    azerbaijani &+= 2
                } else if marks & WordMarks.turkic != 0 {
                    turkish &+= 1
                }
            }

            /// Adds a function word's languages (``FunctionWordTable``'s bits).
            @inline(__always)
            mutating func add(_ languages: UInt8) {
                english &+= Int(languages & 1) << 1
                turkish &+= Int(languages & 2)
                azerbaijani &+= Int(languages & 4) >> 1
            }
        }

        /// Eight bytes from `address`, each ASCII one with bit 0x20 set (lowercase, for a
        /// letter); the bytes of two-byte letters as they are.
        @inline(__always)
        fileprivate static func lowered(_ address: UnsafePointer<UInt8>) -> UInt64 {
            let word = UnsafeRawPointer(address).loadUnaligned(as: UInt64.self)
            return word | (~word & 0x8080_8080_8080_8080) >> 2
        }

        /// The key of the `length` (at most 16) bytes at `start`, without a non-ASCII capital
        /// nor a Cyrillic letter: read in 8-byte loads where the buffer has them.
        @inline(__always)
        fileprivate static func key(
            _ base: UnsafePointer<UInt8>, _ start: Int, _ length: Int, _ count: Int
        ) -> WordKey {
            var key = WordKey()
            if start + 16 <= count {
                key.low = lowered(base + start)
                key.high = lowered(base + start + 8)
                if length < 8 {
                    key.low &= (1 << (8 * UInt64(length))) - 1
                    key.high = 0
                } else if length < 16 {
                    key.high &= (1 << (8 * UInt64(length - 8))) - 1
                }
                key.count = length
            } else {
                for offset in 0..<length {
                    let byte = base[start + offset]
                    _ = key.append(byte < 0x80 ? byte | 0x20 : byte)
                }
            }
            return key
        }

        /// Where the run of ASCII letters from `start` ends: eight bytes at a time while
        /// the buffer has them (a letter is a byte below 0x80 that, with bit 0x20 set, is
        /// from `a` to `z`; the first byte that is not ends the run).
        @inline(__always)
        private static func asciiLettersEnd(
            _ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int
        ) -> Int {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            var index = start
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                // Seven bits of each byte, lowercased: adding 0x1F sets the high bit from
                // `a` (0x61) up, adding 0x05 from 0x7B up; no byte carries into the next.
                let lower = (word | ones &* 0x20) & ~highs
                let letters = (lower &+ ones &* 0x1F) & ~(lower &+ ones &* 0x05) & ~word & highs
                let others = ~letters & highs
                if others != 0 { return index + others.trailingZeroBitCount >> 3 }
                index += 8
            }
            while index < count && isASCIILetter(base[index]) { index += 1 }
            return index
        }

        /// The key of the word at `start..<end` (ASCII and two-byte Latin letters), as
        /// `WordKey` packs it, with `Ə`, `Ğ`, `Ş` and `À`-`Þ` lowercased and `İ` as `i`; nil
        /// when it has more than 16 key bytes (no function word has).
        fileprivate static func foldedKey(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int)
            -> WordKey?
        {
            var key = WordKey()
            var index = start
            while index < end {
                let byte = base[index]
                if byte < 0x80 {
                    guard key.append(byte | 0x20) else { return nil }
                    index += 1
                    continue
                }
                var (first, second) = (byte, base[index + 1])
                switch (byte, second) {
                case (0xC6, 0x8F): (first, second) = (0xC9, 0x99)
                case (0xC4, 0x9E), (0xC5, 0x9E): second += 1
                case (0xC4, 0xB0): (first, second) = (0, 0x69)
                case (0xC3, 0x80...0x9E): second += 0x20
                default: break
                }
                if first != 0 { guard key.append(first) else { return nil } }
                guard key.append(second) else { return nil }
                index += 2
            }
            return key
        }

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
