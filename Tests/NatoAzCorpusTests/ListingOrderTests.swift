import NatoAzBenchKit
import Testing

@testable import NatoAzCorpus

/// ``DirectoryListing/sortByName()`` (a number of each name's first 8 bytes, then
/// `memcmp`) against the byte order `lexicographicallyPrecedes` gives.
@Suite struct ListingOrderTests {
    @Test func namesSortAsTheirBytes() {
        var generator = SplitMix64(seed: 16)
        let alphabet: [UInt8] = [0x01, 0x2D, 0x2E, 0x30, 0x5F, 0x61, 0x62, 0x7F, 0x80, 0xC3, 0xFF]
        var names: Set<[UInt8]> = []
        while names.count < 3_000 {
            // Short names, names sharing their first 8 bytes or more, and every byte class.
            let length = Int(generator.next() % 14)
            let shared = Array("000_b631".utf8).prefix(Int(generator.next() % 10))
            names.insert(
                Array(shared)
                    + (0..<length).map { _ in
                        alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    })
        }
        var listing = DirectoryListing(names: names.shuffled())
        let expected = names.sorted { $0.lexicographicallyPrecedes($1) }
        listing.sortByName()
        let sorted = listing.entries.map { listing.withName($0) { Array($0) } }
        #expect(sorted.count == expected.count)
        #expect(zip(sorted, expected).filter { $0 != $1 }.count == 0)
    }
}
