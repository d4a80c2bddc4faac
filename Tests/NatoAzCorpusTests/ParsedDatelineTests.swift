import NatoAzTestSupport
import Testing

@testable import NatoAzBenchKit
@testable import NatoAzCorpus

/// The parse asks a line's dateline once (session 15): the title test and the lead reuse what
/// the header zone parsed, and give the documents the parse gives when every test parses it
/// again. A source line's characters are counted no further than the limit.
@Suite struct ParsedDatelineTests {
    /// Header lines of every kind the header zone takes or stops at: titles, datelines whole
    /// and with a lead, bylines, date lines, sources, date headers with text after the date,
    /// and look-alikes (Cyrillic `В`, `А`, `а`, `е` in Latin place names and months; a
    /// place followed by prose).
    static let headerPieces = [
        "NATO and Azerbaijan hold talks", "Zakir Hasanov meets Hikmet Hajiyev in Washington",
        "Baku, December 14, AZERTAC", "BAKU, Azerbaijan, Dec. 14 (Trend) -",
        "Bakı, 12 oktyabr (AZƏRTAC).", "BAKU (Trend) - The minister said", "By Vafa Ismayilova",
        "14 декабря 2021, 18:45", "Tuesday, December 14, 2021", "AZERTAC",
        "Date: 2021-12-14 Baku, December 14 - The talks began", "Date: 2021-12-14 NATO talks",
        "Date: 2021-12-14", "date 2007-04-14 By Aygun Badalova", "ВАКU, December 14, AZERTAC",
        "Bаku, Dеcember 14, AZERTAC", "Москва, 14 декабря — ТАСС.", "Baku, December 14 was cold",
        "BRUSSELS, May 24 - Hyrdwo preamer for be as this", "Source: Trend",
        "вторник, 14 декабря 2021",
    ]

    /// Body lines: leads opening with a dateline (one to be hard-wrapped onto the next line,
    /// so that the first paragraph is longer than the line the header zone stopped at),
    /// lowercase continuations, sentences, bullets, and lines that are no dateline alone but
    /// start one when the next line is joined to them (`BAKU` / `(Trend) - ...`).
    static let bodyPieces = [
        "BRUSSELS, May 24 - The meeting of the council", "continues here in lowercase",
        "The summit opened.", "AZERBAIJAN, November 6 - President Ilham Aliyev said",
        "the talks went on", "- a bullet", "Baku, December 14", "В Баку состоялась встреча.",
        "ВАКU, December 14 - the talks", "BAKU", "(Trend) - The minister said",
        "Baku, December", "14, AZERTAC - talks began",
    ]

    static func article(_ generator: inout SplitMix64) -> String {
        var text = ""
        func pick(_ pieces: [String]) -> String {
            pieces[Int(generator.next() % UInt64(pieces.count))]
        }
        for _ in 0..<Int(generator.next() % 5) {
            text += pick(headerPieces) + (generator.next() % 3 == 0 ? "\n\n" : "\n")
        }
        for _ in 0..<Int(1 + generator.next() % 5) {
            text += pick(bodyPieces) + (generator.next() % 2 == 0 ? "\n\n" : "\n")
        }
        return text
    }

    @Test(.hangGuard) func reusedDatelinesGiveTheSameDocuments() {
        var generator = SplitMix64(seed: 1515)
        var texts: [String] = []
        for _ in 0..<4_000 { texts.append(Self.article(&generator)) }
        for header in Self.headerPieces {
            for body in Self.bodyPieces {
                texts.append(header + "\n" + body)
                texts.append(header + "\n\n" + body + "\n" + body)
                texts.append(body + "\n" + body)
            }
        }
        var parsed = 0
        for text in texts {
            let reused = ArticleParser.parse(id: "a", text: text, body: .plain)
            let fresh = ArticleParser.parse(
                id: "a", text: text, body: .plain, reusingDatelines: false)
            switch (reused, fresh) {
            case (.document(let reused), .document(let fresh)):
                parsed += 1
                #expect(reused == fresh, "\(text)")
                #expect(reused.title == fresh.title && reused.place == fresh.place, "\(text)")
                #expect(reused.date == fresh.date && reused.dateText == fresh.dateText)
                #expect(reused.source == fresh.source && reused.author == fresh.author)
                #expect(reused.paragraphs == fresh.paragraphs && reused.text == fresh.text)
            case (.rejected(let reused), .rejected(let fresh)):
                #expect(reused == fresh, "\(text)")
            default:
                Issue.record("the parses disagree on \(text)")
            }
        }
        #expect(parsed > 3_500)
    }

