/// One pass over an article file's bytes that says whether they are plain UTF-8 text, and the
/// string made from them without a second pass.
///
/// Plain means: well-formed UTF-8 (Unicode 15, table 3-7: no overlong form, no surrogate,
/// nothing above U+10FFFF, no sequence cut at the end) holding nothing that
/// ``TextDecoder``'s full scan would count or rewrite: no NUL, no C0 control but tab, LF and
/// form feed (so no CR and no escape), no DEL, no C1 control (`C2 80`...`C2 9F`, NEL among
/// them), no U+2028 or U+2029. Most article files are; they used to pay three passes (two
/// looking for those bytes, then the standard library's validation when the string was made,
/// byte by byte once a file held one non-ASCII letter: 245 M instructions of a 10k load).
enum PlainUTF8 {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether `bytes` are plain (nil: not plain, the full scan must look), and if so whether
    /// they are all ASCII (the flag the standard library's validation gives a string).
    ///
    /// Eight bytes are taken at a time when they hold only ASCII, continuation bytes and the
    /// lead bytes of two-byte sequences (Latin, Cyrillic; a word ending in a lead byte is taken
    /// without it, so that every word starts a sequence); a word with the lead byte of a
    /// longer sequence is walked sequence by sequence up to its end (a sequence may run past
    /// it), and so is the tail.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        var isASCII = true
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let high = word & highs
            if high == 0 {
                guard asciiBytesArePlain(word, high: 0) else { return nil }
                index += 8
                continue
            }
            isASCII = false
            // Bits 6 and 5 of each byte, moved to bit 7 (nothing crosses into bit 7 of
            // another byte).
            let bit6 = (word << 1) & highs
            let bit5 = (word << 2) & highs
            if high & bit6 & bit5 == 0 {
                let taken = twoByteWordLength(word, high: high, bit6: bit6, bit5: bit5)
                guard taken > 0 else { return nil }
                index += taken
                continue
            }
            let stop = index + 8
            while index < stop {
                let length = plainLength(base, index, count)
                guard length > 0 else { return nil }
                index += length
            }
        }
        while index < count {
            let length = plainLength(base, index, count)
            guard length > 0 else { return nil }
            if length > 1 { isASCII = false }
            index += length
        }
        return isASCII
    }

    /// How many of eight bytes holding ASCII, continuation bytes and lead bytes 0xC0...0xDF
    /// only (`high`, `bit6`, `bit5`: bits 7, 6 and 5 of each byte at bit 7) are plain two-byte
    /// sequences and ASCII, starting at the first: 8, or 7 when the last byte is a lead byte
    /// (its sequence goes on in the next word); 0 when they are not plain.
    @inline(__always)
    private static func twoByteWordLength(
        _ word: UInt64, high: UInt64, bit6: UInt64, bit5: UInt64
    ) -> Int {
        let lead = high & bit6
        let continuation = high & ~bit6
        // Every continuation byte follows a lead byte, and every lead byte but the last byte
        // precedes one (little-endian: the next byte is 8 bits up).
        guard continuation == lead << 8 else { return 0 }
        // C0 and C1 (bits 4...1 all clear) start overlong forms.
        let upperBitsSet = ((word & (ones &* 0x1E)) &+ ones &* 0x7F) & highs
        guard lead & ~upperBitsSet == 0 else { return 0 }
        // C2 80...C2 9F (bit 5 of the continuation clear) are C1 controls.
        let isC2 = zeroBytes(word ^ (ones &* 0xC2))
        guard (isC2 << 8) & continuation & ~bit5 == 0 else { return 0 }
        guard asciiBytesArePlain(word, high: high) else { return 0 }
        return lead >> 63 == 0 ? 8 : 7
    }

    /// Bit 7 of each byte set where the byte is 0, exactly (no borrow crosses bytes).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low7 = ~highs
        return ~(((word & low7) &+ low7) | word | low7)
    }

    /// Whether the bytes of `word` below 0x80 (`high`: bit 7 of each byte set where it is
    /// not) hold no control but tab, LF and form feed, and no DEL. Exact per byte: with bit 7
    /// cleared no sum below carries into the next byte.
    @inline(__always)
    private static func asciiBytesArePlain(_ word: UInt64, high: UInt64) -> Bool {
        let low = word & ~highs
        let ascii = ~high & highs
        // Bit 7 set: the byte is below 0x20; then DEL (0x7F + 1 = 0x80).
        let controls = ~((low &+ ones &* 0x60) & highs) & ascii
        let del = (low &+ ones) & ascii
        if controls | del == 0 { return true }
        if del != 0 { return false }
        // Bit 7 set: the byte differs from the given one.
        @inline(__always) func differs(_ byte: UInt64) -> UInt64 {
            ((low ^ (ones &* byte)) &+ ones &* 0x7F) & highs
        }
        let allowed = ~(differs(0x09) & differs(0x0A) & differs(0x0C)) & highs
        return controls & ~allowed == 0
    }

    /// The length of the plain sequence at `index` (1 for an ASCII byte), or 0 when it is not
    /// plain: not well-formed, cut off at `count`, or one of the bytes the full scan counts.
    @inline(__always)
    private static func plainLength(_ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int)
        -> Int
    {
        let lead = base[index]
        if lead < 0x80 {
            if lead >= 0x20 { return lead == 0x7F ? 0 : 1 }
            return lead == 0x09 || lead == 0x0A || lead == 0x0C ? 1 : 0
        }
        @inline(__always) func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
        if lead < 0xE0 {
            // C2 80...C2 9F are the C1 controls; 80...C1 start no sequence.
            guard lead >= 0xC2, index + 1 < count else { return 0 }
            let second = base[index + 1]
            guard isContinuation(second), lead != 0xC2 || second >= 0xA0 else { return 0 }
            return 2
        }
        if lead < 0xF0 {
            guard index + 2 < count else { return 0 }
            let second = base[index + 1]
            let third = base[index + 2]
            guard isContinuation(second), isContinuation(third) else { return 0 }
            // E0 80...9F is overlong, ED A0...BF a surrogate, E2 80 A8/A9 a line or
            // paragraph separator.
            if lead == 0xE0 && second < 0xA0 { return 0 }
            if lead == 0xED && second >= 0xA0 { return 0 }
            if lead == 0xE2 && second == 0x80 && third & 0xFE == 0xA8 { return 0 }
            return 3
        }
        guard lead <= 0xF4, index + 3 < count else { return 0 }
        let second = base[index + 1]
        guard isContinuation(second), isContinuation(base[index + 2]),
            isContinuation(base[index + 3])
        else { return 0 }
        // F0 80...8F is overlong, F4 90 and up beyond U+10FFFF.
        if lead == 0xF0 && second < 0x90 { return 0 }
        if lead == 0xF4 && second >= 0x90 { return 0 }
        return 4
    }

    /// The string of `bytes`, which ``check(_:)`` found plain (`isASCII` is what it returned):
    /// copied without the standard library validating them again. On a system whose standard
    /// library has no `UTF8Span` the string is made the checked way.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        if #available(macOS 26, *) {
            let span = unsafe UTF8Span(
                unchecked: Span(_unsafeElements: bytes), isKnownASCII: isASCII)
            return String(copying: span)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
