/// Tells Russian from the other languages written in Cyrillic, by the letters that Russian
/// does not have, for an article ``LanguageDetector`` found Cyrillic.
///
/// - Ukrainian (`uk`): `і ї є ґ` (Russian has none; `і` is about 6% of Ukrainian letters).
/// - Kazakh (`kk`): `ә ғ қ ң ө ұ ү һ` (it writes `і` too).
/// - Any other Cyrillic letter (`ј љ њ ћ ђ џ ў ѓ ќ ѕ ҹ ҝ`...: Serbian, Macedonian, Belarusian,
///   Azerbaijani in its Soviet script): `und`, a language natoaz has no analysis for, rather
///   than a Russian stemmer cutting its words wrong.
///
/// A kind of letter decides when it is at least 2% of the Cyrillic letters looked at (and
/// at least 3 letters): a Russian article quoting `Київ` or `Қазақстан` stays Russian. Only
/// the first 2 KiB are looked at: hundreds of letters, plenty for these frequencies.
enum CyrillicLanguage {
    /// Counts of the Cyrillic letters looked at, by kind.
    struct Counts: Equatable {
        var letters = 0
        var ukrainian = 0
        var kazakh = 0
        var other = 0

        var verdict: Language {
            func decides(_ count: Int) -> Bool { count >= 3 && count * 50 >= letters }
            if decides(other) { return .unknown }
            if decides(kazakh) { return .kazakh }
            if decides(ukrainian) { return .ukrainian }
            return .russian
        }
    }

    static func detect(_ texts: [Substring]) -> Language {
        counts(texts).verdict
    }

    static func counts(_ texts: [Substring]) -> Counts {
        var counts = Counts()
        var budget = 2 << 10
        for text in texts where budget > 0 {
            let take = min(budget, text.utf8.count)
            budget -= take
            let sample = text.utf8.prefix(take)
            if sample.withContiguousStorageIfAvailable({ count($0, into: &counts) }) == nil {
                Array(sample).withUnsafeBufferPointer { count($0, into: &counts) }
            }
        }
        return counts
    }

    /// Counts the two-byte letters U+0400-U+04FF (lead bytes 0xD0-0xD3) by kind: each adds
    /// its ``increments`` entry (session 17: the kinds' switch for every letter was a third
    /// of this walk's instructions).
    private static func count(_ bytes: UnsafeBufferPointer<UInt8>, into counts: inout Counts) {
        guard let base = bytes.baseAddress else { return }
        let increments = Self.increments
        // Letters in bits 0-15, Ukrainian 16-31, Kazakh 32-47, other 48-63: a call sees at
        // most 1,024 letters (2 KiB).
        var packed: UInt64 = 0
        var index = 0
        let end = bytes.count - 1
        while index < end {
            let lead = base[index]
            guard lead & 0xFC == 0xD0 else {
                index &+= 1
                continue
            }
            packed &+= increments[Int(lead & 3) << 6 | Int(base[index &+ 1] & 0x3F)]
            index &+= 2
        }
        counts.letters += Int(packed & 0xFFFF)
        counts.ukrainian += Int(packed >> 16 & 0xFFFF)
        counts.kazakh += Int(packed >> 32 & 0xFFFF)
        counts.other += Int(packed >> 48)
    }

    /// What each letter of U+0400-U+04FF adds to the counts, packed as ``count(_:into:)``
    /// packs them, by its lead byte's low 2 bits and its second byte's low 6 bits.
    private static let increments: [UInt64] = (0..<256).map { position in
        let lead = UInt8(0xD0 + position >> 6)
        let next = UInt8(0x80 + position & 0x3F)
        switch kind(lead, next) {
        case .russian: return 1
        case .ukrainian: return 1 | 1 << 16
        case .kazakh: return 1 | 1 << 32
        case .other: return 1 | 1 << 48
        case .notALetter: return 0
        }
    }

    private enum Kind { case russian, ukrainian, kazakh, other, notALetter }

    /// The kind of the two-byte scalar `lead` `next` (lead 0xD0-0xD3).
    private static func kind(_ lead: UInt8, _ next: UInt8) -> Kind {
        switch (lead, next) {
        // А-п, Ё; р-я, ё: Russian's alphabet.
        case (0xD0, 0x90...0xBF), (0xD0, 0x81), (0xD1, 0x80...0x8F), (0xD1, 0x91): .russian
        // Є І Ї; є і ї; Ґ ґ.
        case (0xD0, 0x84), (0xD0, 0x86), (0xD0, 0x87), (0xD1, 0x94), (0xD1, 0x96),
            (0xD1, 0x97), (0xD2, 0x90), (0xD2, 0x91):
            .ukrainian
        // Ғ ғ Қ қ Ң ң Ү ү Ұ ұ Һ һ; Ә ә Ө ө.
        case (0xD2, 0x92), (0xD2, 0x93), (0xD2, 0x9A), (0xD2, 0x9B), (0xD2, 0xA2),
            (0xD2, 0xA3), (0xD2, 0xAE), (0xD2, 0xAF), (0xD2, 0xB0), (0xD2, 0xB1),
            (0xD2, 0xBA), (0xD2, 0xBB), (0xD3, 0x98), (0xD3, 0x99), (0xD3, 0xA8),
            (0xD3, 0xA9):
            .kazakh
        // Combining marks (U+0483-U+0489) are no letters.
        case (0xD2, 0x83...0x89): .notALetter
        default: .other
        }
    }
}
