import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// The index snapshot against the real daemon and real files: written after a load from the
/// text, used by the next start (same answers), refused when the corpus changed or the file
/// is damaged (load from the text, warning), and a cache directory that cannot be written
/// does not stop the daemon from serving.
@Suite("natoazd index snapshot", .hangGuard)
struct SnapshotTests {
    /// Two copies of each seed, a rejected (empty) file, a repaired (Latin-1) file and an
    /// ignored one, in `directory`/corpus; old enough for a snapshot to be written (see
    /// SnapshotKey.isRacy).
    static func makeCorpus(in directory: TemporaryDirectory) throws -> String {
        let corpus = try CorpusFixtures.largeCorpus(in: directory.path("corpus"), copies: 2)
        try directory.write("corpus/empty.txt", "")
        try directory.write(
            "corpus/latin1.txt",
            bytes: Array("Caf\u{E9} in Baku\n\nNATO officials met in Baku on Monday ".utf8) + [0xE9]
        )
        try directory.write("corpus/notes.md", "not an article")
        settle()
        return corpus
    }

    /// Past the snapshot's 50 ms window for recently changed files.
    static func settle() { Thread.sleep(forTimeInterval: 0.12) }

    static let knownID = "003_285129050a8aee72_1"

    static func start(_ directory: TemporaryDirectory, corpus: String, cache: String) throws
        -> DaemonProcess
    {
        try DaemonProcess(
            socketPath: directory.path("natoaz-\(UUID().uuidString.prefix(6)).sock"),
            corpus: corpus, arguments: ["--cache-dir", cache], logDirectory: directory.path)
    }

    /// The answers to a broad set of requests (Info reduced to what describes the corpus).
    static func answers(_ daemon: DaemonProcess) throws -> [String] {
        let client = try daemon.waitUntilServing()
        var search = SearchRequest()
        search.limit = 20
        var kwic = KwicRequest()
        kwic.query = "nato"
        kwic.limit = 50
        var terms = TermsRequest()
        terms.lang = "en"
        terms.limit = 30
        var similar = SimilarRequest()
        similar.id = knownID
        similar.limit = 5
        var timeline = TimelineRequest()
        timeline.limit = 50
        var entities = EntitiesRequest()
        entities.limit = 50
        var bodies: [Request.Body] = [
            .get(GetRequest(id: knownID)), .kwic(kwic), .terms(terms), .similar(similar),
            .timeline(timeline), .entities(entities),
        ]
        for query in ["nato", "azerbaijan baku", "\"partnership for peace\"", "lang:ru нато"] {
            search.query = query
            bodies.append(.search(search))
        }
        // What is built after the load (restored from a snapshot of format 2).
        for prefix in ["a", "na", "bak", "ст", "azerb"] {
            var suggest = SuggestRequest()
            suggest.prefix = prefix
            suggest.limit = 20
            bodies.append(.suggest(suggest))
        }
        var stems = TermsRequest()
        stems.mode = .stem
        stems.prefix = "a"
        stems.limit = 30
        bodies.append(.terms(stems))
        var named = EntitiesRequest()
        named.name = "nato"
        bodies.append(.entities(named))
        var ofDocument = EntitiesRequest()
        ofDocument.docID = knownID
        bodies.append(.entities(ofDocument))
        var answers = try bodies.map { body in "\(try client.call(body))" }
        guard case .info(let info)? = try client.call(.info(InfoRequest())).body else {
            throw TestFailure("Info did not answer with info")
        }
        answers.append(
            "\(info.documentCount) \(info.rejected) \(info.repaired) \(info.ignored) "
                + "\(info.bytesRead) \(info.entityTable)"
        )
        return answers
    }

    /// The lines of the log saying which files were rejected or repaired.
    static func fileProblems(_ log: String) -> [String] {
        log.split(separator: "\n").filter {
            $0.contains(": rejected: ") || $0.contains(": repaired: ")
        }.map { $0.components(separatedBy: "natoazd: ").last ?? String($0) }
    }

    /// A first start loads the text and writes the snapshot, with its answers.
    static func coldStart(_ directory: TemporaryDirectory, corpus: String, cache: String) throws
        -> (answers: [String], log: String)
    {
        let daemon = try start(directory, corpus: corpus, cache: cache)
        try daemon.waitForLog("index snapshot written", timeout: .seconds(60))
        let answers = try Self.answers(daemon)
        // Written once the lookups are built; Info says the text was read.
        guard case .info(let info)? = try daemon.waitUntilServing().call(.info(InfoRequest())).body
        else { throw TestFailure("Info did not answer with info") }
        #expect(info.corpusSource == .text && info.lookupsState == .ready)
        #expect(info.snapshotPath.isEmpty && info.snapshotWrittenAtUnixMs == 0)
        #expect(!daemon.log.contains("corpus loaded from snapshot"))
        #expect(daemon.stop() == 0)
        return (answers, daemon.log)
    }

