import Synchronization

/// Counts the deferred builds (Suggest, frequency lists, entity index) queued or running on
/// the workers, so that shutdown knows whether waiting for the workers would wait for one.
///
/// A build's result is only ever served: once the daemon stops, it would be thrown away. At
/// 100k articles the builds take about 12 s, which a stop would otherwise spend waiting.
/// (The index snapshot is written only after them, so such a load leaves none either way.)
final class BackgroundBuilds: Sendable {
    private let count = Atomic<Int>(0)

    /// Whether a build was queued and has not finished.
    var anyUnfinished: Bool { count.load(ordering: .acquiring) > 0 }

    /// Called when a build is queued: it counts as unfinished from then on, since a queued
    /// job that never runs is failed by the shutting-down pool on an event loop.
    func queued() {
        count.add(1, ordering: .releasing)
    }

    /// Called when a queued build has finished.
    func finished() {
        count.subtract(1, ordering: .releasing)
    }
}
