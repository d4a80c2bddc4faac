/// What the generator wrote for one article: the metadata a loader should find in it.
public struct ArticleRecord: Sendable, Hashable {
    /// The file name without `.txt`, e.g. `000042_3fa4c0d1e2b3a495`.
    public var id: String
    /// ISO 639-1 code of the article's language.
    public var lang: String
    /// Which of the seeds' layouts the article follows (see `ArticleFormat`).
    public var format: ArticleFormat
    /// The date the header or dateline states: `2021-12-14`, or `--11-06` when it has no year;
    /// nil when the article states none.
    public var date: String?
    /// The title line, when the layout has one.
    public var title: String?
    /// The file's size in bytes.
    public var bytes: Int

    /// One tab-separated manifest line (without the newline); absent values are `-`.
    public var manifestLine: String {
        [id, lang, format.rawValue, date ?? "-", String(bytes), title ?? "-"]
            .joined(separator: "\t")
    }

    /// The manifest's first line: the column names of ``manifestLine``.
    public static let manifestHeader = "id\tlang\tformat\tdate\tbytes\ttitle"
}

/// The article layouts of the seeds, and the per-language equivalents of their date lines.
public enum ArticleFormat: String, Sendable, CaseIterable {
    /// ` date 2021-06-22 By Vafa Ismayilova`, blank line, paragraphs, sometimes a closing `--`.
    case dateByline = "date-byline"
    /// ` date 2021-12-14 Baku, December 14, AZERTAC`, blank line, paragraphs.
    case dateDateline = "date-dateline"
    /// `AZERBAIJAN, November 6 - ` opening the first paragraph; the date has no year.
    case capsDateline = "caps-dateline"
    /// A title line, blank line, paragraphs, sometimes the `Bütün xəbərlər ...` trailer; no date.
    case titleOnly = "title"
    /// A title line, then `14 декабря 2021, 18:45` / `12 oktyabr 2023, 14:20` /
    /// `20 Eylül 2024, 14:35` on the next line.
    case titleDateTime = "title-datetime"
    /// A title line, then `20 Eylül 2024` on the next line.
    case titleDate = "title-date"
}
