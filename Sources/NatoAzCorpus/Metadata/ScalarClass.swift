/// Fast character classes for the scripts the corpus uses. `Unicode.Scalar.Properties` looks
/// every query up in compressed tables, which dominated load time; ASCII, Latin and Cyrillic
/// are answered here by range, and only other scripts fall back to the tables.
enum ScalarClass {
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        if value == 0xA0 { return true }
        if value < 0x1680 { return false }
        return scalar.properties.isWhitespace
    }

    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        if value < 0xC0 { return value == 0xAA || value == 0xB5 || value == 0xBA }
        if value <= 0x2AF { return value != 0xD7 && value != 0xF7 }  // Latin-1 to IPA letters
        if value >= 0x400 && value <= 0x52F { return value < 0x482 || value > 0x489 }  // Cyrillic
        let properties = scalar.properties
        return properties.isAlphabetic || properties.generalCategory == .nonspacingMark
    }

    @inline(__always)
    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x41 && value <= 0x5A }
        if value >= 0xC0 && value <= 0xDE { return value != 0xD7 }
        if value >= 0x410 && value <= 0x42F { return true }
        if value >= 0x400 && value <= 0x40F { return true }
        if value >= 0x430 && value <= 0x45F { return false }
        if value >= 0xDF && value <= 0xFF { return false }
        if value >= 0x100 && value < 0x530 { return caseTable[Int(value) - 0x100] & 1 != 0 }
        return scalar.properties.isUppercase
    }

    @inline(__always)
    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x61 && value <= 0x7A }
        if value >= 0xDF && value <= 0xFF { return value != 0xF7 }
        if value >= 0x430 && value <= 0x45F { return true }
        if value >= 0x400 && value <= 0x42F { return false }
        if value >= 0xC0 && value <= 0xDE { return false }
        if value >= 0x100 && value < 0x530 { return caseTable[Int(value) - 0x100] & 2 != 0 }
        return scalar.properties.isLowercase
    }

    /// The case of U+0100...U+052F (Latin Extended-A and -B, IPA, Greek, Cyrillic), read once
    /// from the standard library's tables (bit 0: uppercase, bit 1: lowercase): Azerbaijani
    /// and Turkish letters (`ə`, `ş`, `ğ`, `ı`) are there, and each lookup in the compressed
    /// tables cost about 320 instructions.
    private static let caseTable: [UInt8] = (UInt32(0x100)..<0x530).map { value in
        let properties = Unicode.Scalar(value)!.properties
        return (properties.isUppercase ? 1 : 0) | (properties.isLowercase ? 2 : 0)
    }

    @inline(__always)
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    /// The value of an Arabic-Indic (U+0660), Persian (U+06F0) or fullwidth (U+FF10) digit:
    /// the digits Arabic, Persian and East Asian dates are written in.
    @inline(__always)
    static func otherDigitValue(_ scalar: Unicode.Scalar) -> Int? {
        let value = scalar.value
        guard value >= 0x660 else { return nil }
        for zero: UInt32 in [0x660, 0x6F0, 0xFF10] where value >= zero && value <= zero + 9 {
            return Int(value - zero)
        }
        return nil
    }

    /// A CJK ideograph (unified, extension A and B on, compatibility): a word by itself for
    /// the metadata tokenizer.
    @inline(__always)
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value >= 0x3400 else { return false }
        return value <= 0x4DBF || (value >= 0x4E00 && value <= 0x9FFF)
            || (value >= 0xF900 && value <= 0xFAFF) || (value >= 0x2_0000 && value <= 0x3_FFFF)
    }
}
