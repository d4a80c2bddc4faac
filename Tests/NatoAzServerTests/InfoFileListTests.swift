import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// Info lists at most 1000 rejected, repaired and ignored files each, and counts them all.
@Suite("Info's file lists", .hangGuard)
struct InfoFileListTests {
    @Test("a directory of thousands of stray files gives capped lists and exact counts")
    func strayFilesAreCountedNotAllListed() throws {
        // A corpus directory holding 150,000 files that are not articles made an Info answer
        // of 5 MB: over the 4 MiB frame limit, so natoazctl info failed with TOO_LARGE.
        let directory = try TemporaryDirectory()
        let corpus = directory.path + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: false)
        try Data("A title\n\nNATO and Azerbaijan met.\n".utf8)
            .write(to: URL(fileURLWithPath: corpus + "/article.txt"))
        for number in 0..<1_500 {
            let ignored = open(corpus + "/scan-\(number).jpg", O_CREAT | O_WRONLY, 0o644)
            close(ignored)
        }
        for number in 0..<1_100 {
            let empty = open(corpus + "/empty-\(number).txt", O_CREAT | O_WRONLY, 0o644)
            close(empty)
        }
        let daemon = try DaemonProcess(
            socketPath: directory.path + "/natoaz.sock", corpus: corpus,
            arguments: ["--no-cache"], logDirectory: directory.path)
        let client = try daemon.waitUntilServing()
        let response = try client.call(.info(InfoRequest()))
        guard case .info(let info) = response.body else {
            throw TestFailure("Info failed: \(response)")
        }
        #expect(info.documentCount == 1)
        #expect(info.rejectedCount == 1_100)
        #expect(info.rejected.count == 1_000)
        #expect(info.ignoredCount == 1_500)
        #expect(info.ignored.count == 1_000)
        #expect(info.repairedCount == 0 && info.repaired.isEmpty)
        // The first by name: the load report's order.
        #expect(info.rejected.map(\.file) == info.rejected.map(\.file).sorted())
        #expect(info.rejected.allSatisfy { $0.reason.hasPrefix("empty file") })
        // The start-up log names 100 and counts the rest: 1,100 lines flooded the journal.
        let log = daemon.log
        #expect(log.components(separatedBy: "rejected: empty file").count - 1 == 100)
        #expect(log.contains("1000 more rejected files not logged: `natoazctl info` lists"))
    }
}
