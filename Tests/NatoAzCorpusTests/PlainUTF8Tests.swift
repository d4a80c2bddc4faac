import NatoAzTestSupport
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// ``PlainUTF8`` (session 15) says what the standard library's validation and the decoder's
/// byte rules say, on every input: plain or not, and all ASCII or not; the string it makes is
/// the standard library's, flags included; and the decoder gives the same outcome with and
/// without it.
@Suite struct PlainUTF8Tests {
    /// The reference: the standard library's validation, then the scalars the decoder's full
    /// scan counts or rewrites (controls but tab, LF and form feed; DEL; C1; U+2028, U+2029).
    static func reference(_ bytes: [UInt8]) -> Bool? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0C: continue
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return nil
            default: continue
            }
        }
        return bytes.allSatisfy { $0 < 0x80 }
    }

    static func expectAgreement(_ bytes: [UInt8], _ comment: @autoclosure () -> String = "") {
        let found = bytes.withUnsafeBufferPointer { PlainUTF8.check($0) }
        let expected = reference(bytes)
        #expect(found == expected, "\(bytes) \(comment())")
        if let isASCII = found, found == expected {
            let made = bytes.withUnsafeBufferPointer { PlainUTF8.string($0, isASCII: isASCII) }
            let checked = String(decoding: bytes, as: UTF8.self)
            #expect(Array(made.utf8) == bytes)
            #expect(made == checked && made.hashValue == checked.hashValue)
            if #available(macOS 26, *) {
                #expect(made.utf8Span.isKnownASCII == checked.utf8Span.isKnownASCII, "\(bytes)")
            }
        }
        switch (TextDecoder.decode(bytes), TextDecoder.decode(bytes, fastPath: false)) {
        case (.text(let fast, let fastRepairs), .text(let full, let fullRepairs)):
            #expect(Array(fast.utf8) == Array(full.utf8), "\(bytes)")
            #expect(fastRepairs == fullRepairs, "\(bytes)")
        case (.rejected(let fast), .rejected(let full)):
            #expect(fast == full, "\(bytes)")
        default:
            Issue.record("the decoder's paths disagree on \(bytes)")
        }
    }

    /// Every byte value at every position of 17 ASCII bytes: each lane of the eight-byte
    /// words, and the tail walked byte by byte.
    @Test(.hangGuard) func everyByteInEveryLane() {
        let filler = Array("The NATO summit!!".utf8)
        for byte in 0...255 {
            for position in 0..<filler.count {
                var bytes = filler
                bytes[position] = UInt8(byte)
                Self.expectAgreement(bytes, "byte \(byte) at \(position)")
            }
            Self.expectAgreement([UInt8(byte)])
        }
    }

    /// Every pair of bytes, alone and across the boundary of two eight-byte words.
    @Test(.hangGuard) func everyPairOfBytes() {
        let filler = Array("Baku, 14 Decembe".utf8)
        for first in 0...255 {
            for second in 0...255 {
                let pair = [UInt8(first), UInt8(second)]
                let found = pair.withUnsafeBufferPointer { PlainUTF8.check($0) }
                #expect(found == Self.reference(pair), "\(pair)")
                var crossing = filler
                crossing[7] = pair[0]
                crossing[8] = pair[1]
                let crossed = crossing.withUnsafeBufferPointer { PlainUTF8.check($0) }
                #expect(crossed == Self.reference(crossing), "\(crossing)")
            }
        }
    }

    /// Every two-byte lead (C0 and C1 included) with continuations at the edges (80, the C1
    /// controls' 85 and 9F, A0, BF) and bytes that are none, at every offset of ASCII and of
    /// Cyrillic text: the eight-byte two-byte path in every lane, a lead as a word's last byte.
    @Test(.hangGuard) func twoByteSequencesInEveryLane() {
        let fillers = [Array("NATO summit in Baku, 14 Dec".utf8), Array("Встреча в Баку".utf8)]
        let seconds: [UInt8] = [0x00, 0x0A, 0x41, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xBF, 0xC2, 0xD0]
        for filler in fillers {
            for lead in 0xC0...0xDF {
                for second in seconds {
                    for offset in 0..<(filler.count - 1) {
                        var bytes = filler
                        bytes[offset] = UInt8(lead)
                        bytes[offset + 1] = second
                        Self.expectAgreement(bytes, "lead \(lead) at \(offset)")
                    }
                }
            }
        }
    }

    /// Three- and four-byte sequences with every lead byte and each continuation byte at the
    /// edges that decide (80, 8F, 90, 9F, A0, A7-AA, BF, and 7F and C0 just outside), whole
    /// and cut short, at the end and before ASCII.
    @Test(.hangGuard) func longerSequencesAtTheirEdges() {
        let edges: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x81, 0x8F, 0x90, 0x9F, 0xA0, 0xA7, 0xA8,
            0xA9, 0xAA, 0xBF, 0xC0, 0xFF,
        ]
        for lead in 0xC0...0xFF {
            for second in edges {
                for third in edges {
                    let three = [UInt8(lead), second, third]
                    Self.expectAgreement(three)
                    Self.expectAgreement(three + Array("ok".utf8))
                    Self.expectAgreement(Array("Bakı ".utf8) + three)
                    guard lead >= 0xF0 else { continue }
                    for fourth in edges {
                        Self.expectAgreement([UInt8(lead), second, third, fourth])
                    }
                }
            }
        }
    }

    /// Text in every script the corpus has, with the separators, a C1 control and the
    /// look-alikes of each (a curly quote and `E2 80 A7`/`AA` beside U+2028/U+2029, NBSP beside
    /// the C1 controls, the last code point before the surrogates and U+10FFFF), cut at every
    /// byte: the prefix and the suffix.
    @Test(.hangGuard) func cutsAtEveryByte() {
        let texts = [
            "Bakı, 12 oktyabr (AZƏRTAC). Müdafiə nazirliyi \u{201C}NATO\u{201D} ilə görüş",
            "Москва, 14 декабря — ТАСС. Встреча в Брюсселе\tпрошла\u{C}успешно\n",
            "€ 12,5 mln \u{2027}\u{202A}\u{A0}\u{D7FF}\u{E000}\u{FFFD}\u{10FFFF}😀 北约 ok",
            "A line\u{2028}and a paragraph\u{2029}end", "C1 \u{85} and \u{9F} and \u{A0}",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            Self.expectAgreement(bytes)
            for cut in 0...bytes.count {
                Self.expectAgreement(Array(bytes[..<cut]), "prefix \(cut) of \(text)")
                Self.expectAgreement(Array(bytes[cut...]), "suffix \(cut) of \(text)")
            }
        }
    }

    /// Random files: pieces of clean text in three scripts with well-formed and malformed
    /// sequences among them (overlong forms of `/` and NUL, surrogates, values past
    /// U+10FFFF, stray continuation bytes), and uniformly random bytes.
    @Test(.hangGuard) func randomAndHostileBytes() {
        var generator = SplitMix64(seed: 15)
        let pieces: [[UInt8]] = [
            Array("NATO and Azerbaijan ".utf8), Array("Азербайджан и НАТО ".utf8),
            Array("Bakı ə ğ ş İ ".utf8), [0x0A], [0x0A, 0x0A], [0x09], [0x0C], [0x0D], [0x00],
            [0x1B, 0x5B, 0x33, 0x31, 0x6D], [0x7F], [0xC2, 0x85], [0xC2, 0xA0], [0xC2, 0xA9],
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xC1, 0xBF], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0x80], [0xBF], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9],
            [0xE2, 0x80, 0xA7], [0xE2, 0x80, 0xAA], [0xE2, 0x80, 0x99], [0xE2, 0x81, 0xA8],
            [0xEF, 0xBB, 0xBF], [0xD0], [0xE2, 0x80],
        ]
        for round in 0..<6_000 {
            var bytes: [UInt8] = []
            if round % 3 == 0 {
                for _ in 0..<Int(generator.next() % 64) {
                    bytes.append(UInt8(truncatingIfNeeded: generator.next()))
                }
            } else {
                for _ in 0..<Int(generator.next() % 16) {
                    // Mostly clean text, so that whole files come out plain.
                    let piece =
                        generator.next() % 5 == 0
                        ? pieces[Int(generator.next() % UInt64(pieces.count))]
                        : pieces[Int(generator.next() % 3)]
                    bytes.append(contentsOf: piece)
                }
            }
            Self.expectAgreement(bytes)
        }
    }
}
