import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// Regression: an Entities answer listed every document id of every entity, so at 100k
/// articles a common entity's answer outgrew the frame limit (TOO_LARGE). Lists now carry the
/// first ids and `documents` counts them all.
@Suite("natoazd entities: document ids are capped, counted whole", .hangGuard)
struct EntityDocumentCapTests {
    @Test("a listed entity in 125 documents carries 100 ids and counts 125")
    func listedEntityIsCapped() throws {
        let directory = try TemporaryDirectory()
        let corpus = try CorpusFixtures.largeCorpus(in: directory.path + "/corpus", copies: 25)
        try FileManager.default.copyItem(
            atPath: PackagePaths.seeds + "/entities.tsv", toPath: corpus + "/entities.tsv")
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            logDirectory: directory.path)
        let client = try daemon.waitUntilServing()

        let listed = try client.call(.entities(EntitiesRequest(limit: 5)), deadlineMs: 200_000)
        guard case .entities(let list)? = listed.body else {
            throw TestFailure("entities: \(listed)")
        }
        let nato = try #require(list.entities.first { $0.name == "NATO" })
        #expect(nato.documents == 125)
        #expect(nato.docIDs.count == 100)
        #expect(nato.docIDs == nato.docIDs.sorted())
        #expect(Set(nato.docIDs).count == 100)

        let named = try client.call(.entities(EntitiesRequest(name: "NATO")), deadlineMs: 200_000)
        guard case .entities(let one)? = named.body else {
            throw TestFailure("entities by name: \(named)")
        }
        #expect(one.entities.first?.documents == 125)
        #expect(one.entities.first?.docIDs.count == 125)  // under the by-name cap of 1,000
    }

    @Test("the entity index is built after the load without waiting for a request")
    func builtAfterLoad() throws {
        let directory = try TemporaryDirectory()
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: PackagePaths.seeds,
            logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        try daemon.waitForLog("entity index built")
        #expect(daemon.log.contains("documents=5"))
        guard case .entities(let list)? = try client.call(.entities(EntitiesRequest())).body
        else { throw TestFailure("entities") }
        #expect(list.entities.contains { $0.name == "NATO" })
    }
}
