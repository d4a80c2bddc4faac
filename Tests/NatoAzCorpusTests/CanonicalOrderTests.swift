import CUTF8Proc
import Testing

@testable import NatoAzCorpus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// ``CanonicalOrder`` must order strings exactly as `String`'s `<` does, and call plain only
/// strings that are their own NFC with no scalar that could compose with one before it.
@Suite struct CanonicalOrderTests {
    /// The random words of the folding tests (scalars below U+0530, combining marks in
    /// precomposed and decomposed forms, special cases, a few CJK and Hangul), half of them
    /// lower-cased so that many share prefixes.
    static func words(seed: UInt64) -> [String] {
        let words = FoldingFastPathTests.randomWords(seed: seed, count: 1_500)
        return words + words.prefix(750).map { $0.lowercased() }
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func precedesIsStringOrder(seed: UInt64) {
        let words = Self.words(seed: seed)
        let plain = words.map(CanonicalOrder.isPlain)
        #expect(plain.contains(true) && plain.contains(false), "both paths must be tested")
        for index in words.indices {
            // Each word against its neighbours and a far one: shared prefixes and not.
            for other in [index + 1, index + 2, words.count - 1 - index] where other < words.count {
                let (a, b) = (words[index], words[other])
                #expect(
                    CanonicalOrder.precedes(a, plain[index], b, plain[other]) == (a < b),
                    "\(a.unicodeScalars.map { String($0.value, radix: 16) }) vs \(b.unicodeScalars.map { String($0.value, radix: 16) })"
                )
                #expect(
                    CanonicalOrder.precedes(b, plain[other], a, plain[index]) == (b < a))
            }
        }
        let store = TermStore(words)
        for index in 1..<words.count {
            #expect(
                CanonicalOrder.precedes(store, index - 1, index, plain: plain)
                    == (words[index - 1] < words[index]))
        }
    }

    /// Every scalar a plain string may hold is unchanged by NFC on its own and has combining
    /// class 0, and none is the second part of any composition (no scalar's NFD holds one
    /// after its first place), so a string of them is its own NFC.
    @Test func plainScalarsAreStableUnderNFC() {
        let ranges: [Range<UInt32>] = [0x80..<0x300, 0x400..<0x483, 0x48A..<0x530]
        for value in ranges.joined() {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar)
            #expect(CanonicalOrder.isPlain(text))
            #expect(
                utf8proc_get_property(Int32(value)).pointee.combining_class == 0,
                "U+\(String(value, radix: 16))")
            #expect(Self.normalized(text, utf8proc_NFC) == text, "U+\(String(value, radix: 16))")
        }
        for value in UInt32(0xA0)..<0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let parts = Self.normalized(String(scalar), utf8proc_NFD).unicodeScalars.dropFirst()
            for part in parts {
                #expect(
                    !CanonicalOrder.isPlain(String(part)),
                    "U+\(String(value, radix: 16)) decomposes with U+\(String(part.value, radix: 16))"
                )
            }
        }
        for value: UInt32 in [0x300, 0x301, 0x3A3, 0x483, 0x489, 0x530, 0x1E00, 0x4E00] {
            #expect(!CanonicalOrder.isPlain(String(Unicode.Scalar(value)!)))
        }
        #expect(CanonicalOrder.isPlain("Azərbaycan Столтенберг"))
        #expect(!CanonicalOrder.isPlain("e\u{301}"))
    }

    private static func normalized(
        _ text: String, _ form: (UnsafePointer<UInt8>?) -> UnsafeMutablePointer<UInt8>?
    ) -> String {
        text.withCString { bytes in
            guard let normalized = form(UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self))
            else { return "" }
            defer { free(normalized) }
            return String(cString: normalized)
        }
    }
}
