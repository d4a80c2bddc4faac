import NatoAzTestSupport
import Testing

@testable import NatoAzCorpus

/// Session 15's QA: a Timeline sorted every document it kept by comparing documents,
/// decoding both dates and building both ids at each comparison: 157 ms at 10k articles for
/// any Timeline without bounds, on the event loop (about 2 s at 100k). It now sorts one
/// integer per document (``SearchIndex/timelineKey(_:)``), in the same order.
@Suite struct TimelineOrderTests {
    /// Dates of every kind: full, month only, yearless, year 0, none; several documents on
    /// one date (the id breaks the tie), ids out of date order.
    static let dates = [
        "14 December 2021", "December 2021", "14 December", "1 January 2000", "", "6 November",
        "14 December 2021", "22 June 2021", "June 2021", "", "2020", "1 January 0001",
        "31 December 2021", "14 December 2021",
    ]

    static let index = indexOfArticles(
        Dictionary(
            uniqueKeysWithValues: dates.enumerated().map { number, date in
                let id = String(format: "%03d", (number * 7) % 100)
                let dateline = date.isEmpty ? "" : "BAKU, \(date) — "
                return ("\(id).txt", "Title \(id)\n\n\(dateline)NATO met in Baku.\n")
            }))

    /// The order of before this session, by comparing documents.
    static func referenceOrder(_ documents: [Document]) -> [String] {
        documents.sorted { left, right in
            switch (left.date, right.date) {
            case (let l?, let r?): return l != r ? l < r : left.id < right.id
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left.id < right.id
            }
        }.map(\.id)
    }

    @Test func theOrderIsTheComparisonsOrder() throws {
        let index = try #require(Self.index)
        let all = try index.timeline(TimelineQuery())
        #expect(all.count == Self.dates.count)
        #expect(all.map(\.id) == Self.referenceOrder(all))
        #expect(all.last?.date == nil)
        for query in [
            TimelineQuery(from: "2021"), TimelineQuery(to: "2021-06"),
            TimelineQuery(from: "2021-12", to: "2021-12-14"), TimelineQuery(language: .english),
            TimelineQuery(language: .russian),
        ] {
            let some = try index.timeline(query)
            #expect(some.map(\.id) == Self.referenceOrder(some), "\(query)")
        }
    }

    @Test func theKeyOrdersAsPartialDates() {
        let dates: [PartialDate?] = [
            PartialDate(year: nil, month: 11, day: 6), PartialDate(year: nil, month: 12, day: nil),
            PartialDate(year: 0, month: 1, day: 1), PartialDate(year: 2021, month: 6, day: nil),
            PartialDate(year: 2021, month: 6, day: 1), PartialDate(year: 2021, month: 12, day: 31),
            PartialDate(year: 9999, month: 1, day: nil), nil,
        ]
        for (left, right) in zip(dates, dates.dropFirst()) {
            #expect(
                SearchIndex.timelineKey(left) < SearchIndex.timelineKey(right),
                "\(String(describing: left)) < \(String(describing: right))")
        }
    }
}
