import Foundation
import NIOCore
import NIOPosix
import NatoAzCorpus
import NatoAzProtocol
import NatoAzTestSupport
import Synchronization
import Testing

@testable import NatoAzServer

/// Regression: an Entities request arriving during the entity index build waited for it on a
/// worker thread. With one worker per core, one such request plus the build held every worker
/// of a 2-core machine, and all searches stalled until the build ended (over 10 s at 100k
/// articles). Requests now wait on a future; the build itself is gated here so the overlap
/// is deterministic.
@Suite("Entity index build", .hangGuard)
struct EntityIndexBuildTests {
    @Test("requests during a claimed build wait on a future and a blocking reader, then share it")
    func waitersShareOneBuild() async throws {
        try await offPool {
            let serving = try ServingCorpus.load(directory: PackagePaths.seeds)
            let gate = DispatchSemaphore(value: 0)
            let builds = Atomic<Int>(0)
            let build = EntityIndexBuild {
                gate.wait()
                builds.add(1, ordering: .sequentiallyConsistent)
                return EntityIndex(index: serving.index, table: serving.entityTable.table)
            }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            defer { try? group.syncShutdownGracefully() }
            let loop = group.next()

            // Unclaimed: a worker may build it itself, so nobody is told to wait.
            #expect(build.ready(on: loop) == nil)
            #expect(build.claim())
            #expect(!build.claim())
            let ready = try #require(build.ready(on: loop))
            let readyFired = Atomic<Bool>(false)
            ready.whenSuccess { readyFired.store(true, ordering: .sequentiallyConsistent) }

            let readerCount = Mutex<Int?>(nil)
            let reader = Thread {
                let count = build.index.entities.count
                readerCount.withLock { $0 = count }
            }
            reader.start()
            let builder = Thread { build.run() }
            builder.start()

            Thread.sleep(forTimeInterval: 0.2)
            let firedEarly = readyFired.load(ordering: .sequentiallyConsistent)
            #expect(!firedEarly)
            let readEarly = readerCount.withLock { $0 }
            #expect(readEarly == nil)

            gate.signal()
            try ready.wait()
            let finished = eventually(within: .seconds(10)) {
                readerCount.withLock { $0 } != nil
            }
            #expect(finished)
            let built = build.index
            let read = readerCount.withLock { $0 }
            #expect(read == built.entities.count)
            #expect(built.entities.contains { $0.name == "NATO" })
            let buildCount = builds.load(ordering: .sequentiallyConsistent)
            #expect(buildCount == 1)
            // Built: nobody waits any more, and nothing is built twice.
            #expect(build.ready(on: loop) == nil)
            #expect(!build.claim())
        }
    }

    @Test("with nobody building, the first reader builds it on its own thread")
    func unclaimedReaderBuilds() async throws {
        try await offPool {
            let serving = try ServingCorpus.load(directory: PackagePaths.seeds)
            let builds = Atomic<Int>(0)
            let build = EntityIndexBuild {
                builds.add(1, ordering: .sequentiallyConsistent)
                return EntityIndex(index: serving.index, table: serving.entityTable.table)
            }
            let first = build.index.entities.count
            #expect(build.index.entities.count == first)
            let buildCount = builds.load(ordering: .sequentiallyConsistent)
            #expect(buildCount == 1)
            #expect(!build.claim())
        }
    }
}

/// The same regression end to end: natoazd with two workers, one running the entity index
/// build; an Entities request sent meanwhile must leave the other worker to a Search.
@Suite("natoazd: Entities during the entity index build", .hangGuard)
struct EntitiesDuringBuildTests {
    @Test("a Search sent after a waiting Entities request is answered first")
    func searchOvertakesWaitingEntities() async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            // 500 articles: the build takes seconds in a debug build, a Search milliseconds.
            let corpus = try CorpusFixtures.largeCorpus(
                in: directory.path + "/corpus", copies: 100)
            try FileManager.default.copyItem(
                atPath: PackagePaths.seeds + "/entities.tsv", toPath: corpus + "/entities.tsv")
            let daemon = try DaemonProcess(
                socketPath: directory.path + "/natoaz.sock", corpus: corpus,
                arguments: ["--workers", "2"], logDirectory: directory.path)
            let client = try daemon.waitUntilServing(timeout: .seconds(120))
            try client.send(
                Request(id: 101, deadlineMs: 200_000, body: .entities(EntitiesRequest(limit: 3))))
            try client.send(
                Request(id: 102, deadlineMs: 200_000, body: .search(SearchRequest(query: "nato"))))
            let first = try client.receive()
            let buildEndedFirst = daemon.log.contains("entity index built")
            let second = try client.receive()
            // The build takes seconds here and a Search milliseconds: a Search answered only
            // after the build ended waited for a worker held by the Entities request.
            #expect(!buildEndedFirst, "the Search was answered after the build ended")
            #expect(first.id == 102, "the Entities answer came before the Search's: \(first)")
            guard case .search(let hits)? = first.body else {
                throw TestFailure("search: \(first)")
            }
            #expect(hits.total > 0)
            #expect(second.id == 101)
            guard case .entities(let list)? = second.body else {
                throw TestFailure("entities: \(second)")
            }
            #expect(list.entities.contains { $0.name == "NATO" })
        }
    }

    @Test("Info says whether the lookups are still being built, and where the corpus came from")
    func infoTellsTheLookupsState() async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            let corpus = try CorpusFixtures.largeCorpus(
                in: directory.path + "/corpus", copies: 100)
            let daemon = try DaemonProcess(
                socketPath: directory.path + "/natoaz.sock", corpus: corpus,
                arguments: ["--workers", "2", "--no-cache"], logDirectory: directory.path)
            let client = try daemon.waitUntilServing(timeout: .seconds(120))
            func info() throws -> InfoResponse {
                let answer = try client.call(.info(InfoRequest()))
                guard case .info(let info)? = answer.body else { throw TestFailure("\(answer)") }
                return info
            }
            let early = try info()
            // The log line comes before the build counts as done: without it, it was not.
            if !daemon.log.contains("entity index built") {
                #expect(early.lookupsState == .building)
            }
            #expect(early.corpusSource == .text && early.snapshotPath.isEmpty)
            try daemon.waitForLog("entity index built", timeout: .seconds(120))
            let late = try info()
            #expect(late.lookupsState == .ready)
            #expect(late.corpusSource == .text && late.snapshotWrittenAtUnixMs == 0)
        }
    }
}
