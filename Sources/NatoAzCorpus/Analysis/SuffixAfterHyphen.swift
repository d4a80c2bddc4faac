/// Azerbaijani case and ordinal endings written after a hyphen: `NATO-nun` (of NATO),
/// `BMT-yə` (to the UN), `ATƏT-in`, `1994-cü il` (the year 1994). Azerbaijani spelling puts a
/// hyphen between an abbreviation or a number and its ending where Turkish puts an
/// apostrophe (`NATO'nun`).
///
/// Read as a compound, `NATO-nun` made `nun` a word of its own: the commonest "collocate" of
/// NATO in Azerbaijani text and the first completion of `nu`, while a search for `NATO-nun`
/// matched only that spelling. Such an ending is read as after an apostrophe instead: the
/// word is `NATO`, and the whole form is indexed too.
enum SuffixAfterHyphen {
    /// Endings after an abbreviation or a number (lower case, as written), with the Turkish
    /// forms people also hyphenate. Closed and short, so that an English `UN-led` or `COVID-19`
    /// stays a compound.
    static let endings: Set<[UInt8]> = Set(
        [
            // genitive
            "nın", "nin", "nun", "nün", "ın", "in", "un", "ün",
            // dative
            "ya", "yə", "ye", "a", "ə", "e",
            // accusative
            "nı", "ni", "nu", "nü", "yı", "yi", "yu", "yü", "ı", "i", "u", "ü",
            // locative, ablative
            "da", "də", "de", "ta", "tə", "te", "dan", "dən", "den", "tan", "tən", "ten",
            // instrumental
            "la", "lə", "le", "yla", "ylə", "yle",
            // "the one in" (NATO-dakı), plural
            "dakı", "dəki", "daki", "deki", "lar", "lər", "ler",
            // ordinals after numbers (1994-cü, 30-cu)
            "cı", "ci", "cu", "cü", "ncı", "nci", "ncu", "ncü", "ıncı", "inci", "uncu", "üncü",
        ].map { Array($0.utf8) })

    /// Whether `bytes[suffix]` is one of ``endings`` and `bytes[base]` an abbreviation
    /// (2-8 letters, every one a capital) or a number.
    static func joins(
        base: Range<Int>, suffix: Range<Int>, baseHasLetter: Bool,
        in bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard suffix.count <= 8, endings.contains(Array(bytes[suffix])) else { return false }
        guard baseHasLetter else { return true }
        var letters = 0
        for scalar in String(decoding: bytes[base], as: UTF8.self).unicodeScalars {
            guard scalar.properties.isUppercase else { return false }
            letters += 1
        }
        return (2...8).contains(letters)
    }
}
