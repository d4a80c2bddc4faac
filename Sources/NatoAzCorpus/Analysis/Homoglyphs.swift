/// Words that mix Latin and Cyrillic look-alike letters: `NАТО` typed with Cyrillic `А`, `Т`,
/// `О` (a keyboard left in the other layout, text pasted from a PDF, or spam avoiding filters),
/// `Мocква` with Latin `o` and `c`. Session 13's QA found `NATO` did not find `NАТО`.
///
/// A word with letters of both scripts is read in one script when the other script's letters
/// all have look-alikes in it: in the script of most of its letters, else Latin. A word in one
/// script only is never changed: `САТ` is Russian, `CAT` English. Only the letters Russian and
/// English share shapes for are mapped (`А В Е К М Н О Р С Т У Х` and `а е о р с у х`).
enum Homoglyphs {
    /// `word` in one script, if it mixes Latin and Cyrillic look-alikes; else `word`.
    static func unmixed(_ word: Substring) -> Substring {
        // Bytes first, without a branch per byte: nearly every word lacks one of the scripts
        // (a scan of scalars with table lookups cost 1.6% of a 10k load's instructions, a
        // byte loop with a switch 0.8%).
        let mayMix =
            word.utf8.withContiguousStorageIfAvailable(mayMixScripts)
            ?? (word.utf8.reduce(0) { $0 | scriptBits[Int($1)] } == 3)
        guard mayMix else { return word }
        var latin = 0
        var cyrillic = 0
        var latinConfusable = true
        var cyrillicConfusable = true
        for scalar in word.unicodeScalars {
            let value = scalar.value
            if (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
                || (value >= 0xC0 && value <= 0x24F)
            {
                latin += 1
                if latinConfusable && toCyrillic[scalar] == nil { latinConfusable = false }
            } else if value >= 0x400 && value <= 0x4FF {
                cyrillic += 1
                if cyrillicConfusable && toLatin[scalar] == nil { cyrillicConfusable = false }
            }
        }
        guard latin > 0, cyrillic > 0 else { return word }
        let map: [Unicode.Scalar: Unicode.Scalar]
        switch (cyrillicConfusable, latinConfusable) {
        case (true, true): map = cyrillic > latin ? toCyrillic : toLatin
        case (true, false): map = toLatin
        case (false, true): map = toCyrillic
        case (false, false): return word
        }
        let scalars = word.unicodeScalars.map { map[$0] ?? $0 }
        return Substring(String(String.UnicodeScalarView(scalars)))
    }

    /// Whether a word's UTF-8 has letters of both scripts (only then can ``unmixed(_:)``
    /// change it).
    static func mayMixScripts(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var seen: UInt8 = 0
        for byte in bytes { seen |= scriptBits[Int(byte)] }
        return seen == 3
    }

    /// Bit 0 for a byte that is an ASCII letter or leads U+00C0...U+027F (Latin), bit 1 for
    /// one that leads U+0400...U+04FF (Cyrillic).
    private static let scriptBits: [UInt8] = (0..<256).map { byte in
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0xC3...0xC9: 1
        case 0xD0...0xD3: 2
        default: 0
        }
    }

    /// Cyrillic letters and the Latin ones they look like.
    private static let pairs: [(Unicode.Scalar, Unicode.Scalar)] = [
        ("А", "A"), ("В", "B"), ("Е", "E"), ("К", "K"), ("М", "M"), ("Н", "H"), ("О", "O"),
        ("Р", "P"), ("С", "C"), ("Т", "T"), ("У", "Y"), ("Х", "X"), ("а", "a"), ("е", "e"),
        ("о", "o"), ("р", "p"), ("с", "c"), ("у", "y"), ("х", "x"),
    ]
    private static let toLatin = Dictionary(uniqueKeysWithValues: pairs)
    private static let toCyrillic = Dictionary(uniqueKeysWithValues: pairs.map { ($1, $0) })
}
