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

    /// The key of a lowercased word of at most 16 UTF-8 bytes: its bytes packed into two
    /// integers, the first byte lowest, zero past the end. No letter's byte is zero, so the
    /// key alone tells the word (and its length). Hashing it is much cheaper than hashing a
    /// `String`, and no string is built per word.
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

    /// The function words by key, in a table where no two of them share a slot (a perfect
    /// hash: the multiplier is searched for once): a lookup is one multiply, one slot's
    /// two keys compared and the slot's scores taken or not, with no branch on the word
    /// (session 17: the filter bit and the run of slots before, each a branch on the word,
    /// were most of the cost of an English article's detection). A slot holds what the word
    /// adds to the scores, packed as ``PackedScores`` packs them; an empty slot's key is zero,
    /// which no word's is. The slots live as long as the program.
    fileprivate struct FunctionWordTable: @unchecked Sendable {
        /// 1,024 slots (16 KiB of keys): the 73 words fit without a collision for about one
        /// multiplier in 14, found within a few dozen tries.
        static let slotBits: UInt64 = 10
        private let keys: UnsafeMutablePointer<UInt64>
        private let scores: UnsafeMutablePointer<UInt64>
        private let multiplier: UInt64

        init(_ lists: [(words: [String], language: Int)]) {
            var entries: [WordKey: UInt64] = [:]
            for (words, language) in lists {
                for word in words {
                    entries[WordKey(word), default: 0] |= PackedScores.one(language)
                }
            }
            let slotCount = 1 << Self.slotBits
            var multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
            search: while true {
                var taken = [Bool](repeating: false, count: slotCount)
                for key in entries.keys {
                    let slot = Self.slot(low: key.low, high: key.high, multiplier)
                    if taken[slot] {
                        multiplier &+= 0x6A09_E667_F3BC_C908  // even: stays odd
                        continue search
                    }
                    taken[slot] = true
                }
                break
            }
            self.multiplier = multiplier
            keys = .allocate(capacity: 2 * slotCount)
            keys.initialize(repeating: 0, count: 2 * slotCount)
            scores = .allocate(capacity: 2 * slotCount)
            scores.initialize(repeating: 0, count: 2 * slotCount)
            for (key, value) in entries {
                let slot = Self.slot(low: key.low, high: key.high, multiplier)
                keys[2 * slot] = key.low
                keys[2 * slot + 1] = key.high
                scores[2 * slot] = value
            }
        }

        @inline(__always)
        private static func slot(low: UInt64, high: UInt64, _ multiplier: UInt64) -> Int {
            Int(truncatingIfNeeded: ((low ^ (high &* 31)) &* multiplier) >> (64 - slotBits))
        }

        /// What the word with this key adds to the scores (``PackedScores``): zero for a word
        /// that is no function word.
        @inline(__always)
        func scores(low: UInt64, high: UInt64) -> UInt64 {
            let slot = Self.slot(low: low, high: high, multiplier)
            let differs = (keys[2 &* slot] ^ low) | (keys[2 &* slot &+ 1] ^ high)
            // Slot `2 * slot + 1` of the scores is zero: taken when the keys differ. An index,
            // not a branch nor a select (which the compiler turned into a branch on the word).
            let miss = Int(truncatingIfNeeded: (differs | (0 &- differs)) >> 63)
            return scores[2 &* slot &+ miss]
        }
    }

    /// The three scores, in half points, in one integer while a walk adds to them: English in
    /// bits 0-20, Turkish in 21-41, Azerbaijani in 42-62. A 4 KiB sample scores at most a
    /// few thousand half points, far below a field's 2 million.
    fileprivate enum PackedScores {
        static let shifts: [UInt64] = [0, 21, 42]
        static let fieldMask: UInt64 = (1 << 21) - 1
        static let english: UInt64 = 1
        static let turkish: UInt64 = 1 << 21
        static let azerbaijani: UInt64 = 1 << 42

        /// A function word's two half points for language 0 (English), 1 (Turkish) or 2
        /// (Azerbaijani).
        static func one(_ language: Int) -> UInt64 { 2 << shifts[language] }
    }

    private static let functionWords = FunctionWordTable([
        (englishWords, 0), (turkishWords, 1), (azerbaijaniWords, 2),
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
        /// walks it). A word of ASCII letters followed by an ASCII byte (most words of English)
        /// is scored on a path of its own; any other word is walked by runs: of ASCII letters,
        /// eight bytes at a time; of Cyrillic letters; a two-byte Latin letter, whose marks
        /// (``WordMarks``) come from a table. The counts live in local variables for the walk
        /// (as fields of `self` they were loaded and stored around every byte).
        fileprivate mutating func scan(
            _ bytes: UnsafeBufferPointer<UInt8>, _ table: FunctionWordTable
        ) {
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var latin = self.latin
            var cyrillic = self.cyrillic
            var other = self.other
            var scores =
                UInt64(english) | UInt64(turkish) << 21 | UInt64(azerbaijani) << 42
            let marksTable = Self.marksTable
            var index = 0
            while index < count {
                let byte = base[index]
                if byte < 0x80 {
                    guard Self.isASCIILetter(byte) else {
                        index &+= 1
                        continue
                    }
                    let end = Self.asciiLettersEnd(base, index &+ 1, count)
                    if end == count || base[end] < 0x80 {
                        // A word of ASCII letters only, then an ASCII byte (no letter) or the
                        // end: scored here, the byte after it passed over.
                        latin &+= end &- index
                        let run = end &- index
                        if run <= 8 && index &+ 8 <= count {
                            let word = UnsafeRawPointer(base + index).loadUnaligned(
                                as: UInt64.self)
                            let mask = UInt64.max &>> UInt64(truncatingIfNeeded: 64 &- 8 &* run)
                            scores &+= table.scores(
                                low: (word | 0x2020_2020_2020_2020) & mask, high: 0)
                        } else if run <= 16 {
                            let key = Self.key(base, index, run, count)
                            scores &+= table.scores(low: key.low, high: key.high)
                        }
                        index = end &+ 1
                        continue
                    }
                } else if !Self.startsLetter(base, index, count) {
                    if byte >= 0xE0 {
                        // Not 0xE2 (punctuation, symbols), U+3000-U+303F (CJK punctuation),
                        // 0xEE-0xEF (private use, BOM, presentation forms) nor 4-byte (emoji).
                        if byte < 0xEE && byte != 0xE2
                            && !(byte == 0xE3 && index + 1 < count && base[index + 1] == 0x80)
                        {
                            other &+= 1
                        }
                        index &+= byte >= 0xF0 ? 4 : 3
                    } else {
                        // Greek (U+0370-U+03FF) and Armenian through N'Ko (U+0530-U+07FF);
                        // not U+0080-U+036F (Latin-1 punctuation, modifiers, combining
                        // marks), nor × and ÷.
                        if byte == 0xCE || byte == 0xCF || byte >= 0xD4
                            || (byte == 0xCD && index + 1 < count && base[index + 1] >= 0xB0)
                        {
                            other &+= 1
                        }
                        index &+= 2
                    }
                    continue
                }
                // A word with a letter that is not ASCII, walked by runs to its end.
                let start = index
                var marks: UInt8 = 0
                while index < count {
                    let byte = base[index]
                    if byte < 0x80 {
                        guard Self.isASCIILetter(byte) else { break }
                        let end = Self.asciiLettersEnd(base, index &+ 1, count)
                        latin &+= end &- index
                        index = end
                    } else if byte >= 0xC3 && byte <= 0xCA {
                        guard index &+ 1 < count else { break }
                        let next = base[index &+ 1]
                        // × and ÷ are the only non-letters in this range.
                        let mark = marksTable[Int(byte &- 0xC3) << 6 | Int(next & 0x3F)]
                        guard mark != WordMarks.none else { break }
                        marks |= mark
                        latin &+= 1
                        index &+= 2
                    } else if byte >= 0xD0 && byte <= 0xD4
                        && (byte < 0xD4 || (index &+ 1 < count && base[index &+ 1] < 0xB0))
                    {
                        // U+0400-U+052F; 0xD4 0xB0 on is Armenian (Ա, U+0531). A lead byte
                        // cut off by the end counts too (and its word is then not scored).
                        marks |= WordMarks.cyrillic
                        // The rest of a run of U+0400-U+04FF, in one loop.
                        var end = index &+ 2
                        while end < count && base[end] & 0xFC == 0xD0 { end &+= 2 }
                        cyrillic &+= (end &- index) >> 1
                        index = end
                    } else {
                        break
                    }
                }
                // A word running to the end is scored, unless its last letter was cut off
                // after its lead byte (the walk then stepped past the end). (A word of
                // Cyrillic letters only has nothing to score.)
                if index <= count && marks != WordMarks.cyrillic {
                    scores &+= Self.wordScores(base, start, index, count, marks, table)
                }
            }
            self.latin = latin
            self.cyrillic = cyrillic
            self.other = other
            english = Int(scores & PackedScores.fieldMask)
            turkish = Int(scores >> 21 & PackedScores.fieldMask)
            azerbaijani = Int(scores >> 42 & PackedScores.fieldMask)
        }

        /// Whether the non-ASCII byte at `index` starts a letter: a two-byte Latin letter
        /// (lead 0xC3-0xCA, not × nor ÷, its second byte in the buffer) or a Cyrillic one
        /// (lead 0xD0-0xD3, or 0xD4 before 0xB0; even when cut off by the end).
        @inline(__always)
        private static func startsLetter(
            _ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int
        ) -> Bool {
            let byte = base[index]
            if byte >= 0xC3 && byte <= 0xCA {
                return index &+ 1 < count
                    && marksTable[Int(byte &- 0xC3) << 6 | Int(base[index &+ 1] & 0x3F)]
                        != WordMarks.none
            }
            return byte >= 0xD0 && byte <= 0xD3
                || (byte == 0xD4 && index &+ 1 < count && base[index &+ 1] < 0xB0)
        }

        /// What a word's non-ASCII letters were, a bit each.
        private enum WordMarks {
            /// A two-byte Latin letter with none of the marks below.
            static let letter: UInt8 = 16
            /// `ə` or `Ə`: the word counts for Azerbaijani.
            static let schwa: UInt8 = 1
            /// `ı`, `ğ`, `ş` or a capital of them: without `ə`, half a point for Turkish.
            static let turkic: UInt8 = 2
            /// A capital that is not ASCII: the key needs ``foldedKey(_:_:_:)``.
            static let capital: UInt8 = 4
            /// A Cyrillic letter: no function word has one.
            static let cyrillic: UInt8 = 8
            /// No letter: × or ÷.
            static let none: UInt8 = 0
        }

        /// The marks of the two-byte letter U+00C0-U+02BF by its lead byte (0xC3-0xCA, less
        /// 0xC3) and the low 6 bits of its second byte: ``WordMarks/letter`` for every letter
        /// without another mark, and none for × and ÷. Written once, when first used, and only
        /// read after: unsafe only in the compiler's eyes.
        nonisolated(unsafe) private static let marksTable: UnsafeMutablePointer<UInt8> = {
            let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 8 << 6)
            table.initialize(repeating: WordMarks.letter, count: 8 << 6)
            func set(_ lead: UInt8, _ second: UInt8, _ marks: UInt8) {
                table[Int(lead - 0xC3) << 6 | Int(second & 0x3F)] = marks
            }
            set(0xC9, 0x99, WordMarks.schwa)
            set(0xC6, 0x8F, WordMarks.schwa | WordMarks.capital)
            for (lead, second) in [(0xC4, 0xB1), (0xC4, 0x9F), (0xC5, 0x9F)] as [(UInt8, UInt8)] {
                set(lead, second, WordMarks.turkic)
            }
            for (lead, second) in [(0xC4, 0x9E), (0xC5, 0x9E), (0xC4, 0xB0)] as [(UInt8, UInt8)] {
                set(lead, second, WordMarks.turkic | WordMarks.capital)
            }
            for second in UInt8(0x80)...0x9E { set(0xC3, second, WordMarks.capital) }
            set(0xC3, 0x97, WordMarks.none)
            set(0xC3, 0xB7, WordMarks.none)
            return table
        }()

        /// What the word at `start..<end` (`count`: the buffer's end) adds to the scores
        /// (``PackedScores``): a function word for its languages, then `ə` and the Turkish
        /// letters. Transparent (always inlined), where `@inline(__always)` left it a call in
        /// the release build, whose `scan` is past the optimizer's size limits (496,321 calls
        /// at a 10k load; session 19: the tally 419.5 -> 408.6 M instructions with ``key``).
        @_transparent
        private static func wordScores(
            _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ count: Int,
            _ marks: UInt8, _ table: FunctionWordTable
        ) -> UInt64 {
            var scores: UInt64 = 0
            if marks & (WordMarks.capital | WordMarks.cyrillic) == 0 {
                let length = end &- start
                if length <= 16 {
                    let key = Tally.key(base, start, length, count)
                    scores = table.scores(low: key.low, high: key.high)
                }
            } else if marks & WordMarks.cyrillic == 0,
                let key = Tally.foldedKey(base, start, end)
            {
                scores = table.scores(low: key.low, high: key.high)
            }
            if marks & WordMarks.schwa != 0 {
                scores &+= 2 &* PackedScores.azerbaijani
            } else if marks & WordMarks.turkic != 0 {
                scores &+= PackedScores.turkish
            }
            return scores
        }

        /// Eight bytes from `address`, each ASCII one with bit 0x20 set (lowercase, for a
        /// letter); the bytes of two-byte letters as they are.
        @inline(__always)
        fileprivate static func lowered(_ address: UnsafePointer<UInt8>) -> UInt64 {
            let word = UnsafeRawPointer(address).loadUnaligned(as: UInt64.self)
            return word | (~word & 0x8080_8080_8080_8080) >> 2
        }

        /// The key of the `length` (at most 16) bytes at `start`, without a non-ASCII capital
        /// nor a Cyrillic letter: read in 8-byte loads where the buffer has them. Transparent
        /// for the reason ``wordScores(_:_:_:_:_:_:)`` is (328,464 calls at a 10k load).
        @_transparent
        fileprivate static func key(
            _ base: UnsafePointer<UInt8>, _ start: Int, _ length: Int, _ count: Int
        ) -> WordKey {
            var key = WordKey()
            if length <= 8 && start + 8 <= count {
                key.low = lowered(base + start)
                if length < 8 { key.low &= (1 << (8 * UInt64(length))) - 1 }
                key.count = length
            } else if start + 16 <= count {
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
            var index = start
            while index &+ 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let others = ~asciiLetters(word) & 0x8080_8080_8080_8080
                if others != 0 { return index &+ others.trailingZeroBitCount &>> 3 }
                index &+= 8
            }
            while index < count && isASCIILetter(base[index]) { index &+= 1 }
            return index
        }

        /// The high bit of each byte of `word` that is an ASCII letter.
        @inline(__always)
        private static func asciiLetters(_ word: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            // Seven bits of each byte, lowercased: adding 0x1F sets the high bit from `a`
            // (0x61) up, adding 0x05 from 0x7B up; no byte carries into the next.
            let lower = (word | ones &* 0x20) & ~highs
            return (lower &+ ones &* 0x1F) & ~(lower &+ ones &* 0x05) & ~word & highs
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
