import NatoAzCorpus
import Testing

/// Every seed article's metadata, field by field.
@Suite struct SeedMetadataTests {
    let corpus: Corpus

    init() throws {
        corpus = try CorpusLoader().load(directory: seedsDirectory)
    }

    private func seed(_ id: String) throws -> Document {
        try #require(corpus.document(id: id))
    }

    @Test func loadsAllFiveSeedsWithoutProblems() {
        #expect(
            corpus.documents.map(\.id) == [
                "000_b63174de97e40d1a", "001_4f019866b068d0a9", "002_163f1bbd0ac872e2",
                "003_285129050a8aee72", "004_7335d4dbf30efac0",
            ])
        #expect(corpus.report.rejected.isEmpty)
        #expect(corpus.report.repaired.isEmpty)
        #expect(corpus.report.loaded == 5)
        #expect(corpus.report.bytesRead == 3172 + 2322 + 4473 + 2249 + 3219)
    }

    @Test func seed000InlineCountryDatelineWithoutYear() throws {
        let document = try seed("000_b63174de97e40d1a")
        #expect(document.title == nil)
        #expect(document.date == PartialDate(year: nil, month: 11, day: 6))
        #expect(document.date?.description == "--11-06")
        #expect(document.dateText == "November 6")
        #expect(document.dateInferred == false)
        #expect(document.dateEvidence == nil)
        #expect(document.lang == .english)
        #expect(document.source == nil)
        #expect(document.author == nil)
        #expect(document.place == "AZERBAIJAN")
        #expect(document.trailer == nil)
        #expect(document.headerLines.isEmpty)
        #expect(document.paragraphs.count == 13)
        #expect(
            document.paragraphs.first?.hasPrefix(
                "AZERBAIJAN, November 6 - President of the Republic of Azerbaijan") == true)
        #expect(
            document.paragraphs.last
                == "During the meeting, the sides discussed the prospects of Azerbaijan-NATO "
                + "cooperation, as well as exchanged views on regional and global matters.")
    }

    @Test func seed001TitleLeadDateRangeAndAzerbaijaniTrailer() throws {
        let document = try seed("001_4f019866b068d0a9")
        #expect(
            document.title
                == "Hikmet Hajiyev participates in political dialogue in the \"NATO + Azerbaijan\" "
                + "format in Brussels and conducted several meetings")
        #expect(document.date == PartialDate(year: nil, month: 6, day: 12))
        #expect(document.dateText == "June 12-13")
        // "30th anniversary of signing the Partnership for Peace Framework Document" is not
        // evidence of a year the loader may use.
        #expect(document.dateInferred == false)
        #expect(document.dateEvidence == nil)
        #expect(document.lang == .english)
        #expect(document.source == nil)
        #expect(document.author == nil)
        #expect(document.place == nil)
        #expect(document.trailer == "Bütün xəbərlər Facebook səhifəmizdə")
        #expect(document.headerLines.isEmpty)
        #expect(document.paragraphs.count == 6)
        #expect(document.paragraphs.first?.hasPrefix("Assistant to the President") == true)
        #expect(
            document.paragraphs.last
                == "This year marks the 30th anniversary of signing the Partnership for Peace "
                + "Framework Document, which forms the basis of Azerbaijan-NATO partnership.")
        #expect(!document.text.contains("Bütün"))
    }

    @Test func seed002RussianTitleAndDateLineWithTime() throws {
        let document = try seed("002_163f1bbd0ac872e2")
        #expect(
            document.title
                == "В Брюсселе состоялась встреча между Ильхамом Алиевым и генеральным секретарем "
                + "НАТО Йенсом Столтенбергом")
        #expect(document.date == PartialDate(year: 2021, month: 12, day: 14))
        #expect(document.date?.description == "2021-12-14")
        #expect(document.dateText == "14 декабря 2021, 18:45")
        #expect(document.dateInferred == false)
        #expect(document.dateEvidence == nil)
        #expect(document.lang == .russian)
        #expect(document.source == nil)
        #expect(document.author == nil)
        #expect(document.place == nil)
        #expect(document.trailer == nil)
        #expect(document.headerLines == ["14 декабря 2021, 18:45"])
        // No blank lines in this file: every line ending a sentence is a paragraph.
        #expect(document.paragraphs.count == 9)
        #expect(document.paragraphs[0].hasPrefix("14 декабря по приглашению генерального"))
        #expect(document.paragraphs[2] == "Затем было сделано официальное фото.")
    }

    @Test func seed003DateHeaderWithDatelineAndAgency() throws {
        let document = try seed("003_285129050a8aee72")
        #expect(document.title == nil)
        #expect(document.date == PartialDate(year: 2021, month: 12, day: 14))
        #expect(document.dateText == "2021-12-14")
        #expect(document.dateInferred == false)
        #expect(document.dateEvidence == nil)
        #expect(document.lang == .english)
        #expect(document.source == "AZERTAC")
        #expect(document.author == nil)
        #expect(document.place == "Baku")
        #expect(document.trailer == nil)
        #expect(document.headerLines == ["date 2021-12-14 Baku, December 14, AZERTAC"])
        #expect(document.paragraphs.count == 8)
        #expect(
            document.paragraphs.first
                == "A meeting of the North Atlantic Council has been held in Brussels, capital of "
                + "the Kingdom of Belgium.")
    }

    @Test func seed004DateHeaderWithBylineAndDashTrailer() throws {
        let document = try seed("004_7335d4dbf30efac0")
        #expect(document.title == nil)
        #expect(document.date == PartialDate(year: 2021, month: 6, day: 22))
        #expect(document.dateText == "2021-06-22")
        #expect(document.dateInferred == false)
        #expect(document.dateEvidence == nil)
        #expect(document.lang == .english)
        #expect(document.source == nil)
        #expect(document.author == "Vafa Ismayilova")
        #expect(document.place == nil)
        #expect(document.trailer == "--")
        #expect(document.headerLines == ["date 2021-06-22 By Vafa Ismayilova"])
        #expect(document.paragraphs.count == 16)
        #expect(document.paragraphs.first?.hasPrefix("Chief of Staff of NATO Allied") == true)
        #expect(document.paragraphs.last?.hasSuffix("countries in the region,\" he said.") == true)
        // The paragraph without a final period stays a paragraph of its own.
        #expect(
            document.paragraphs[2].hasSuffix("high professionalism in Afghanistan"))
    }

    @Test func noSeedBodyContainsHeaderOrTrailerLines() {
        for document in corpus.documents {
            for paragraph in document.paragraphs {
                #expect(!paragraph.hasPrefix("date "), "\(document.id)")
                #expect(paragraph != "--", "\(document.id)")
                if let title = document.title { #expect(paragraph != title, "\(document.id)") }
            }
        }
    }
}
