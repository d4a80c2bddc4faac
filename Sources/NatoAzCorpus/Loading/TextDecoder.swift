/// Turns the bytes of an article file into text, or says why they are not text.
///
/// The rules, in order:
/// 1. An empty file is rejected.
/// 2. A UTF-32 byte-order mark (`FF FE 00 00` or `00 00 FE FF`) means UTF-32, and a UTF-16
///    one (`FF FE` or `FE FF`) UTF-16: converted, reported as repaired. UTF-32's little-endian
///    mark begins with UTF-16's, so it is looked for first (UTF-16 text cannot start with
///    U+0000: it would be rejected as binary).
/// 3. A UTF-8 byte-order mark (`EF BB BF`) is dropped.
/// 4. A NUL byte anywhere, or control characters (C0 other than tab, LF, CR, form feed; DEL;
///    C1, U+0080...U+009F, but NEL) making up more than 1% of the file, mean binary: rejected, naming
///    the byte offset. Terminal escape sequences (``TerminalEscapes``) do not count.
/// 5. CRLF, lone CR, NEL (U+0085, the line end of text converted from EBCDIC) and LINE
///    SEPARATOR (U+2028) become LF, PARAGRAPH SEPARATOR (U+2029) a blank line (two LFs); a
///    few stray control bytes, and terminal escape sequences whole, are removed (reported).
/// 6. Bytes that are not valid UTF-8 are decoded one by one with a legacy code page and the file
///    is reported as repaired, naming the offset of the first invalid byte. Valid UTF-8
///    sequences around them are kept as they are, so a mostly-UTF-8 file with one stray Latin-1
///    byte loses nothing. The code page is chosen from the invalid bytes: Windows-1251 when they
///    are mostly Cyrillic letters (more bytes in 0xC0...0xFF than ASCII letters), or KOI8-R
///    when most of those are in 0xC0...0xDF (KOI8-R's lower case, Windows-1251's upper case),
///    Windows-1254 when they include a Turkish-only letter (Ğ İ Ş ğ ı ş), otherwise
///    Windows-1252.
///
/// Valid UTF-8 without CR, control bytes or U+2028/U+2029 (the common case) is scanned once
/// (``PlainUTF8``) and becomes a `String` without being validated again.
enum TextDecoder {
    enum Outcome {
        case text(String, repairs: [Repair])
        case rejected(RejectionReason)
    }

