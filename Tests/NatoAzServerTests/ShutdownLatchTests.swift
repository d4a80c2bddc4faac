import Synchronization
import Testing

@testable import NatoAzServer

/// The latch that keeps a reload ending during shutdown from queueing work on a worker pool
/// and event loops that are going away.
@Suite struct ShutdownLatchTests {
    @Test func runsUntilClosedThenNothing() {
        let latch = ShutdownLatch()
        var runs = 0
        #expect(latch.unlessClosed { runs += 1 })
        latch.close()
        #expect(!latch.unlessClosed { runs += 1 })
        #expect(runs == 1)
    }

    @Test func closeWaitsForABodyAlreadyRunning() async {
        let latch = ShutdownLatch()
        let entered = AsyncStream.makeStream(of: Void.self)
        let finished = Recorder()
        let running = Task.detached {
            latch.unlessClosed {
                entered.continuation.yield()
                // Long enough that close() would return first if it did not wait.
                let until = ContinuousClock.now + .milliseconds(200)
                while ContinuousClock.now < until {}
                finished.mark()
            }
        }
        var iterator = entered.stream.makeAsyncIterator()
        _ = await iterator.next()
        latch.close()
        #expect(finished.isMarked)
        _ = await running.value
    }
}

private final class Recorder: Sendable {
    private let marked = Mutex(false)
    func mark() { marked.withLock { $0 = true } }
    var isMarked: Bool { marked.withLock { $0 } }
}
