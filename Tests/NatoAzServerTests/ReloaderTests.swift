import Logging
import Synchronization
import Testing

@testable import NatoAzServer

/// The reloader's queueing rule, in-process with a load function standing in for the corpus
/// directory (the end-to-end version is HostileClientTests' "files changing during reloads").
@Suite("Reloader")
struct ReloaderTests {
    /// What a load read: the "directory" version at the moment the load started.
    struct Snapshot: GenerationContent {
        var documentCount: Int
        var rejectedCount: Int { 0 }
    }

    /// A directory whose contents are a version number, and a load that takes a while.
    final class FakeDirectory: Sendable {
        let version = Atomic<Int>(1)
        let loadsStarted = Atomic<Int>(0)

        func load() async -> Snapshot {
            let seen = version.load(ordering: .sequentiallyConsistent)
            loadsStarted.add(1, ordering: .sequentiallyConsistent)
            try? await Task.sleep(for: .milliseconds(200))
            return Snapshot(documentCount: seen)
        }
    }

    private func makeReloader(_ directory: FakeDirectory) -> (
        Reloader<Snapshot>, GenerationStore<Snapshot>
    ) {
        let store = GenerationStore(initial: Snapshot(documentCount: 0), loadDuration: .zero)
        let reloader = Reloader(store: store, logger: Logger(label: "test")) {
            await directory.load()
        }
        return (reloader, store)
    }

    @Test("a reload asked for during a reload sees files changed after the first one started")
    func reloadDuringReloadSeesLaterFiles() async throws {
        // Regression: the second request used to join the running reload, which had listed
        // the directory before the change, so Reload(wait) returned a stale corpus.
        let directory = FakeDirectory()
        let (reloader, store) = makeReloader(directory)
        async let first = reloader.reload()
        while directory.loadsStarted.load(ordering: .sequentiallyConsistent) == 0 {
            try await Task.sleep(for: .milliseconds(5))
        }
        directory.version.store(2, ordering: .sequentiallyConsistent)
        let second = await reloader.reload()
        #expect(second.joined)
        #expect(second.outcome.documentCount == 2)
        #expect(store.current.content.documentCount == 2)
        #expect(await first.outcome.documentCount == 1)
    }

    @Test("a burst of reload requests during a reload loads the corpus only once more")
    func burstIsCoalesced() async throws {
        let directory = FakeDirectory()
        let (reloader, store) = makeReloader(directory)
        async let first = reloader.reload()
        while directory.loadsStarted.load(ordering: .sequentiallyConsistent) == 0 {
            try await Task.sleep(for: .milliseconds(5))
        }
        directory.version.store(5, ordering: .sequentiallyConsistent)
        let joined = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 { group.addTask { await reloader.startReload() } }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(joined)
        _ = await first
        let last = await reloader.reload()  // queued behind the burst's reload, or fresh
        #expect(last.outcome.documentCount == 5)
        #expect(store.current.content.documentCount == 5)
        // The first load, one for the whole burst, and at most one for `last`.
        #expect((2...3).contains(directory.loadsStarted.load(ordering: .sequentiallyConsistent)))
    }

    @Test("a reload asked for when none runs starts at once and is not joined")
    func idleReloadStartsFresh() async {
        let directory = FakeDirectory()
        let (reloader, _) = makeReloader(directory)
        let result = await reloader.reload()
        #expect(!result.joined)
        #expect(result.outcome.succeeded)
        #expect(directory.loadsStarted.load(ordering: .sequentiallyConsistent) == 1)
    }
}
