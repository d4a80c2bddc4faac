import Testing

@testable import NatoAzCorpus

/// One synthetic file per byte-level quirk, each with its concrete outcome.
@Suite struct DecodingQuirkTests {
    @Test func utf8ByteOrderMarkIsDropped() throws {
        let loaded = try loadSingle(
            [0xEF, 0xBB, 0xBF] + Array("NATO summit opens\n\nThe summit opened.".utf8))
        let document = try #require(loaded.document)
        #expect(document.title == "NATO summit opens")
        #expect(document.paragraphs == ["The summit opened."])
        #expect(loaded.repairs.isEmpty)
    }

    @Test func crlfLineEndsBecomeLF() throws {
        let document = try #require(
            try loadSingle("NATO summit opens\r\n\r\nFirst paragraph.\r\nSecond paragraph.\r\n"))
        #expect(document.title == "NATO summit opens")
        #expect(document.paragraphs == ["First paragraph.", "Second paragraph."])
        #expect(!document.text.contains("\r"))
    }

    /// NEL (U+0085), the line end of text converted from EBCDIC, counted as a C1 control: a
    /// short article with two was rejected as binary (session 12's QA).
    @Test func nextLineCharactersBecomeLF() throws {
        let loaded = try loadSingle(
            Array("NATO line\u{85}\u{85}One.\u{85}Two, \u{9B}31m and three.\u{85}".utf8))
        let document = try #require(loaded.document)
        #expect(document.title == "NATO line")
        #expect(document.paragraphs == ["One.", "Two,  and three."])
        #expect(loaded.repairs == [.removedControlBytes(count: 1, firstOffset: 24)])
    }

    /// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (what a word processor or a
    /// JavaScript string writes for a line break): a title and its paragraphs were one line
    /// (session 13's QA). They now end a line and a paragraph, as LF and a blank line do, and
    /// are not reported (nothing was wrong with the file).
    @Test func lineAndParagraphSeparatorsEndLinesAndParagraphs() throws {
        let text =
            "NATO summit opens\u{2029}The summit opened in Brussels.\u{2028}It lasts two days."
            + "\u{2029}\u{201C}We agreed,\u{201D} he said.\u{2028}"
        let loaded = try loadSingle(Array(text.utf8))
        let document = try #require(loaded.document)
        #expect(document.title == "NATO summit opens")
        #expect(
            document.paragraphs == [
                "The summit opened in Brussels.", "It lasts two days.",
                "\u{201C}We agreed,\u{201D} he said.",
            ])
        #expect(!document.text.contains("\u{2028}") && !document.text.contains("\u{2029}"))
        #expect(loaded.repairs.isEmpty)
    }

    @Test func loneCarriageReturnsBecomeLF() throws {
        let document = try #require(try loadSingle("Old Mac file\r\rOne.\rTwo.\r"))
        #expect(document.title == "Old Mac file")
        #expect(document.paragraphs == ["One.", "Two."])
    }

    @Test func latin1BytesAreDecodedAsWindows1252AndReported() throws {
        // "Café résumé" in Latin-1: 0xE9 is not valid UTF-8.
        let bytes =
            Array("Caf".utf8) + [0xE9] + Array(" r".utf8) + [0xE9] + Array("sum".utf8)
            + [0xE9] + Array("\n\nThe caf".utf8) + [0xE9] + Array(" opened, said the owner.".utf8)
        let loaded = try loadSingle(bytes)
        let document = try #require(loaded.document)
        #expect(document.title == "Café résumé")
        #expect(document.paragraphs == ["The café opened, said the owner."])
        #expect(
            loaded.repairs == [
                .legacyEncoding(codePage: .windows1252, invalidBytes: 4, firstOffset: 3)
            ])
    }

    @Test func windows1252PunctuationDecodes() throws {
        // 0x93/0x94 are curly double quotes, 0x96 an en dash in Windows-1252.
        let bytes =
            Array("He said ".utf8) + [0x93] + Array("yes".utf8) + [0x94]
            + Array(" ".utf8) + [0x96] + Array(" twice.".utf8)
        let loaded = try loadSingle(bytes)
        #expect(loaded.document?.paragraphs == ["He said \u{201C}yes\u{201D} \u{2013} twice."])
    }

    @Test func cyrillicLegacyFileIsDecodedAsWindows1251() throws {
        let loaded = try loadSingle(
            windows1251("Встреча в Брюсселе\n\nСостоялась встреча президента и генсека."))
        let document = try #require(loaded.document)
        #expect(document.title == "Встреча в Брюсселе")
        #expect(document.paragraphs == ["Состоялась встреча президента и генсека."])
        #expect(document.lang == .russian)
        guard case .legacyEncoding(let codePage, _, let first)? = loaded.repairs.first else {
            Issue.record("expected a legacy-encoding repair, got \(loaded.repairs)")
            return
        }
        #expect(codePage == .windows1251)
        #expect(first == 0)
    }

    /// KOI8-R was decoded as Windows-1251, into nonsense (`НАТО` became `обфп`), reported
    /// as repaired (session 11's QA).
    @Test func cyrillicKOI8RFileIsDecodedAsKOI8R() throws {
        // The table's known points: а, А, я, Я, ё, Ё.
        let known: [(UInt8, Unicode.Scalar)] = [
            (0xC1, "а"), (0xE1, "А"), (0xD1, "я"), (0xF1, "Я"), (0xA3, "ё"), (0xB3, "Ё"),
        ]
        for (byte, scalar) in known {
            #expect(LegacyCodePage.koi8R.scalar(for: byte) == scalar.value)
        }
        var encoder: [UInt32: UInt8] = [:]
        for byte in UInt8(0x80)...0xFF { encoder[LegacyCodePage.koi8R.scalar(for: byte)] = byte }
        let text = "НАТО и Азербайджан\n\nГенсек НАТО Столтенберг посетил Баку в декабре."
        let bytes = text.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : encoder[$0.value]! }
        let loaded = try loadSingle(bytes)
        let document = try #require(loaded.document)
        #expect(document.title == "НАТО и Азербайджан")
        #expect(document.lang == .russian)
        guard case .legacyEncoding(let codePage, _, _)? = loaded.repairs.first else {
            Issue.record("expected a legacy-encoding repair, got \(loaded.repairs)")
            return
        }
        #expect(codePage == .koi8R)
        #expect(loaded.repairs.first?.description.contains("as koi8-r") == true)
    }

    @Test func turkishLegacyFileIsDecodedAsWindows1254() throws {
        // "Toplantı başladı" with ı = 0xFD and ş = 0xFE in Windows-1254.
        let bytes =
            Array("Toplant".utf8) + [0xFD] + Array(" ba".utf8) + [0xFE]
            + Array("lad".utf8) + [0xFD] + Array(".".utf8)
        let loaded = try loadSingle(bytes)
        #expect(loaded.document?.paragraphs == ["Toplantı başladı."])
        #expect(
            loaded.repairs == [
                .legacyEncoding(codePage: .windows1254, invalidBytes: 3, firstOffset: 7)
            ])
    }

    @Test func strayInvalidByteInUTF8KeepsTheValidText() throws {
        let bytes =
            Array("Türkiye and ".utf8) + [0xE9] + Array("t".utf8) + [0xE9]
            + Array(" agreed.".utf8)
        let loaded = try loadSingle(bytes)
        #expect(loaded.document?.paragraphs == ["Türkiye and été agreed."])
        #expect(
            loaded.repairs == [
                .legacyEncoding(codePage: .windows1252, invalidBytes: 2, firstOffset: 13)
            ])
    }

    @Test(arguments: [
        ([0xC0, 0x80] as [UInt8], "À€"),  // overlong NUL
        ([0xED, 0xA0, 0x80], "í\u{00A0}€"),  // UTF-16 surrogate
        ([0xF4, 0x90, 0x80, 0x80], "ô\u{FFFD}€€"),  // above U+10FFFF (0x90 unassigned)
        ([0xE2, 0x82], "â‚"),  // truncated sequence
    ])
    func illFormedUTF8IsDecodedByteByByte(bytes: [UInt8], decoded: String) throws {
        let loaded = try loadSingle(Array("Text ".utf8) + bytes + Array(".".utf8))
        #expect(loaded.document?.paragraphs == ["Text " + decoded + "."])
        #expect(
            loaded.repairs == [
                .legacyEncoding(codePage: .windows1252, invalidBytes: bytes.count, firstOffset: 5)
            ])
    }

    @Test func utf16WithByteOrderMarkIsConverted() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "Ölkə xəbərləri\n\nBu gün görüş keçirildi.".utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let loaded = try loadSingle(bytes)
        let document = try #require(loaded.document)
        #expect(document.title == "Ölkə xəbərləri")
        #expect(document.paragraphs == ["Bu gün görüş keçirildi."])
        #expect(loaded.repairs == [.utf16(bigEndian: false)])
    }

    /// UTF-32 with a mark was read as UTF-16 (its little-endian mark starts with UTF-16's) and
    /// came out as U+FFFD and NULs, or was rejected as binary (big-endian): session 12's QA.
    @Test(arguments: [false, true])
    func utf32WithByteOrderMarkIsConverted(bigEndian: Bool) throws {
        var bytes: [UInt8] = []
        for scalar in "\u{FEFF}Ölkə xəbərləri 🇦🇿\n\nBu gün görüş keçirildi.".unicodeScalars {
            let value = scalar.value
            let word = [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: value >> $0) }
            bytes += bigEndian ? word.reversed() : word
        }
        let loaded = try loadSingle(bytes)
        let document = try #require(loaded.document)
        #expect(document.title == "Ölkə xəbərləri 🇦🇿")
        #expect(document.paragraphs == ["Bu gün görüş keçirildi."])
        #expect(loaded.repairs == [.utf32(bigEndian: bigEndian)])
        #expect(loaded.repairs.first?.code == "utf-32")
    }

    /// A value that is no scalar (a surrogate, or above U+10FFFF) and a cut-off last unit
    /// become U+FFFD; nothing is read past the end.
    @Test func malformedUTF32BecomesReplacementCharacters() throws {
        var bytes: [UInt8] = [0xFF, 0xFE, 0, 0]
        for value: UInt32 in [0x41, 0xD800, 0x42, 0x11_0000, 0x43] {
            bytes += [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: value >> $0) }
        }
        bytes += [0x44, 0x00]
        let loaded = try loadSingle(bytes)
        #expect(loaded.document?.title == "A\u{FFFD}B\u{FFFD}C\u{FFFD}")
        #expect(loaded.repairs == [.utf32(bigEndian: false)])
    }

    /// UTF-32 without a mark was "binary file: NUL byte at byte offset 1", with no hint.
    @Test(arguments: [false, true])
    func utf32WithoutByteOrderMarkIsRejectedSayingSo(bigEndian: Bool) throws {
        var bytes: [UInt8] = []
        for scalar in "NATO və Azərbaycan 🇦🇿\n\nСтолтенберг.".unicodeScalars {
            let word = [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: scalar.value >> $0) }
            bytes += bigEndian ? word.reversed() : word
        }
        let loaded = try loadSingle(bytes)
        #expect(loaded.rejection == .unmarkedUTF32(bigEndian: bigEndian))
        #expect(loaded.rejection?.description.contains("convert the file to UTF-8") == true)
        #expect(loaded.rejection?.code == "binary")
        // A binary file with NULs every fourth byte but values above U+10FFFF is not UTF-32.
        let binary = (1...64).flatMap { [UInt8($0), 0xFF, 0x11, 0] as [UInt8] }
        // (Its NULs all sit at odd offsets, like UTF-16's: that hint is the older rule's.)
        #expect(try loadSingle(binary).rejection == .binaryNUL(offset: 3, looksLikeUTF16: true))
    }

    @Test func utf16WithoutByteOrderMarkIsRejectedWithAHint() throws {
        var bytes: [UInt8] = []
        for unit in "Plain English text saved as UTF-16.".utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let loaded = try loadSingle(bytes)
        #expect(loaded.rejection == .binaryNUL(offset: 1, looksLikeUTF16: true))
        #expect(loaded.rejection?.description.contains("convert the file to UTF-8") == true)
    }

    /// Russian saved as UTF-16 without a mark has few NULs (only its spaces and punctuation):
    /// it was called a plain binary file, without the hint (session 11's QA).
    @Test(arguments: [false, true])
    func cyrillicUTF16WithoutByteOrderMarkGetsTheHint(bigEndian: Bool) throws {
        var bytes: [UInt8] = []
        for unit in "НАТО и Азербайджан\n\nСтолтенберг встретился с Алиевым в Брюсселе.".utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += bigEndian ? pair.reversed() : pair
        }
        let loaded = try loadSingle(bytes)
        #expect(loaded.rejection == .binaryNUL(offset: bigEndian ? 8 : 9, looksLikeUTF16: true))
    }

    @Test func emptyFileIsRejected() throws {
        #expect(try loadSingle([]).rejection == .empty)
    }

    @Test func whitespaceOnlyFileIsRejected() throws {
        #expect(try loadSingle(Array(" \n\n\t \r\n\u{00A0}\n".utf8)).rejection == .whitespaceOnly)
    }

    @Test func binaryFileWithNULIsRejectedNamingTheOffset() throws {
        let zipHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]
        let loaded = try loadSingle(zipHeader + Array(repeating: 0x41, count: 100))
        #expect(loaded.rejection == .binaryNUL(offset: 5, looksLikeUTF16: false))
        #expect(loaded.rejection?.code == "binary")
    }

    @Test func fileOfControlBytesIsRejectedAsBinary() throws {
        var bytes: [UInt8] = []
        for index in 0..<200 { bytes.append(index % 10 == 0 ? 0x1B : 0x61) }
        #expect(try loadSingle(bytes).rejection == .binaryControlBytes(count: 20, firstOffset: 0))
    }

    @Test func afewStrayControlBytesAreRemovedAndReported() throws {
        let text = String(repeating: "The alliance met again today. ", count: 20)
        let bytes = Array(text.utf8) + [0x1B] + Array("Done.".utf8)
        let loaded = try loadSingle(bytes)
        #expect(loaded.document?.paragraphs.first?.hasSuffix("today. Done.") == true)
        #expect(loaded.repairs == [.removedControlBytes(count: 1, firstOffset: text.utf8.count)])
    }

    /// Text copied from a terminal keeps its colours and titles: only the ESC bytes went,
    /// leaving `[31m` in the text, and a short coloured article (one ESC per 30 bytes here)
    /// was rejected as binary (QA, session 11).
    @Test func terminalEscapeSequencesAreRemovedWholeAndAreNoSignOfBinary() throws {
        let line = "NATO \u{1B}[1;31mmet\u{1B}[0m in Baku.\u{1B}]0;log\u{7} "
        let text = "Colours\n\n" + String(repeating: line, count: 6) + "End \u{1B}[31"
        let loaded = try loadSingle(Array(text.utf8))
        let document = try #require(loaded.document)
        #expect(
            document.paragraphs == [
                String(repeating: "NATO met in Baku. ", count: 6) + "End [31"
            ])
        // 18 sequences and the last, unfinished one's ESC: 19 removed.
        #expect(loaded.repairs == [.removedControlBytes(count: 19, firstOffset: 14)])
    }

    /// C1 controls arrive as valid UTF-8 (`C2 9B` is U+009B, CSI, which some terminals obey
    /// like ESC [): they are removed and reported like C0 controls. Other two-byte letters
    /// (`C2 A0` no-break space, `C3 A9` é) stay.
    @Test func c1ControlCharactersAreRemovedAndReported() throws {
        let text = String(repeating: "Bakı və NATO yenə görüşdü. ", count: 20)
        let bytes =
            Array(text.utf8) + [0xC2, 0x9B] + Array("2J café\u{A0}".utf8) + [0xC2, 0x80]
            + Array("end.".utf8)
        let loaded = try loadSingle(bytes)
        // U+009B 2J is a whole escape sequence (CSI, erase display): it goes whole.
        #expect(loaded.document?.paragraphs.first?.hasSuffix("görüşdü.  café\u{A0}end.") == true)
        #expect(loaded.repairs == [.removedControlBytes(count: 2, firstOffset: text.utf8.count)])
    }

    @Test func fileOverTheSizeLimitIsRejectedUnread() throws {
        let loaded = try loadSingle(
            Array(repeating: 0x61, count: 1001), options: LoadOptions(maxFileBytes: 1000))
        #expect(loaded.rejection == .tooLarge(bytes: 1001, limit: 1000))
        #expect(
            try loadSingle(
                Array(repeating: 0x61, count: 1000), options: LoadOptions(maxFileBytes: 1000)
            ).document != nil)
    }

    @Test func threeMegabyteSingleLineLoadsAsOneParagraph() throws {
        let line = String(repeating: "the army and the navy of the alliance ", count: 80_000)
        #expect(line.utf8.count > 3_000_000)
        let document = try #require(try loadSingle(line))
        #expect(document.title == nil)  // far too long for a title
        #expect(document.paragraphs.count == 1)
        #expect(document.paragraphs[0].utf8.count == line.utf8.count - 1)  // trailing space
        #expect(document.date == nil)
        #expect(document.lang == .english)
    }
}
