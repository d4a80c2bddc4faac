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
        var out: [UInt8] = []
        out.reserveCapacity(scalars.count * 2 + 4)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let previous = index > 0 ? scalars[index - 1] : nil
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "д" where next == "ж":
                out.append(UInt8(ascii: "j"))
                index += 1
            case "е", "є":
                let afterVowel = previous.map { isCyrillicVowel($0) || $0 == "ь" || $0 == "ъ" }
                if afterVowel ?? true { out.append(UInt8(ascii: "y")) }
                out.append(UInt8(ascii: "e"))
            case "й":
                let beforeVowel = next.map(isCyrillicVowel) ?? false
                out.append(UInt8(ascii: (previous == nil || beforeVowel) ? "y" : "i"))
            default:
                let offset = Int(scalar.value) - Int(tableBase)
                if offset >= 0, offset < latinBytes.count, let mapped = latinBytes[offset] {
                    out.append(contentsOf: mapped)
                } else {
                    UTF8.encode(scalar) { out.append($0) }
                }
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ``latin(fromCyrillic:)`` of a word given as valid UTF-8, written to `out` (which
    /// records an overflow: the caller then declines the word).
    static func latin(fromCyrillicUTF8 word: UnsafeBufferPointer<UInt8>, into out: inout ByteWriter)
    {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: word.count) { buffer in
            let count = UTF8Scalars.decode(word, into: buffer)
            let scalars = UnsafeBufferPointer(rebasing: buffer[0..<count])
            latinBytes.withUnsafeBufferPointer { table in
                var index = 0
                while index < count {
                    let scalar = scalars[index]
                    let previous: UInt32? = index > 0 ? scalars[index - 1] : nil
                    let next: UInt32? = index + 1 < count ? scalars[index + 1] : nil
                    switch scalar {
                    case 0x434 where next == 0x436:  // дж
                        out.append(UInt8(ascii: "j"))
                        index += 1
                    case 0x435, 0x454:  // е, є
                        let afterVowel = previous.map {
                            isCyrillicVowel(value: $0) || $0 == 0x44C || $0 == 0x44A  // ь, ъ
                        }
                        if afterVowel ?? true { out.append(UInt8(ascii: "y")) }
                        out.append(UInt8(ascii: "e"))
                    case 0x439:  // й
                        let beforeVowel = next.map { isCyrillicVowel(value: $0) } ?? false
                        out.append(UInt8(ascii: (previous == nil || beforeVowel) ? "y" : "i"))
                    default:
                        let offset = Int(scalar) - Int(tableBase)
                        if offset >= 0, offset < table.count, let mapped = table[offset] {
                            for byte in mapped { out.append(byte) }
                        } else {
                            out.append(scalar: scalar)
                        }
                    }
                    index += 1
                }
            }
        }
    }

    /// ``key(_:)`` of a word given as UTF-8, written to `out`: the ASCII key, or the word
    /// itself when it is not ASCII.
    static func key(utf8 word: UnsafeBufferPointer<UInt8>, into out: inout ByteWriter) {
        guard UTF8Scalars.isASCII(word) else {
            out.append(word)
            return
        }
        // A key is at most as long as its word.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, word.count)) { space in
            let count = key(ascii: word, into: space.baseAddress!)
            out.append(UnsafeBufferPointer(rebasing: space[0..<count]))
        }
    }

    /// The coarse matching key of a folded Latin word (see the type's documentation).
    public static func key(_ word: String) -> String {
        var word = word
        let key = word.withUTF8 { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            // At most as long as the word: letters are only dropped or replaced.
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                guard let base = out.baseAddress else { return 0 }
                return Self.key(ascii: bytes, into: base)
            }
        }
        return key ?? word
    }

    /// ``key(_:)`` of an ASCII word: writes the key (at most `bytes.count` bytes) to `out`
    /// and returns its length.
    static func key(ascii bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>)
        -> Int
    {
        let h = UInt8(ascii: "h")
        let y = UInt8(ascii: "y")
        var count = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let last: UInt8? = count > 0 ? out[count - 1] : nil
            if byte == h, let last, takesSilentH(last) {
                if last == UInt8(ascii: "k") { out[count - 1] = h }  // kh -> h
                index += 1
                continue
            }
            if byte == y, let last, index + 1 < bytes.count,
                isVowel(bytes[index + 1]), !isVowel(last) || last == UInt8(ascii: "i")
            {
                index += 1
                continue
            }
            if let last, last == byte, isLetter(byte) {
                index += 1
                continue
            }
            out[count] = byte
            count += 1
            index += 1
        }
        return count
    }

    @inline(__always)
    private static func isVowel(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"),
            UInt8(ascii: "u"):
            true
        default: false
        }
    }

    /// `k`, `g`, `s`, `z`, `c`: an `h` after them is dropped (or, after `k`, kept alone).
    @inline(__always)
    private static func takesSilentH(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "k"), UInt8(ascii: "g"), UInt8(ascii: "s"), UInt8(ascii: "z"),
            UInt8(ascii: "c"):
            true
        default: false
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }

    private static let cyrillicVowels = "аеёиоуыэюяіїєәөүұ"

    private static func isCyrillicVowel(_ scalar: Unicode.Scalar) -> Bool {
        cyrillicVowels.unicodeScalars.contains(scalar)
    }

    /// ``isCyrillicVowel(_:)`` by scalar value, from a table over ``tableBase``'s block.
    @inline(__always)
    private static func isCyrillicVowel(value: UInt32) -> Bool {
        let offset = Int(value) - Int(tableBase)
        return offset >= 0 && offset < vowelTable.count && vowelTable[offset]
    }

    private static let vowelTable: [Bool] = {
        var table = [Bool](repeating: false, count: 0x130)
        for scalar in cyrillicVowels.unicodeScalars {
            precondition((0x400..<0x530).contains(scalar.value), "a vowel outside Cyrillic")
            table[Int(scalar.value - tableBase)] = true
        }
        return table
    }()

    /// ``table`` as ASCII bytes by scalar value from ``tableBase`` (every key is in
    /// U+0400-U+052F): an array index instead of a dictionary lookup per letter.
    private static let tableBase: UInt32 = 0x400
    private static let latinBytes: [[UInt8]?] = {
        var bytes = [[UInt8]?](repeating: nil, count: 0x130)
        for (scalar, latin) in table {
            precondition((0x400..<0x530).contains(scalar.value), "a key outside Cyrillic")
            bytes[Int(scalar.value - tableBase)] = Array(latin.utf8)
        }
        return bytes
    }()

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
