import Testing

@testable import NatoAzCorpus

/// The index build's aligned tables hold what an array would, on cache-line boundaries.
@Suite struct AlignedTableTests {
    struct Pair: Equatable {
        var key: UInt64
        var value: UInt32
    }

    @Test func valuesStartOnACacheLine() {
        for count in [1, 7, 1 << 16] {
            let table = AlignedTable(repeating: Pair(key: 1, value: 2), count: count)
            #expect(Int(bitPattern: table.base) % 64 == 0)
            #expect((0..<count).allSatisfy { table[$0] == Pair(key: 1, value: 2) })
        }
    }

    @Test func appendsAndInPlaceUpdatesKeepEveryValue() {
        var table = AlignedTable<Pair>(capacity: 3)
        for number in 0..<100_000 {
            table.append(Pair(key: UInt64(number), value: 0))
        }
        for number in 0..<100_000 where number % 3 == 0 {
            table[number].value += UInt32(number)
        }
        #expect(table.count == 100_000)
        #expect(Int(bitPattern: table.base) % 64 == 0)
        #expect(
            (0..<100_000).allSatisfy {
                table[$0] == Pair(key: UInt64($0), value: $0 % 3 == 0 ? UInt32($0) : 0)
            })
    }

    @Test func swappingExchangesTheValues() {
        var small = AlignedTable(repeating: UInt16(1), count: 2)
        var large = AlignedTable(repeating: UInt16(9), count: 5)
        small.swapStorage(with: &large)
        #expect(small.count == 5 && small[4] == 9)
        #expect(large.count == 2 && large[1] == 1)
    }
}
