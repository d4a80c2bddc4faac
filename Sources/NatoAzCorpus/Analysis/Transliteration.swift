/// Cyrillic-to-Latin transliteration and a spelling-tolerant Latin key, so that names meet
/// across scripts: `Столтенберг` ~ `Stoltenberg`, `НАТО` ~ `NATO`, `Алиев` ~ `Aliyev`,
/// `Брюссель` ~ `Brussels`, `Азербайджан` ~ `Azerbaijan`.
///
/// Two steps, because no single romanisation matches how English news spells names:
/// 1. ``latin(fromCyrillic:)`` romanises a folded Cyrillic word (ISO 9-like, with `х` -> `h`,
///    `дж` -> `j`, `е` -> `ye` after vowels, `й` -> `i` before consonants).
/// 2. ``key(_:)`` reduces a Latin word to a coarse key that absorbs the spelling differences
///    left: `kh` becomes `h`, `gh`/`sh`/`ch`/`zh` lose their `h`, `y` between a consonant (or `i`) and a vowel
///    disappears (`Aliyev` -> `aliev`), doubled letters collapse (`brussel` -> `brusel`).
///
/// Keys are only ever compared across scripts (see ``Analyzer``), so the coarseness cannot merge
/// two English words.
public enum Transliteration {
    /// True when the word contains a Cyrillic letter.
    public static func isCyrillic(_ word: String) -> Bool {
        word.unicodeScalars.contains { (0x0400...0x052F).contains($0.value) }
    }

    /// Romanises a folded (lower-case) Cyrillic word. Non-Cyrillic scalars pass through.
    public static func latin(fromCyrillic word: String) -> String {
        let scalars = Array(word.unicodeScalars)
        var out = ""
        out.reserveCapacity(scalars.count + 4)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let previous = index > 0 ? scalars[index - 1] : nil
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "д" where next == "ж":
                out += "j"
                index += 1
            case "е", "є":
                let afterVowel = previous.map { isCyrillicVowel($0) || $0 == "ь" || $0 == "ъ" }
                out += (afterVowel ?? true) ? "ye" : "e"
            case "й":
                let beforeVowel = next.map(isCyrillicVowel) ?? false
                out += (previous == nil || beforeVowel) ? "y" : "i"
            default:
                if let mapped = table[scalar] {
                    out += mapped
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            index += 1
        }
        return out
    }

    /// The coarse matching key of a folded Latin word (see the type's documentation).
    public static func key(_ word: String) -> String {
        var bytes = Array(word.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return word }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let h = UInt8(ascii: "h")
        let y = UInt8(ascii: "y")
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == h, let last = out.last, "kgszc".utf8.contains(last) {
                if last == UInt8(ascii: "k") { out[out.count - 1] = h }  // kh -> h
                index += 1
                continue
            }
            if byte == y, let last = out.last, index + 1 < bytes.count,
                isVowel(bytes[index + 1]), !isVowel(last) || last == UInt8(ascii: "i")
            {
                index += 1
                continue
            }
            if let last = out.last, last == byte, isLetter(byte) {
                index += 1
                continue
            }
            out.append(byte)
            index += 1
        }
        bytes = out
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isVowel(_ byte: UInt8) -> Bool { "aeiou".utf8.contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }

    private static func isCyrillicVowel(_ scalar: Unicode.Scalar) -> Bool {
        "аеёиоуыэюяіїєәөүұ".unicodeScalars.contains(scalar)
    }

    private static let table: [Unicode.Scalar: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
        "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ё": "yo",
        // Ukrainian, Belarusian, Kazakh and Azerbaijani Cyrillic letters.
        "і": "i", "ї": "yi", "ґ": "g", "ў": "u", "ә": "a", "ғ": "g", "қ": "k", "ң": "n",
        "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "ј": "y",
    ]
}
