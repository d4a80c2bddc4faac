import Testing

@testable import NatoAzCorpus

/// Arrays placed in memory advised for huge pages hold exactly what plain arrays would.
@Suite struct HugePagesTests {
    @Test func repeatingInitializerFillsEveryElement() {
        // Large enough to hold whole 2 MiB pages, and a small one with none.
        for count in [0, 3, 1 << 20] {
            let array = [UInt64](hugePagesRepeating: 7, count: count)
            #expect(array.count == count)
            #expect(array.allSatisfy { $0 == 7 })
        }
    }

    @Test func appendsKeepTheirOrderAcrossMoves() {
        var array: [UInt32] = []
        var plain: [UInt32] = []
        for value in 0..<UInt32(1_500_000) {
            array.reserveHugePages(forAppending: 1)
            array.append(value &* 2_654_435_761)
            plain.append(value &* 2_654_435_761)
        }
        #expect(array == plain)
        var bytes: [UInt8] = [1, 2]
        bytes.reserveHugePages(forAppending: 5_000_000)
        #expect(bytes.capacity >= 5_000_002)
        #expect(bytes == [1, 2])
    }
}
