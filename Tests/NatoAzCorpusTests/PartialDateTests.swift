import Testing

@testable import NatoAzCorpus

@Suite struct PartialDateTests {
    @Test func rendersISO8601ForEveryPrecision() {
        #expect(PartialDate(year: 2021, month: 12, day: 14).description == "2021-12-14")
        #expect(PartialDate(year: nil, month: 6, day: 2).description == "--06-02")
        #expect(PartialDate(year: 2021, month: 6, day: nil).description == "2021-06")
    }

    @Test func ordersUnknownYearsFirst() {
        let yearless = PartialDate(year: nil, month: 12, day: 31)
        let dated = PartialDate(year: 1999, month: 1, day: 1)
        #expect(yearless < dated)
    }
}
