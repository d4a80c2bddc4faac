import Testing

@testable import NatoAzServer

/// Session 14's QA: a client holding the connection limit and connecting in a loop made
/// natoazd log 44,260 refusals in 4 s. Each kind of peer event is now logged a burst at a
/// time per window, the rest counted on the next line logged.
@Suite struct PeerEventThrottleTests {
    @Test func aBurstIsLoggedThenEventsAreCountedUntilTheWindowEnds() throws {
        let throttle = PeerEventThrottle(burst: 3, window: .seconds(10))
        let start = ContinuousClock.now
        typealias Admission = PeerEventThrottle.Admission
        let first: [Admission?] = (0..<3).map { _ in throttle.admit(.refusedAtLimit, now: start) }
        #expect(
            first == [
                Admission(suppressed: 0, lastOfBurst: false),
                Admission(suppressed: 0, lastOfBurst: false),
                Admission(suppressed: 0, lastOfBurst: true),
            ])
        #expect(first.last??.metadata.map { $0.0 } == ["throttled"])
        for _ in 0..<1_000 { #expect(throttle.admit(.refusedAtLimit, now: start) == nil) }
        // Other kinds of events have bursts of their own.
        #expect(throttle.admit(.badFrame, now: start) == .init(suppressed: 0, lastOfBurst: false))
        // The next window's first line says how many were left out.
        let next = try #require(throttle.admit(.refusedAtLimit, now: start + .seconds(10)))
        #expect(next == .init(suppressed: 1_000, lastOfBurst: false))
        #expect(next.metadata.map { $0.1 } == ["1000"])
        #expect(
            throttle.admit(.refusedAtLimit, now: start + .seconds(11))
                == .init(suppressed: 0, lastOfBurst: false))
    }
}
