import Synchronization
import Testing

@testable import NatoAzBenchKit

@Suite("RunBudget: request numbers claimed a write's worth at a time")
struct RunBudgetTests {
    @Test("claims from several threads hand out every number below the total exactly once")
    func everyNumberOnce() {
        let budget = RunBudget(total: 10_007, stopAt: .max)
        let claimed = Mutex<[Int]>([])
        runOnThreads(4) { thread in
            var mine: [Int] = []
            while true {
                // Uneven claim sizes, as connections with different room ask for.
                let range = budget.claim(upTo: 1 + (thread * 5 + mine.count) % 16, now: 0)
                if range.isEmpty { break }
                mine += range
            }
            claimed.withLock { $0 += mine }
        }
        #expect(claimed.withLock { $0.sorted() } == Array(0..<10_007))
    }

    @Test("the last claim is cut at the total, and nothing is handed out past the stop time")
    func limits() {
        let budget = RunBudget(total: 20, stopAt: 1_000)
        #expect(budget.claim(upTo: 16, now: 0) == 0..<16)
        #expect(budget.claim(upTo: 16, now: 0) == 16..<20)
        #expect(budget.claim(upTo: 16, now: 0).isEmpty)
        let timed = RunBudget(total: 20, stopAt: 1_000)
        #expect(timed.claim(upTo: 4, now: 999) == 0..<4)
        #expect(timed.claim(upTo: 4, now: 1_000).isEmpty)
        #expect(timed.claim(upTo: 0, now: 0).isEmpty)
    }
}
