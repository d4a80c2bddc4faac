import Foundation
import NIOCore
import NIOPosix
import NatoAzTestSupport
import Synchronization
import Testing

@testable import NatoAzServer

/// Regression: long requests went to the worker threads first come, first served. One client
/// that pipelined 20 expensive searches (4 s each at 100k articles) then made every other
/// client's search miss its 10 s deadline, and a client that disconnected left its queued
/// searches running. The workers now serve clients in turn and drop a closed client's queue.
@Suite("Fair work queue", .hangGuard)
struct FairWorkQueueTests {
    /// A pool of `threads`, a queue running `width` jobs at once, and a gate: a job that waits
    /// for it holds its worker, so that with one thread everything queued behind it is
    /// ordered by the queue alone.
    private final class Fixture: Sendable {
        let pool: NIOThreadPool
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let queue: FairWorkQueue
        let gate = DispatchSemaphore(value: 0)
        let order = Mutex<[String]>([])
        /// The busy times `whenIdle` was called with, in order.
        let idleCalls = Recorded<Duration>()

        init(threads: Int = 1, width: Int = 1) {
            pool = NIOThreadPool(numberOfThreads: threads)
            pool.start()
            let idleCalls = self.idleCalls
            queue = FairWorkQueue(pool: pool, width: width) { busy in idleCalls.append(busy) }
        }

        func job(
            _ name: String, for client: FairWorkQueue.Client, waitForGate: Bool = false,
            sleep: TimeInterval = 0
        ) -> EventLoopFuture<String> {
            queue.run(for: client, on: group.next()) { [self] in
                if waitForGate { gate.wait() }
                if sleep > 0 { Thread.sleep(forTimeInterval: sleep) }
                order.withLock { $0.append(name) }
                return name
            }
        }

        func shutdown() {
            try? pool.syncShutdownGracefully()
            try? group.syncShutdownGracefully()
        }
    }

    @Test("a client with many queued jobs takes turns with the others instead of going first")
    func clientsTakeTurns() async throws {
        try await offPool {
            let fixture = Fixture()
            defer { fixture.shutdown() }
            let (a, b, c) = (
                fixture.queue.newClient(), fixture.queue.newClient(),
                fixture.queue.newClient()
            )
            var futures = [fixture.job("a1", for: a, waitForGate: true)]
            for number in 2...5 { futures.append(fixture.job("a\(number)", for: a)) }
            futures.append(fixture.job("b1", for: b))
            futures.append(fixture.job("c1", for: c))
            futures.append(fixture.job("c2", for: c))
            #expect(fixture.queue.queuedCount == 7)
            fixture.gate.signal()
            for future in futures { _ = try future.wait() }
            let order = fixture.order.withLock { $0 }
            // a2 was queued while `a` had no turn pending, so it is first in line; after it, the
            // clients alternate, and a's backlog goes last.
            #expect(order == ["a1", "a2", "b1", "c1", "a3", "c2", "a4", "a5"])
            #expect(fixture.queue.queuedCount == 0)
        }
    }

    @Test("dropping a client's queue fails its queued jobs once each and spares the others")
    func droppedJobsFailAndOthersRun() async throws {
        try await offPool {
            let fixture = Fixture()
            defer { fixture.shutdown() }
            let (gone, staying) = (fixture.queue.newClient(), fixture.queue.newClient())
            let running = fixture.job("gone1", for: gone, waitForGate: true)
            let queued = (2...4).map { fixture.job("gone\($0)", for: gone) }
            let other = fixture.job("staying1", for: staying)

            #expect(fixture.queue.dropQueued(of: gone) == 3)
            #expect(fixture.queue.dropQueued(of: gone) == 0)
            for future in queued {
                #expect(throws: WorkAbandoned.self) { try future.wait() }
            }
            fixture.gate.signal()
            let (first, second) = (try running.wait(), try other.wait())
            #expect(first == "gone1")
            #expect(second == "staying1")
            #expect(fixture.order.withLock { $0 } == ["gone1", "staying1"])
        }
    }

