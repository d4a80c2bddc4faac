import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// Document bodies are kept compressed; what is read back is exactly what was stored.
@Suite struct CompressedTextTests {
    static let samples: [String] = {
        var generator = SplitMix64(seed: 3)
        let words = ["NATO", "Azərbaycan", "Азербайджан", "Türkiye", "peacekeeping", "🇦🇿", "\n\n"]
        var long = ""
        while long.utf8.count < 200_000 {
            long += words[Int(generator.next() % UInt64(words.count))] + " "
        }
        // Text that does not compress: random scalars.
        var noise = String.UnicodeScalarView()
        for _ in 0..<2_000 {
            noise.append(Unicode.Scalar(UInt32(0x20 + generator.next() % 0x2000)) ?? "x")
        }
        return [
            "", "a", String(repeating: "x", count: 63), String(repeating: "x", count: 64),
            "Bakı, 14 dekabr. NATO ilə əməkdaşlıq", long, String(noise),
        ]
    }()

    @Test(arguments: samples.indices)
    func roundTrips(_ sample: Int) {
        let text = Self.samples[sample]
        let stored = CompressedText(text)
        #expect(stored.string == text)
        #expect(stored.utf8Count == text.utf8.count)
        #expect(stored.storedCount <= max(text.utf8.count, 0))
        #expect(stored == CompressedText(text))
    }

    /// One scratch buffer for every sample, longest first: a body read after a longer one
    /// gets exactly its own bytes, not the rest of the longer one's.
    @Test func bodiesExpandIntoOneReusedBuffer() {
        var scratch: [UInt8] = []
        let ordered = Self.samples.sorted { $0.utf8.count > $1.utf8.count } + Self.samples
        for text in ordered {
            let bytes = CompressedText(text).withUTF8(using: &scratch) { Array($0) }
            #expect(bytes == Array(text.utf8))
        }
        #expect(scratch.count >= 200_000)
    }

    @Test func repetitiveTextIsStoredSmaller() {
        let text = String(repeating: "NATO and Azerbaijan. ", count: 500)
        #expect(CompressedText(text).storedCount * 10 < text.utf8.count)
    }

    @Test func documentsReadBackTheirBodyAndCompareByIt() {
        let paragraphs = [
            "Первый абзац о НАТО.", String(repeating: "Ikinci paraqraf. ", count: 40),
        ]
        let document = Document(id: "a", lang: .russian, paragraphs: paragraphs)
        #expect(document.text == paragraphs.joined(separator: "\n\n"))
        #expect(document.textByteCount == document.text.utf8.count)
        #expect(document.storedTextByteCount < document.textByteCount)
        #expect(document.paragraphs == paragraphs)
        var other = document
        #expect(other == document)
        other.paragraphs = ["Первый абзац о НАТО.", "changed"]
        #expect(other != document)
    }
}