    /// A line without a digit is no date line, as the tokens say: random lines of weekdays,
    /// months, year words, times, punctuation and digits of every kind the tokenizer reads
    /// (ASCII, Arabic-Indic, Persian, fullwidth) and of kinds it does not (Devanagari,
    /// superscript, circled), and every prefix of date lines cut at each byte.
    @Test(.hangGuard) func digitFilterKeepsEveryDateLine() {
        var generator = SplitMix64(seed: 2021)
        let pieces = [
            "Tuesday", "вторник", "Cuma", "çərşənbə", "December", "декабря", "Eylül", "oktyabr",
            "Dec.", "14", "2021", "18:45", "٢٠٢١", "١٤", "۲۰۲۱", "۱۴", "２０２１", "１４", "年", "月",
            "日", "२०२१", "²", "①", "г.", "года", "il", "-cü", ",", ".", "|", " ", " ", "(", ")",
        ]
        var lines: [String] = [
            "14 декабря 2021, 18:45", "Tuesday, December 14, 2021", "18:45 | 20 Eylül 2024 Cuma",
            "２０２１年１２月１４日", "١٤ ديسمبر ٢٠٢١", "12 oktyabr 2023-cü il", "١٤ декабря ٢٠٢١",
            "۱۴ декабря ۲۰۲۱", "１４ декабря ２０２１",
        ]
        for line in lines {
            let bytes = Array(line.utf8)
            for cut in 0...bytes.count {
                lines.append(String(decoding: bytes[..<cut], as: UTF8.self))
            }
        }
        for _ in 0..<5_000 {
            var line = ""
            for _ in 0..<Int(generator.next() % 8) {
                line += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            lines.append(line)
        }
        var dates = 0
        for line in lines {
            let filtered = ArticleParser.wholeLineDate(Substring(line))
            let whole = ArticleParser.wholeLineDate(Substring(line), prefiltering: false)
            #expect(filtered?.date == whole?.date, "\(line)")
            #expect(filtered.map { String($0.text) } == whole.map { String($0.text) }, "\(line)")
            #expect(filtered?.endToken == whole?.endToken, "\(line)")
            if whole != nil { dates += 1 }
        }
        #expect(dates > 50)
    }

    /// The tokens written on the stack are the array's, for every probe limit, on lines of
    /// every kind the heuristics meet (and on every prefix of them, cut at each byte).
    @Test(.hangGuard) func tokensOnTheStackAreTheArraysTokens() {
        var lines = Self.headerPieces + Self.bodyPieces + ["", " ", "  ,", "２０２１年１２月１４日"]
        for line in Self.headerPieces.prefix(6) {
            let bytes = Array(line.utf8)
            for cut in 0...bytes.count {
                lines.append(String(decoding: bytes[..<cut], as: UTF8.self))
            }
        }
        for line in lines {
            let text = Substring(line)
            for limit in 1...Tokenizer.smallLimit {
                let array = Tokenizer.tokens(text, limit: limit)
                let onTheStack = Tokenizer.withTokens(text, limit: limit) { Array($0) }
                #expect(onTheStack.count == array.count, "\(limit): \(line)")
                for (stacked, allocated) in zip(onTheStack, array) {
                    #expect(
                        stacked.kind == allocated.kind && stacked.range == allocated.range
                            && stacked.spaceBefore == allocated.spaceBefore
                            && stacked.capitalized == allocated.capitalized
                            && stacked.allCaps == allocated.allCaps, "\(limit): \(line)")
                }
            }
        }
    }

    /// `hasAtMostCharacters` is `count <= limit` for every limit, on text whose characters
    /// are several scalars (combining marks, CRLF, emoji joined by ZWJ, flags, Hangul jamo).
    @Test(.hangGuard) func boundedCharacterCountIsTheCount() {
        var generator = SplitMix64(seed: 40)
        let pieces = [
            "a", "Z", " ", "ə", "Б", "e\u{301}", "i\u{307}\u{307}", "\r\n", "\r", "\n",
            "👩\u{200D}👩\u{200D}👧", "🇦🇿", "\u{1100}\u{1161}\u{11A8}", "\u{301}", "北",
        ]
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 60) {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            let line = Substring(text)
            for limit in 0...50 {
                #expect(
                    TextLines.hasAtMostCharacters(line, limit) == (line.count <= limit),
                    "\(limit): \(text.unicodeScalars.map(\.value))")
            }
        }
    }

    /// `hasMoreScalars`, counted eight bytes at a time (session 17), is
    /// `unicodeScalars.count > limit` for texts of one- to four-byte scalars up to 1,300 bytes
    /// (every length around an 8-byte boundary) and limits around their scalar counts, 0 and
    /// a quarter of their bytes; and `Trailer.isSeparator` is `== "--"`.
    @Test(.hangGuard) func eightByteScalarCountIsTheCount() {
        var generator = SplitMix64(seed: 41)
        let pieces = ["a", " ", "ə", "Б", "\u{301}", "北", "😀", "--", "-", "\u{2014}"]
        for round in 0..<2_000 {
            var text = ""
            let length = round < 400 ? round % 40 : Int(generator.next() % 1_300)
            while text.utf8.count < length {
                text += pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            let line = Substring(text)
            let scalars = line.unicodeScalars.count
            let bytes = line.utf8.count
            let limits = [
                0, 1, scalars - 2, scalars - 1, scalars, scalars + 1, bytes / 4 - 1, bytes / 4,
                bytes / 4 + 1, 200, 250,
            ]
            for limit in limits where limit >= 0 {
                #expect(
                    TextLines.hasMoreScalars(line, than: limit) == (scalars > limit),
                    "\(limit): \(text.unicodeScalars.map(\.value))")
            }
            #expect(Trailer.isSeparator(line) == (line == "--"))
        }
        for text in ["--", "-", "---", "—", "-\u{301}-", "--\u{301}", "- -"] {
            #expect(Trailer.isSeparator(Substring(text)) == (text == "--"), "\(text)")
        }
    }
}