    @Test("written after a load from the text, then used: same answers, same file report")
    func writtenThenUsed() async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            let corpus = try Self.makeCorpus(in: directory)
            let cache = directory.path("cache")
            try directory.makeDirectory("cache")
            let cold = try Self.coldStart(directory, corpus: corpus, cache: cache)
            #expect(cold.log.contains("no index snapshot yet"))

            let warm = try Self.start(directory, corpus: corpus, cache: cache)
            try warm.waitForLog("corpus loaded from snapshot", timeout: .seconds(30))
            #expect(try Self.answers(warm) == cold.answers)
            let problems = Self.fileProblems(warm.log)
            #expect(problems.count == 2, "\(warm.log)")
            #expect(problems == Self.fileProblems(cold.log))
            #expect(warm.log.contains("mb_per_s="))
            #expect(!warm.log.contains("index snapshot written"))
            // Fully ready at once: nothing is built after the load.
            #expect(warm.log.contains("lookups and entity index restored from snapshot"))
            #expect(!warm.log.contains("lookups built"))
            #expect(!warm.log.contains("entity index built"))
            // Info says so: from which file, written when, and ready.
            let client = try warm.waitUntilServing()
            guard case .info(let info)? = try client.call(.info(InfoRequest())).body else {
                throw TestFailure("Info did not answer with info")
            }
            #expect(info.corpusSource == .snapshot)
            #expect(info.lookupsState == .ready)
            let files = try FileManager.default.contentsOfDirectory(atPath: cache)
            #expect(files.count == 1 && info.snapshotPath == cache + "/" + files[0], "\(files)")
            let written =
                try FileManager.default.attributesOfItem(atPath: info.snapshotPath)[
                    .modificationDate] as? Date
            let writtenMs = UInt64((written?.timeIntervalSince1970 ?? 0) * 1000)
            #expect(
                info.snapshotWrittenAtUnixMs > 0 && info.snapshotWrittenAtUnixMs <= writtenMs + 1)
            #expect(info.snapshotWrittenAtUnixMs + 1 >= writtenMs)
            #expect(info.snapshotWrittenAtUnixMs <= info.loadedAtUnixMs)
            #expect(warm.stop() == 0)
        }
    }

    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case edited, added, removed, touched
        var testDescription: String { rawValue }

        func apply(to corpus: String) throws {
            let file = corpus + "/\(SnapshotTests.knownID).txt"
            switch self {
            case .edited:
                let text = try String(contentsOfFile: file, encoding: .utf8)
                try (text + "\n\nQuokkasnapshot was added.\n").write(
                    toFile: file, atomically: false, encoding: .utf8)
            case .added:
                try "Quokkasnapshot arrives\n\nA new article about quokkasnapshot.\n".write(
                    toFile: corpus + "/zz_new.txt", atomically: false, encoding: .utf8)
            case .removed:
                try FileManager.default.removeItem(atPath: file)
            case .touched:
                // Same content, same modification time: only the change time moves.
                let attributes = try FileManager.default.attributesOfItem(atPath: file)
                try FileManager.default.setAttributes(
                    [.modificationDate: attributes[.modificationDate]!], ofItemAtPath: file)
            }
        }
    }

    @Test(
        "a changed corpus loads from the text and writes a new snapshot", arguments: Change.allCases
    )
    func changedCorpus(_ change: Change) async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            let corpus = try Self.makeCorpus(in: directory)
            let cache = directory.path("cache")
            try directory.makeDirectory("cache")
            let cold = try Self.coldStart(directory, corpus: corpus, cache: cache)
            try change.apply(to: corpus)
            Self.settle()

            let next = try Self.start(directory, corpus: corpus, cache: cache)
            try next.waitForLog("index snapshot written", timeout: .seconds(60))
            #expect(next.log.contains("index snapshot out of date: the corpus directory changed"))
            #expect(!next.log.contains("corpus loaded from snapshot"))
            let answers = try Self.answers(next)
            if change == .touched {
                #expect(answers == cold.answers)
            } else {
                #expect(answers != cold.answers)
                var search = SearchRequest()
                search.query = "quokkasnapshot"
                let found = try next.waitUntilServing().call(.search(search))
                guard case .search(let results)? = found.body else {
                    throw TestFailure("no search results: \(found)")
                }
                #expect(results.total == (change == .removed ? 0 : 1))
            }
            #expect(next.stop() == 0)
        }
    }

    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        case truncated, flippedByte, foreign
        var testDescription: String { rawValue }

        func apply(to path: String) throws {
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            switch self {
            case .truncated: bytes.removeLast(bytes.count / 3)
            case .flippedByte: bytes[bytes.count * 2 / 3] ^= 0x20
            case .foreign: bytes = Array("PK\u{3}\u{4} not a snapshot at all".utf8)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
    }

    @Test(
        "a damaged snapshot: a warning, a load from the text, the same answers",
        arguments: Damage.allCases)
    func damagedSnapshot(_ damage: Damage) async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            let corpus = try Self.makeCorpus(in: directory)
            let cache = directory.path("cache")
            try directory.makeDirectory("cache")
            let cold = try Self.coldStart(directory, corpus: corpus, cache: cache)
            let files = try FileManager.default.contentsOfDirectory(atPath: cache)
            #expect(files.count == 1 && files[0].hasSuffix(".snapshot"), "\(files)")
            try damage.apply(to: cache + "/" + files[0])

            let next = try Self.start(directory, corpus: corpus, cache: cache)
            try next.waitForLog("index snapshot written", timeout: .seconds(60))
            let warning = next.log.split(separator: "\n").first {
                $0.contains("index snapshot unusable")
            }
            #expect(warning?.contains("warning") == true, "\(next.log)")
            #expect(warning?.contains(files[0]) == true)
            #expect(!next.log.contains("corpus loaded from snapshot"))
            #expect(try Self.answers(next) == cold.answers)
            #expect(next.stop() == 0)
        }
    }

    @Test("a cache directory that cannot be written: a warning, and the daemon serves")
    func unwritableCacheDirectory() async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            let corpus = try Self.makeCorpus(in: directory)
            try directory.write("plain-file", "a file, not a directory")
            let daemon = try Self.start(
                directory, corpus: corpus, cache: directory.path("plain-file/cache"))
            try daemon.waitForLog("cannot write the index snapshot", timeout: .seconds(60))
            let line = daemon.log.split(separator: "\n").first {
                $0.contains("cannot write the index snapshot")
            }
            #expect(
                line?.contains("warning") == true && line?.contains("serving continues") == true)
            var search = SearchRequest()
            search.query = "nato"
            let response = try daemon.waitUntilServing().call(.search(search))
            guard case .search(let results)? = response.body else {
                throw TestFailure("no search results: \(response)")
            }
            #expect(results.total > 0)
            #expect(daemon.stop() == 0)
        }
    }

    @Test("a reload of an unchanged corpus uses the snapshot; after a change it loads the text")
    func reloads() async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            let corpus = try Self.makeCorpus(in: directory)
            let cache = directory.path("cache")
            try directory.makeDirectory("cache")
            let daemon = try Self.start(directory, corpus: corpus, cache: cache)
            try daemon.waitForLog("index snapshot written", timeout: .seconds(60))
            let client = try daemon.waitUntilServing()
            let first = try client.call(.reload(ReloadRequest(wait: true)))
            #expect("\(first)".contains("from snapshot"), "\(first)")
            try daemon.waitForLog("source=\"from snapshot\"")
            // The reloaded generation is fully ready too: its lookups came with the snapshot.
            try daemon.waitForLog("lookups and entity index restored from snapshot")

            try Change.added.apply(to: corpus)
            Self.settle()
            let second = try client.call(.reload(ReloadRequest(wait: true)))
            #expect(!"\(second)".contains("from snapshot"), "\(second)")
            try daemon.waitForLog("source=text")
            // The load from the text writes a new snapshot (the start wrote the first).
            let rewritten = eventually(within: .seconds(60)) {
                daemon.log.components(separatedBy: "index snapshot written").count - 1 >= 2
            }
            #expect(rewritten, "\(daemon.log)")
            #expect(daemon.stop() == 0)
        }
    }

    @Test("--no-cache neither reads nor writes a snapshot")
    func noCache() async throws {
        try await offPool {
            let directory = try TemporaryDirectory()
            let corpus = try Self.makeCorpus(in: directory)
            let cache = directory.path("cache")
            try directory.makeDirectory("cache")
            let daemon = try DaemonProcess(
                socketPath: directory.path("natoaz.sock"), corpus: corpus,
                arguments: ["--cache-dir", cache, "--no-cache"], logDirectory: directory.path)
            try daemon.waitForLog("entity index built", timeout: .seconds(60))
            #expect(!daemon.log.contains("snapshot"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: cache).isEmpty)
            #expect(daemon.stop() == 0)
        }
    }
}
