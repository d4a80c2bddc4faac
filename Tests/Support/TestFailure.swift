import Foundation

/// A failed expectation in test support code, with a message saying what went wrong.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
/// Blocks the calling thread: call it from synchronous tests or off the cooperative pool.
public func eventually(
    within timeout: Duration = .seconds(10), _ condition: () throws -> Bool
) rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}
