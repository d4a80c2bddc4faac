import Testing

@testable import NatoAzBenchKit

@Suite("InFlightRing")
struct InFlightRingTests {
    @Test("an id comes back once, with the entry it was sent with, in any order")
    func removesEachIDOnce() {
        var ring = InFlightRing(minimumCapacity: 8)
        for id in UInt64(2)..<10 {
            ring.insert(id, .init(sent: id * 100, group: Int(id % 3), bodyField: UInt32(id)))
        }
        #expect(ring.count == 8)
        for id in [UInt64(7), 2, 9, 3, 8, 4, 6, 5] {
            #expect(
                ring.remove(id) == .init(sent: id * 100, group: Int(id % 3), bodyField: UInt32(id)))
            #expect(ring.remove(id) == nil, "a repeated answer for \(id) must not count twice")
        }
        #expect(ring.isEmpty)
    }

    @Test("an id that shares a slot with an outstanding one is neither free nor mistaken for it")
    func slotCollisions() {
        var ring = InFlightRing(minimumCapacity: 5)
        #expect(ring.capacity == 8)
        ring.insert(3, .init(sent: 1, group: 0, bodyField: 11))
        #expect(!ring.isFree(11), "id 11 maps to id 3's slot, still outstanding")
        #expect(ring.remove(11) == nil, "an answer for 11 is not the answer for 3")
        #expect(ring.remove(0) == nil)
        #expect(ring.count == 1)
        #expect(ring.remove(3) != nil)
        #expect(ring.isFree(11))
    }

    @Test("one write's send time goes to each request it carried, and to no other")
    func setSentCoversTheWrite() {
        var ring = InFlightRing(minimumCapacity: 16)
        ring.insert(2, .init(sent: 5, group: 0, bodyField: 11))
        for id in UInt64(3)..<7 { ring.insert(id, .init(sent: 0, group: 1, bodyField: 11)) }
        ring.setSent(42, for: 3..<7)
        #expect(ring.remove(2)?.sent == 5)
        for id in UInt64(3)..<7 { #expect(ring.remove(id)?.sent == 42) }
    }

    @Test("ids far past the capacity reuse slots: a long run keeps every request apart")
    func wrapsAround() {
        var ring = InFlightRing(minimumCapacity: 4)
        var next: UInt64 = 2
        var answered = 0
        // Keep 3 in flight for 1,000 ids, answering the oldest each time.
        var oldest: UInt64 = 2
        while next < 1_002 {
            while ring.count < 3 && ring.isFree(next) {
                ring.insert(next, .init(sent: next, group: 0, bodyField: 11))
                next += 1
            }
            #expect(ring.remove(oldest)?.sent == oldest)
            oldest += 1
            answered += 1
        }
        #expect(answered + ring.count == 1_000)
    }
}
