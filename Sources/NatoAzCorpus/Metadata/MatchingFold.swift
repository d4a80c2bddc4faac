/// Case folding for keyword comparison across en/ru/az/tr: lowercase, and the Turkish dotless
/// and dotted i both become `i` (so `KASIM`, `Kasım` and `kasım` compare equal).
///
/// Text of one- and two-byte scalars (ASCII, Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic:
/// all the heuristics meet in these corpora) is folded byte by byte with
/// ``MatchingFold/twoByteFolds``, the scalar-by-scalar folding's answer for each such scalar:
/// that folding decoded every scalar and lowercased most non-ASCII ones through a string of
/// their own (session 17: 128 M instructions of a 10k load, about 2,700 a call; a boilerplate
/// test's 40 characters of Azerbaijani cost 7,000). Other text takes the scalar-by-scalar way.
func foldForMatching(_ text: Substring) -> String {
    var copy = text
    if let folded = copy.withUTF8(MatchingFold.fold) { return folded }
    return MatchingFold.foldScalarByScalar(text)
}

enum MatchingFold {
    /// The folding of a text of one- and two-byte scalars, nil for any other text.
    static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        // A two-byte scalar folds to at most 4 bytes (``twoByteFolds``), an ASCII one to 1.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, 2 * count)) {
            folded -> String? in
            let table = twoByteFolds
            var length = 0
            var high: UInt8 = 0  // the bits of every folded byte or-ed: below 0x80 if ASCII
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    // `A`-`Z` lowercased, every other ASCII scalar kept.
                    folded[length] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                    length &+= 1
                    index &+= 1
                    continue
                }
                // A valid string's lead byte below 0xE0 starts a two-byte scalar.
                guard byte < 0xE0 else { return nil }
                var fold = table[Int(byte & 0x1F) << 6 | Int(bytes[index &+ 1] & 0x3F)]
                guard fold != unfolded else { return nil }
                while fold != 0 {
                    let out = UInt8(truncatingIfNeeded: fold)
                    folded[length] = out
                    high |= out
                    length &+= 1
                    fold >>= 8
                }
                index &+= 2
            }
            return PlainUTF8.string(
                UnsafeBufferPointer(rebasing: folded[..<length]), isASCII: high < 0x80)
        }
    }

    /// Marks a two-byte scalar whose folding does not fit ``twoByteFolds``' four bytes.
    static let unfolded = UInt32.max

    /// For each scalar of U+0080...U+07FF (by value; the ASCII ones unused), the UTF-8 of its
    /// folding by ``foldScalarByScalar(_:)``, first byte lowest, zero past the end (no folded
    /// byte is zero): empty for U+0307, which folding drops. Written once, when first used,
    /// and only read after: unsafe only in the compiler's eyes.
    nonisolated(unsafe) static let twoByteFolds: UnsafeMutablePointer<UInt32> = {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x800)
        table.initialize(repeating: 0, count: 0x800)
        for value in 0x80..<0x800 {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let bytes = Array(foldScalarByScalar(Substring(String(scalar))).utf8)
            guard bytes.count <= 4 else {
                table[value] = unfolded
                continue
            }
            var fold: UInt32 = 0
            for (position, byte) in bytes.enumerated() {
                fold |= UInt32(byte) << (8 * UInt32(position))
            }
            table[value] = fold
        }
        return table
    }()

    /// The folding, scalar by scalar: what ``twoByteFolds`` is made of, and the way for text
    /// with scalars of three or four bytes.
    static func foldScalarByScalar(_ text: Substring) -> String {
        // The folded scalars' UTF-8 is collected in a byte array and made a string once:
        // appending scalar by scalar to a string costs far more (the metadata heuristics fold
        // several words of every line they look at).
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count + 8)
        @inline(__always) func append(_ scalar: Unicode.Scalar) {
            let value = scalar.value
            if value < 0x80 {
                folded.append(UInt8(value))
            } else {
                UTF8.encode(scalar) { folded.append($0) }
            }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE, 0x410...0x42F:
                append(Unicode.Scalar(value + 0x20)!)
            case 0x61...0x7A, 0x20...0x40, 0xDF...0xFF, 0x430...0x45F:
                append(scalar)
            case 0x400...0x40F:
                append(Unicode.Scalar(value + 0x50)!)
            case 0x131, 0x130:  // ı, İ
                append("i")
            case 0x307:  // combining dot above (a decomposed İ)
                continue
            default:
                for lower in String(scalar).lowercased().unicodeScalars where lower.value != 0x307 {
                    append(lower)
                }
            }
        }
        return String(decoding: folded, as: UTF8.self)
    }
}
