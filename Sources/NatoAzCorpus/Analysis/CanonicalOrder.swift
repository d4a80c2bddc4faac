/// `String`'s `<` (canonical order: the strings' NFC scalars compared in turn) computed on
/// UTF-8 bytes where that gives the same answer, for the build's big sorts with string
/// tie-breaks (Suggest's entries, spellings, frequency lists).
///
/// `String` compares any text that is not ASCII by normalising both sides as it goes, which
/// is most of the time of sorting a million Cyrillic and Turkish words. A *plain* string (see
/// ``isPlain(_:)``) is already NFC and has no combining marks, so its scalars are its NFC
/// scalars; UTF-8 preserves scalar order, so two plain strings compare as their bytes.
/// Anything else falls back to `<`.
enum CanonicalOrder {
    /// Whether every scalar is one that NFC leaves alone whatever surrounds it: below U+0300
    /// (Latin, IPA, spacing modifiers) or Cyrillic outside its combining marks
    /// (U+0400-U+0482, U+048A-U+052F). Such scalars are NFC_QC=Yes with combining class 0,
    /// so a string of them is its own NFC.
    static func isPlain(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { isPlain(utf8: $0) }
    }

    /// ``isPlain(_:)`` on a string's UTF-8 bytes.
    static func isPlain(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // Two-byte sequences cover U+0080-U+07FF; anything longer is not plain.
            guard lead & 0xE0 == 0xC0, index + 1 < bytes.count else { return false }
            let scalar = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
            guard
                scalar < 0x300 || (0x400..<0x483).contains(scalar)
                    || (0x48A..<0x530).contains(scalar)
            else { return false }
            index += 2
        }
        return true
    }

    /// `left < right`, given whether each is plain.
    @inline(__always)
    static func precedes(_ left: String, _ leftIsPlain: Bool, _ right: String, _ rightIsPlain: Bool)
        -> Bool
    {
        guard leftIsPlain, rightIsPlain else { return left < right }
        return IndexBuilder.compareUTF8(left, right) < 0
    }

    /// Term `left` < term `right` of `terms` as strings, given which terms are plain; plain
    /// pairs are compared in place, without making strings.
    @inline(__always)
    static func precedes(_ terms: TermStore, _ left: Int, _ right: Int, plain: [Bool]) -> Bool {
        guard plain[left], plain[right] else { return terms[left] < terms[right] }
        return terms.withUTF8(left) { leftBytes in
            terms.withUTF8(right) { IndexBuilder.compareUTF8(leftBytes, $0) < 0 }
        }
    }
}