    /// Regression: a connection that did not read its answers kept its turns, so six such
    /// connections, each with 300 large searches queued, made a reading client's search take
    /// 3.3-5.9 s instead of 0.01 s until the write timeout cut them off (session 10's QA pass).
    @Test("a paused client's jobs wait, queued before or after the pause, while others run")
    func pausedClientWaitsForResume() async throws {
        try await offPool {
            let fixture = Fixture()
            defer { fixture.shutdown() }
            let (stalled, reading) = (fixture.queue.newClient(), fixture.queue.newClient())
            var futures = [fixture.job("s1", for: stalled, waitForGate: true)]
            futures.append(fixture.job("s2", for: stalled))
            fixture.queue.pause(stalled)
            fixture.queue.pause(stalled)  // twice is once
            futures.append(fixture.job("s3", for: stalled))
            let others = (1...2).map { fixture.job("r\($0)", for: reading) }
            fixture.gate.signal()
            for future in others { _ = try future.wait() }
            // s1 was running when the pause came and finished; s2 and s3 wait.
            #expect(fixture.order.withLock { $0 } == ["s1", "r1", "r2"])
            #expect(fixture.queue.queuedCount == 2)

            fixture.queue.resume(stalled)
            for future in futures { _ = try future.wait() }
            #expect(fixture.order.withLock { $0 } == ["s1", "r1", "r2", "s2", "s3"])

            // Dropping a paused client's queue still fails each job once.
            fixture.queue.pause(stalled)
            let dropped = fixture.job("s4", for: stalled)
            #expect(fixture.queue.dropQueued(of: stalled) == 1)
            #expect(throws: WorkAbandoned.self) { try dropped.wait() }
            fixture.queue.resume(stalled)
            _ = try fixture.job("s5", for: stalled).wait()
            #expect(fixture.order.withLock { $0 }.last == "s5")
        }
    }

    @Test("at most `width` jobs run at once, whatever the pool's size")
    func widthBoundsConcurrency() async throws {
        try await offPool {
            let fixture = Fixture(threads: 4, width: 2)
            defer { fixture.shutdown() }
            let queue = fixture.queue
            let running = Atomic<Int>(0)
            let most = Atomic<Int>(0)
            let futures = (0..<12).map { number in
                queue.run(for: queue.newClient(), on: fixture.group.next()) {
                    let now = running.add(1, ordering: .sequentiallyConsistent).newValue
                    most.max(now, ordering: .sequentiallyConsistent)
                    Thread.sleep(forTimeInterval: 0.01)
                    running.subtract(1, ordering: .sequentiallyConsistent)
                    return number
                }
            }
            let results = try futures.map { try $0.wait() }
            #expect(results == Array(0..<12))
            #expect(most.load(ordering: .sequentiallyConsistent) == 2)
        }
    }

    @Test("after the pool stops, queued work fails with the pool's own error")
    func stoppedPoolFailsWork() async throws {
        try await offPool {
            let fixture = Fixture()
            defer { fixture.shutdown() }
            try fixture.pool.syncShutdownGracefully()
            let future = fixture.job("late", for: fixture.queue.newClient())
            #expect(throws: NIOThreadPoolError.ThreadPoolInactive.self) { try future.wait() }
            #expect(fixture.order.withLock { $0 }.isEmpty)
        }
    }

    /// natoazd returns the heap that long requests freed once the workers fall idle
    /// (`IdleMemoryRelease`); the queue must say when that is, and how long the work ran.
    @Test("whenIdle is called once a burst ends, with the burst's summed work, not in between")
    func idleAfterBurst() async throws {
        try await offPool {
            let fixture = Fixture(threads: 2, width: 2)
            defer { fixture.shutdown() }
            let (a, b) = (fixture.queue.newClient(), fixture.queue.newClient())
            // a1 holds one worker until the gate opens; the rest run on the other meanwhile,
            // so the queue is never empty with nothing running until a1 ends.
            var futures = [fixture.job("a1", for: a, waitForGate: true)]
            futures += (2...3).map { fixture.job("a\($0)", for: a, sleep: 0.02) }
            futures.append(fixture.job("b1", for: b, sleep: 0.02))
            for future in futures.dropFirst() { _ = try future.wait() }
            #expect(fixture.idleCalls.values.isEmpty)
            fixture.gate.signal()
            _ = try futures[0].wait()
            #expect(eventually { fixture.idleCalls.values.count == 1 })
            let burst = try #require(fixture.idleCalls.values.first)
            #expect(burst >= .milliseconds(60))

            _ = try fixture.job("later", for: b, sleep: 0.02).wait()
            #expect(eventually { fixture.idleCalls.values.count == 2 })
            let later = try #require(fixture.idleCalls.values.last)
            #expect(later >= .milliseconds(20))
            #expect(later < burst)
        }
    }
}
