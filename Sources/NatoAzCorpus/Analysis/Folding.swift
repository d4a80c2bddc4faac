import CUTF8Proc

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Case and diacritic folding shared by indexing and querying, so both sides meet on one key.
///
/// Unicode does the general part (libutf8proc: case folding, NFC composition, marks and
/// default-ignorable code points stripped). Explicit rules come first because Unicode alone
/// gets them wrong for this corpus:
///
/// | input      | folded | why                                                      |
/// |------------|--------|----------------------------------------------------------|
/// | `ı`, `İ`   | `i`    | Turkish/Azerbaijani dotless and dotted i are one letter   |
/// | `ə`, `Ə`   | `a`    | Azerbaijani schwa is usually written `a` in English texts |
/// | `ё`, `Ё`   | `е`    | Russian texts write `е` for `ё` most of the time          |
/// | `й`, `Й`   | `й`    | kept: stripping its breve would turn it into `и`          |
/// | `ـ`        | -      | Arabic tatweel only stretches a word for layout           |
/// | `ة`        | `ه`    | often typed `ه` at the end of a word: `منظمة` = `منظمه`      |
/// | `ى`, `ی`   | `ي`    | final `ى` is written `ي` and back; Persian `ی` is `ي`     |
/// | `ک`        | `ك`    | Persian kaf; Arabic keyboards type `ك` for it             |
///
/// (Hamza forms `أ`, `إ`, `آ` already fold to `ا` and Arabic vowel signs go, being marks.)
///
/// Compatibility forms fold to their plain letters (NFKC): fullwidth `ＮＡＴＯ` (common in
/// Chinese and Japanese text) is `nato`, halfwidth `ｱ` is `ア`, the ligature `ﬁ` is `fi`, and
/// Arabic presentation forms (`ﻧﺎﺗﻮ`, left by PDF extraction) are `ناتو`. Only folding does
/// this: lower-casing for the stemmers keeps marks, and a compatibility mark (`¨` is a space
/// and U+0308) could then compose with the next letter.
///
public enum Folding {
    /// A private-use stand-in for `й` while libutf8proc strips marks.
    private static let shortIPlaceholder: Unicode.Scalar = "\u{E000}"

    /// Folds a word for matching: `Türkiye` -> `turkiye`, `Əliyev` -> `aliyev`,
    /// `Ёлка` -> `елка`, `İSTANBUL` -> `istanbul`.
    public static func fold(_ word: Substring) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return asciiLowercased(word) }
        if let folded = ScalarMapping.folds.map(word) { return folded }
        return generalFold(word)
    }

    /// ``fold(_:)`` through libutf8proc, for any text; the fast paths must agree with it.
    static func generalFold(_ word: Substring) -> String {
        var prepared = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            switch scalar.value {
            case 0x0130, 0x0131, 0x0049: prepared.append("i")
            case 0x018F, 0x0259: prepared.append("a")
            case 0x0401, 0x0451: prepared.append("\u{0435}")
            case 0x0419, 0x0439: prepared.append(shortIPlaceholder)
            case 0x0640: continue
            case 0x0629: prepared.append("\u{0647}")
            case 0x0649, 0x06CC: prepared.append("\u{064A}")
            case 0x06A9: prepared.append("\u{0643}")
            default: prepared.append(scalar)
            }
        }
        let options =
            UTF8PROC_CASEFOLD.rawValue | UTF8PROC_COMPOSE.rawValue | UTF8PROC_COMPAT.rawValue
            | UTF8PROC_STRIPMARK.rawValue | UTF8PROC_STABLE.rawValue | UTF8PROC_IGNORE.rawValue
        let mapped = map(String(prepared), options: options)
        guard mapped.unicodeScalars.contains(shortIPlaceholder) else { return mapped }
        var restored = String.UnicodeScalarView()
        for scalar in mapped.unicodeScalars {
            restored.append(scalar == shortIPlaceholder ? "\u{0439}" : scalar)
        }
        return String(restored)
    }

    /// Folds a word for matching.
    public static func fold(_ word: String) -> String { fold(word[...]) }

    /// Lower-cases a word but keeps its diacritics, for stemmers that need them.
    ///
    /// With `turkic` set, `I` becomes `ı` and `İ` becomes `i` (Turkish and Azerbaijani casing).
    /// `ё` still becomes `е` so that both spellings stem alike.
    public static func lowercased(_ word: Substring, turkic: Bool) -> String {
        if !turkic, word.utf8.allSatisfy({ $0 < 0x80 }) { return asciiLowercased(word) }
        let table = turkic ? ScalarMapping.turkicLowercases : ScalarMapping.lowercases
        if let lowered = table.map(word) { return lowered }
        return generalLowercased(word, turkic: turkic)
    }

    /// ``lowercased(_:turkic:)`` through libutf8proc, for any text.
    static func generalLowercased(_ word: Substring, turkic: Bool) -> String {
        var prepared = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            switch scalar.value {
            case 0x0049 where turkic: prepared.append("\u{0131}")
            case 0x0130: prepared.append("i")
            case 0x0401, 0x0451: prepared.append("\u{0435}")
            default: prepared.append(scalar)
            }
        }
        let options =
            UTF8PROC_CASEFOLD.rawValue | UTF8PROC_COMPOSE.rawValue
            | UTF8PROC_STABLE.rawValue | UTF8PROC_IGNORE.rawValue
        return map(String(prepared), options: options)
    }

    private static func asciiLowercased(_ word: Substring) -> String {
        var bytes = Array(word.utf8)
        for index in bytes.indices where bytes[index] &- 0x41 < 26 { bytes[index] |= 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs `utf8proc_map`; on the (invalid-input) error path the input is returned unchanged,
    /// which can only cost a match, never text.
    private static func map(_ text: String, options: UInt32) -> String {
        var text = text
        return text.withUTF8 { input -> String in
            var output: UnsafeMutablePointer<UInt8>? = nil
            let length = utf8proc_map(
                input.baseAddress, input.count, &output, utf8proc_option_t(rawValue: options))
            defer { free(output) }
            guard length >= 0, let output else { return String(decoding: input, as: UTF8.self) }
            return String(
                decoding: UnsafeBufferPointer(start: output, count: length), as: UTF8.self)
        }
    }
}
