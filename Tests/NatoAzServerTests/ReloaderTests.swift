import Logging
import NatoAzTestSupport
import Synchronization
import Testing

@testable import NatoAzServer

/// The reloader's queueing rule, in-process with a load function standing in for the corpus
/// directory (the end-to-end version is HostileClientTests' "files changing during reloads").
/// The first load waits at a gate the test opens, so the overlap is deterministic.
@Suite("Reloader", .hangGuard)
struct ReloaderTests {
    /// What a load read: the "directory" version at the moment the load started.
    struct Snapshot: GenerationContent {
        var documentCount: Int
        var rejectedCount: Int { 0 }
    }

    /// A directory whose contents are a version number; loads wait until the gate opens.
    final class FakeDirectory: Sendable {
        let version = Atomic<Int>(1)
        let loadsStarted = Atomic<Int>(0)
        let gateOpen = Atomic<Bool>(false)

        func load() async -> Snapshot {
            let seen = version.load(ordering: .sequentiallyConsistent)
            loadsStarted.add(1, ordering: .sequentiallyConsistent)
            while !gateOpen.load(ordering: .sequentiallyConsistent) {
                try? await Task.sleep(for: .milliseconds(2))
            }
            return Snapshot(documentCount: seen)
        }

        var started: Int { loadsStarted.load(ordering: .sequentiallyConsistent) }
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

    /// Polls until `condition` holds, for at most 5 s.
    private func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }

    @Test("a reload asked for during a reload sees files changed after the first one started")
    func reloadDuringReloadSeesLaterFiles() async throws {
        // Regression: the second request used to join the running reload, which had listed
        // the directory before the change, so the change was never loaded.
        let directory = FakeDirectory()
        let (reloader, store) = makeReloader(directory)
        #expect(await reloader.startReload() == false)
        #expect(try await eventually { directory.started == 1 })
        directory.version.store(2, ordering: .sequentiallyConsistent)
        #expect(await reloader.startReload() == true)
        directory.gateOpen.store(true, ordering: .sequentiallyConsistent)
        #expect(try await eventually { store.current.content.documentCount == 2 })
        #expect(directory.started == 2)
        // Once idle, a waiting reload reads the directory as it is now.
        directory.version.store(3, ordering: .sequentiallyConsistent)
        let last = await reloader.reload()
        #expect(last.outcome.documentCount == 3)
    }

    @Test("a burst of reload requests during a reload loads the corpus exactly once more")
    func burstIsCoalesced() async throws {
        let directory = FakeDirectory()
        let (reloader, store) = makeReloader(directory)
        #expect(await reloader.startReload() == false)
        #expect(try await eventually { directory.started == 1 })
        directory.version.store(5, ordering: .sequentiallyConsistent)
        for _ in 0..<10 {
            #expect(await reloader.startReload() == true)
        }
        directory.gateOpen.store(true, ordering: .sequentiallyConsistent)
        #expect(try await eventually { store.current.content.documentCount == 5 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(directory.started == 2)
    }

    @Test("a reload asked for when none runs starts at once and is not joined")
    func idleReloadStartsFresh() async {
        let directory = FakeDirectory()
        directory.gateOpen.store(true, ordering: .sequentiallyConsistent)
        let (reloader, _) = makeReloader(directory)
        let result = await reloader.reload()
        #expect(!result.joined)
        #expect(result.outcome.succeeded)
        #expect(directory.started == 1)
    }

    /// Session 16's QA: a reload of a directory emptied for a moment (a copy in progress)
    /// replaced the serving corpus with none, and reported success.
    @Test("a reload that finds no article keeps the serving corpus and fails")
    func aReloadToNothingIsRefused() async throws {
        let directory = FakeDirectory()
        directory.gateOpen.store(true, ordering: .sequentiallyConsistent)
        let (reloader, store) = makeReloader(directory)
        #expect(await reloader.reload().outcome.succeeded)
        #expect(store.current.content.documentCount == 1)
        directory.version.store(0, ordering: .sequentiallyConsistent)
        let refused = await reloader.reload().outcome
        #expect(!refused.succeeded)
        #expect(refused.message.contains("no article"), "\(refused.message)")
        #expect(store.current.content.documentCount == 1)
        directory.version.store(2, ordering: .sequentiallyConsistent)
        #expect(await reloader.reload().outcome.succeeded)
        #expect(store.current.content.documentCount == 2)
    }
}
