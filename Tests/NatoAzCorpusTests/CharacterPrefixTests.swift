import NatoAzTestSupport
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The heuristics' character prefixes, found by bytes where the scalars allow it, are the
/// standard library's.
@Suite struct CharacterPrefixTests {
    /// Every scalar the byte walk takes for a character by itself.
    static let loneScalars: [Unicode.Scalar] =
        (0..<0x80).filter { $0 != 0x0D }.compactMap { Unicode.Scalar($0) }
        + (0x80..<0x300).compactMap { Unicode.Scalar($0) }
        + (0x400..<0x480).compactMap { Unicode.Scalar($0) }

    /// Two of them side by side are two characters, whichever they are: every pair (the
    /// grapheme rules that look further than a pair need a scalar that is not among them).
    @Test func loneScalarsBreakOnBothSides() {
        var joined = 0
        for first in Self.loneScalars {
            for second in Self.loneScalars {
                var pair = String.UnicodeScalarView()
                pair.append(first)
                pair.append(second)
                if String(pair).count != 2 { joined += 1 }
            }
        }
        #expect(joined == 0)
        // And the walk takes exactly those: every scalar up to U+07FF and a few beyond.
        let lone = Set(Self.loneScalars)
        for value in [UInt32](0..<0x800) + [0x0903, 0x1100, 0x200D, 0x1F1E6, 0x1F600] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8)
            let width = bytes.withUnsafeBufferPointer { TextLines.isLoneScalar($0, 0) }
            #expect((width != nil) == lone.contains(scalar), "U+\(String(value, radix: 16))")
            if let width { #expect(width == bytes.count) }
        }
    }

    /// The index and prefix are the standard library's for every distance on random texts of
    /// lone scalars mixed with ones that join (combining marks, CR LF, ZWJ emoji, flags,
    /// Hangul jamo, a spacing mark, a prepended mark, three- and four-byte letters), whole
    /// and as substrings that start and end inside them.
    @Test func characterIndexIsTheStandardLibrarys() {
        var generator = SplitMix64(seed: 18)
        let joining: [String] = [
            "\u{301}", "\r\n", "\r", "\u{200D}", "\u{1F469}\u{200D}\u{1F4BB}", "\u{1F1E6}\u{1F1FF}",
            "\u{1F1E6}", "\u{1100}\u{1161}", "\u{915}\u{93F}", "\u{600}1", "\u{483}", "ə\u{307}",
            "\u{4E2D}", "\u{1F600}", "e\u{301}\u{302}", "\u{A9}\u{200D}\u{A9}",
        ]
        var failures = 0
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 60)
            var text = ""
            for _ in 0..<length {
                let roll = generator.next() % 10
                if roll < 2 {
                    text += joining[Int(generator.next() % UInt64(joining.count))]
                } else {
                    let lone = Self.loneScalars
                    text.unicodeScalars.append(lone[Int(generator.next() % UInt64(lone.count))])
                }
            }
            let scalars = text.unicodeScalars
            let count = scalars.count
            let from = count == 0 ? 0 : Int(generator.next() % UInt64(count / 3 + 1))
            let to = count - (count == 0 ? 0 : Int(generator.next() % UInt64(count / 3 + 1)))
            let start = scalars.index(scalars.startIndex, offsetBy: from)
            let end = scalars.index(scalars.startIndex, offsetBy: max(from, to))
            for slice in [Substring(text), text[start..<end]] {
                for distance in 0...(slice.count + 2) {
                    let expected = slice.index(
                        slice.startIndex, offsetBy: distance, limitedBy: slice.endIndex)
                    if TextLines.characterIndex(slice, offsetBy: distance) != expected
                        || TextLines.prefix(slice, characters: distance) != slice.prefix(distance)
                    {
                        failures += 1
                    }
                }
            }
        }
        #expect(failures == 0)
    }
}
