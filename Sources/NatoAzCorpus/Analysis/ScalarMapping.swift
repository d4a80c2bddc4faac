/// A fast path for ``Folding``: the folded (or lower-cased) form of every scalar below
/// U+0530 (Latin, IPA, Greek, Cyrillic, combining marks), each computed once by the general
/// libutf8proc path, so that a word made only of such scalars is mapped by table lookups
/// instead of building scalar views and calling libutf8proc.
///
/// Why mapping scalar by scalar gives the general path's result: in these blocks the only
/// characters that compose with what precedes them are combining marks. Folding strips marks,
/// so no composition crosses two scalars, and each scalar maps on its own. Lower-casing keeps
/// marks (and composes them onto their base), so its table is used only for words without any;
/// a word with a mark, or with any scalar from U+0530 up, takes the
/// general path. Tests compare both paths on random words from these blocks.
struct ScalarMapping: Sendable {
    /// Scalars below this have an entry.
    static let limit: UInt32 = 0x530

    /// Case and diacritic folding (``Folding/generalFold(_:)``).
    static let folds = ScalarMapping(allowsMarks: true) { Folding.generalFold($0[...]) }
    /// Lower-casing for stemmers (``Folding/generalLowercased(_:turkic:)``).
    static let lowercases = ScalarMapping(allowsMarks: false) {
        Folding.generalLowercased($0[...], turkic: false)
    }
    /// Turkish and Azerbaijani lower-casing (`I` -> `ı`).
    static let turkicLowercases = ScalarMapping(allowsMarks: false) {
        Folding.generalLowercased($0[...], turkic: true)
    }

    /// The UTF-8 of scalar `s`'s mapping is `bytes[starts[s]..<starts[s + 1]]`.
    private let bytes: [UInt8]
    private let starts: [UInt16]
    /// Per scalar: whether a word containing it may be mapped here.
    private let usable: [Bool]
    /// The most UTF-8 bytes a mapping makes per input byte (rounded up).
    private let maxGrowth: Int

    private init(allowsMarks: Bool, general: (String) -> String) {
        var bytes: [UInt8] = []
        var starts: [UInt16] = [0]
        var usable: [Bool] = []
        var maxGrowth = 1
        for value in 0..<Self.limit {
            let scalar = Unicode.Scalar(value)!
            let mapped = general(String(Character(scalar)))
            bytes.append(contentsOf: mapped.utf8)
            starts.append(UInt16(bytes.count))
            let length = String(Character(scalar)).utf8.count
            maxGrowth = max(maxGrowth, (mapped.utf8.count + length - 1) / length)
            usable.append(allowsMarks || !Self.isMark(scalar))
        }
        self.bytes = bytes
        self.starts = starts
        self.usable = usable
        self.maxGrowth = maxGrowth
    }

    /// Combining marks (and the other scalars that can join the one before them).
    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.properties.canonicalCombiningClass.rawValue != 0
        }
    }

    /// The mapping of `word`, or nil when the word needs the general path.
    func map(_ word: Substring) -> String? {
        let result = word.utf8.withContiguousStorageIfAvailable { input -> String? in
            // Mapped into scratch space first: a string made with the worst-case capacity
            // would keep it, and folded terms are kept for the life of the index.
            withUnsafeTemporaryAllocation(
                of: UInt8.self, capacity: input.count * maxGrowth
            ) { output in
                map(utf8: input, into: output).map {
                    String(decoding: UnsafeBufferPointer(rebasing: output[0..<$0]), as: UTF8.self)
                }
            }
        }
        return result ?? nil
    }

    /// ``map(_:)`` of a word given as valid UTF-8: writes the mapping to `output` and returns
    /// its length, or returns nil (what it wrote then does not count) when the word needs the
    /// general path or the mapping would not fit (`input.count * maxGrowth` bytes always fit).
    ///
    /// One pass, checking each scalar as it maps it, through the tables' pointers (a pass to
    /// check, then one to map, with an array's bounds check at every lookup, cost twice the
    /// instructions).
    func map(
        utf8 input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int? {
        bytes.withUnsafeBufferPointer { table -> Int? in
            starts.withUnsafeBufferPointer { starts -> Int? in
                usable.withUnsafeBufferPointer { usable -> Int? in
                    var written = 0
                    var offset = 0
                    while offset < input.count {
                        let lead = input[offset]
                        let value: Int
                        if lead < 0x80 {
                            value = Int(lead)
                            offset += 1
                        } else {
                            // Two-byte sequences cover U+0080..<U+0800; the table ends at U+0530.
                            guard lead < 0xE0, offset + 1 < input.count else { return nil }
                            value = Int(lead & 0x1F) << 6 | Int(input[offset + 1] & 0x3F)
                            guard value < Int(Self.limit), usable[value] else { return nil }
                            offset += 2
                        }
                        let start = Int(starts[value])
                        let end = Int(starts[value + 1])
                        guard written + end - start <= output.count else { return nil }
                        for index in start..<end {
                            output[written] = table[index]
                            written += 1
                        }
                    }
                    return written
                }
            }
        }
    }
}