    /// The text of `bytes`, or why they are not text. `fastPath: false` always takes the full
    /// scan (the same answer, more slowly: for tests).
    static func decode(_ bytes: [UInt8], fastPath: Bool = true) -> Outcome {
        if bytes.isEmpty { return .rejected(.empty) }
        if bytes.count >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0
            && bytes[3] == 0
        {
            return decodeUTF32(bytes, bigEndian: false)
        }
        if bytes.count >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE
            && bytes[3] == 0xFF
        {
            return decodeUTF32(bytes, bigEndian: true)
        }
        if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE {
            return decodeUTF16(bytes, bigEndian: false)
        }
        if bytes.count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
            return decodeUTF16(bytes, bigEndian: true)
        }
        let start =
            bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        return bytes.withUnsafeBufferPointer {
            decodeUTF8($0, from: start, repairs: [], fastPath: fastPath)
        }
    }

    private static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool) -> Outcome {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let (high, low) =
                bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            units.append(UInt16(high) << 8 | UInt16(low))
            index += 2
        }
        // An odd trailing byte cannot be a code unit; String(decoding:) turns a lone surrogate
        // into U+FFFD, and so do we for the odd byte.
        var utf8 = Array(String(decoding: units, as: UTF16.self).utf8)
        if bytes.count % 2 == 1 { utf8.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
        if utf8.isEmpty { return .rejected(.empty) }
        return utf8.withUnsafeBufferPointer {
            decodeUTF8($0, from: 0, repairs: [.utf16(bigEndian: bigEndian)])
        }
    }

    private static func decodeUTF32(_ bytes: [UInt8], bigEndian: Bool) -> Outcome {
        var units: [UInt32] = []
        units.reserveCapacity(bytes.count / 4)
        var index = 4
        while index + 3 < bytes.count {
            let word =
                UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16
                | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
            units.append(bigEndian ? word : word.byteSwapped)
            index += 4
        }
        // A surrogate or a value above U+10FFFF becomes U+FFFD (String(decoding:)), and so
        // do 1-3 trailing bytes that cannot make a code unit.
        var utf8 = Array(String(decoding: units, as: UTF32.self).utf8)
        if bytes.count % 4 != 0 { utf8.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
        if utf8.isEmpty { return .rejected(.empty) }
        return utf8.withUnsafeBufferPointer {
            decodeUTF8($0, from: 0, repairs: [.utf32(bigEndian: bigEndian)])
        }
    }

    /// What the first pass found out about the bytes.
    private struct Scan {
        var firstNUL = -1
        /// Stray control bytes, and terminal escape sequences counted one each.
        var controlCount = 0
        /// Of `controlCount`, the whole escape sequences (``TerminalEscapes``): removed, but
        /// no sign of a binary file.
        var escapeSequences = 0
        var firstControl = -1
        /// CRs, NELs and U+2028/U+2029: line ends to rewrite as LF.
        var carriageReturns = 0
        var invalidCount = 0
        var firstInvalid = -1
        /// Invalid bytes in 0xC0...0xFF: letters in every candidate code page.
        var invalidHighLetters = 0
        /// Those in 0xC0...0xDF: upper case in Windows-1251, lower case in KOI8-R.
        var invalidC0ToDF = 0
        /// Invalid bytes that are Ğ İ Ş ğ ı ş in Windows-1254.
        var invalidTurkishLetters = 0
    }

    private static func decodeUTF8(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, repairs: [Repair],
        fastPath: Bool = true
    ) -> Outcome {
        // The common case first: valid UTF-8 with no NUL, control byte, CR, C1 control or
        // U+2028/U+2029, found in one pass (``PlainUTF8``) and made a string without another.
        // Anything else takes the full scan below, which finds the same text and also says
        // what is wrong.
        let body = UnsafeBufferPointer(rebasing: buffer[start...])
        if fastPath, let isASCII = PlainUTF8.check(body) {
            return .text(PlainUTF8.string(body, isASCII: isASCII), repairs: repairs)
        }
        let scan = scanBytes(buffer, from: start)
        let length = buffer.count - start
        if scan.firstNUL >= 0 {
            if let bigEndian = looksLikeUTF32(buffer) {
                return .rejected(.unmarkedUTF32(bigEndian: bigEndian))
            }
            return .rejected(
                .binaryNUL(offset: scan.firstNUL, looksLikeUTF16: looksLikeUTF16(buffer)))
        }
        let strayControls = scan.controlCount - scan.escapeSequences
        if strayControls > 0 && strayControls * 100 > length {
            return .rejected(
                .binaryControlBytes(count: strayControls, firstOffset: scan.firstControl))
        }
        if scan.carriageReturns == 0 && scan.controlCount == 0 && scan.invalidCount == 0 {
            return .text(String(decoding: body, as: UTF8.self), repairs: repairs)
        }
        var repairs = repairs
        var codePage = LegacyCodePage.windows1252
        if scan.invalidCount > 0 {
            codePage = chooseCodePage(scan, buffer, from: start)
            repairs.append(
                .legacyEncoding(
                    codePage: codePage, invalidBytes: scan.invalidCount,
                    firstOffset: scan.firstInvalid))
        }
        if scan.controlCount > 0 {
            repairs.append(
                .removedControlBytes(count: scan.controlCount, firstOffset: scan.firstControl))
        }
        return .text(rewrite(buffer, from: start, codePage: codePage), repairs: repairs)
    }

    @inline(__always)
    private static func isStrayControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D)
            || byte == 0x7F
    }

    /// U+0080...U+009F (`C2 80`...`C2 9F`): C1 controls, which some terminals obey (U+009B is
    /// CSI, the start of an escape sequence), and which text never needs; they are removed
    /// like C0 controls, and counted with them.
    @inline(__always)
    private static func isC1Control(_ base: UnsafePointer<UInt8>, _ index: Int, _ length: Int)
        -> Bool
    {
        length == 2 && base[index] == 0xC2 && base[index + 1] < 0xA0
    }

    /// U+2028 LINE SEPARATOR (`E2 80 A8`) or U+2029 PARAGRAPH SEPARATOR (`E2 80 A9`): line
    /// ends that a word processor or a JavaScript string writes, which no reader sees as
    /// text on one line (session 13's QA: a title and its paragraphs were read as one line).
    @inline(__always)
    private static func isSeparator(_ base: UnsafePointer<UInt8>, _ index: Int, _ length: Int)
        -> Bool
    {
        length == 3 && base[index] == 0xE2 && base[index + 1] == 0x80
            && base[index + 2] & 0xFE == 0xA8
    }

    private static func scanBytes(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Scan {
        var scan = Scan()
        let count = buffer.count
        guard let base = buffer.baseAddress else { return scan }
        var index = start
        while index < count {
            // Eight ASCII bytes at a time when none is >= 0x80 or < 0x20 or DEL-ish.
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                let hasHigh = word & highs
                let hasLow = (word &- ones &* 0x20) & ~word & highs
                let hasDel = ((word ^ (ones &* 0x7F)) &- ones) & ~(word ^ (ones &* 0x7F)) & highs
                if hasHigh | hasLow | hasDel == 0 {
                    index += 8
                    continue
                }
            }
            let byte = base[index]
            if byte < 0x80 {
                if byte >= 0x20 && byte != 0x7F {
                    index += 1
                    continue
                }
                let escape = byte == 0x1B ? TerminalEscapes.length(base, index, count) : 0
                if escape > 0 {
                    if scan.firstControl < 0 { scan.firstControl = index }
                    scan.controlCount += 1
                    scan.escapeSequences += 1
                    index += escape
                    continue
                }
                if byte == 0x0D {
                    scan.carriageReturns += 1
                } else if byte == 0 {
                    scan.firstNUL = index
                    return scan
                } else if isStrayControl(byte) {
                    if scan.firstControl < 0 { scan.firstControl = index }
                    scan.controlCount += 1
                }
                index += 1
                continue
            }
            let length = UTF8Scalars.validSequenceLength(base, index, count)
            if length > 0 {
                if isC1Control(base, index, length) && base[index + 1] == 0x85 {
                    // NEL: a line end, rewritten as LF like CR.
                    scan.carriageReturns += 1
                    index += 2
                    continue
                }
                if isSeparator(base, index, length) {
                    scan.carriageReturns += 1
                    index += 3
                    continue
                }
                if isC1Control(base, index, length) {
                    if scan.firstControl < 0 { scan.firstControl = index }
                    scan.controlCount += 1
                    let escape = TerminalEscapes.length(base, index, count)
                    if escape > 0 { scan.escapeSequences += 1 }
                    index += max(length, escape)
                    continue
                }
                index += length
                continue
            }
            if scan.firstInvalid < 0 { scan.firstInvalid = index }
            scan.invalidCount += 1
            if byte >= 0xC0 { scan.invalidHighLetters += 1 }
            if byte >= 0xC0 && byte < 0xE0 { scan.invalidC0ToDF += 1 }
            switch byte {
            case 0xD0, 0xDD, 0xDE, 0xF0, 0xFD, 0xFE: scan.invalidTurkishLetters += 1
            default: break
            }
            index += 1
        }
        return scan
    }

    private static func chooseCodePage(
        _ scan: Scan, _ buffer: UnsafeBufferPointer<UInt8>, from start: Int
    ) -> LegacyCodePage {
        var asciiLetters = 0
        for byte in buffer[start...] where (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A {
            asciiLetters += 1
        }
        if scan.invalidHighLetters > asciiLetters {
            // Text is mostly lower case: where the lower-case letters lie tells the two apart.
            return scan.invalidC0ToDF * 2 > scan.invalidHighLetters ? .koi8R : .windows1251
        }
        if scan.invalidTurkishLetters > 0 { return .windows1254 }
        return .windows1252
    }

    /// Second pass, only for files that need it: line ends, control bytes, legacy bytes.
    private static func rewrite(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, codePage: LegacyCodePage
    ) -> String {
        let count = buffer.count
        guard let base = buffer.baseAddress else { return "" }
        var output: [UInt8] = []
        output.reserveCapacity(count - start + 16)
        var index = start
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                let escape = byte == 0x1B ? TerminalEscapes.length(base, index, count) : 0
                if escape > 0 {
                    index += escape
                    continue
                }
                if byte == 0x0D {
                    output.append(0x0A)
                    if index + 1 < count && base[index + 1] == 0x0A { index += 1 }
                } else if !isStrayControl(byte) {
                    output.append(byte)
                }
                index += 1
                continue
            }
            let length = UTF8Scalars.validSequenceLength(base, index, count)
            if length > 0 {
                if isC1Control(base, index, length) && base[index + 1] == 0x85 {
                    output.append(0x0A)
                    index += 2
                    continue
                }
                if isSeparator(base, index, length) {
                    // A paragraph separator ends its paragraph as a blank line does.
                    output.append(0x0A)
                    if base[index + 2] == 0xA9 { output.append(0x0A) }
                    index += 3
                    continue
                }
                if isC1Control(base, index, length) {
                    // Dropped, with the rest of the escape sequence it may start (U+009B).
                    index += max(length, TerminalEscapes.length(base, index, count))
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(start: base + index, count: length))
                index += length
                continue
            }
            appendUTF8(of: codePage.scalar(for: byte), to: &output)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendUTF8(of scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            output.append(UInt8(scalar))
        case ..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// UTF-32 without a byte-order mark, in the first 4 KiB: a whole number of 4-byte units,
    /// at least four, each a scalar value (its high byte 0, the next at most 0x10) that is
    /// not 0 (NUL is no text), little-endian or big-endian; nil when neither fits.
    private static func looksLikeUTF32(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool? {
        let sample = min(buffer.count, 4096) & ~3
        guard sample >= 16, buffer.count % 4 == 0 else { return nil }
        func fits(bigEndian: Bool) -> Bool {
            for unit in stride(from: 0, to: sample, by: 4) {
                let bytes =
                    bigEndian
                    ? (buffer[unit], buffer[unit + 1], buffer[unit + 2], buffer[unit + 3])
                    : (buffer[unit + 3], buffer[unit + 2], buffer[unit + 1], buffer[unit])
                guard bytes.0 == 0, bytes.1 <= 0x10, bytes.1 | bytes.2 | bytes.3 != 0 else {
                    return false
                }
            }
            return true
        }
        if fits(bigEndian: false) { return false }
        if fits(bigEndian: true) { return true }
        return nil
    }

    /// UTF-16 without a byte-order mark, in the first 4 KiB: nearly all NULs sit at the same
    /// parity (every other byte), and either they are at least a quarter of the bytes (text
    /// mostly in ASCII) or the bytes at that parity take at most three values while the others
    /// vary (text in one other script: Cyrillic is `04` there, ASCII spaces and punctuation
    /// `00`).
    private static func looksLikeUTF16(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let sample = min(buffer.count, 4096)
        var even = 0
        var odd = 0
        var values: [Set<UInt8>] = [[], []]
        for index in 0..<sample {
            if values[index % 2].count <= 3 { values[index % 2].insert(buffer[index]) }
            guard buffer[index] == 0 else { continue }
            if index % 2 == 0 { even += 1 } else { odd += 1 }
        }
        let nuls = even + odd
        guard nuls > 0, max(even, odd) * 10 >= nuls * 9 else { return false }
        // The other parity holds the letters, which vary (a short binary header does not).
        let high = even > odd ? 0 : 1
        let fewHighBytes =
            values[high].count <= 3 && values[1 - high].count > 3 && nuls >= 4
            && nuls * 50 >= sample
        return nuls * 4 >= sample || fewHighBytes
    }
}
