import Foundation

/// Runs `body`, which blocks (waits on a child process, polls a log, sleeps), on a thread of
/// its own instead of one of Swift Concurrency's few cooperative threads (one per core):
/// blocking those starves every async test running in parallel.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}
