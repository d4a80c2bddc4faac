import Foundation
import NatoAzCorpus
import NatoAzTestSupport
import Testing

/// Which directory entries are articles, what a bad file or a bad directory does, and that
/// parallel loading gives the same corpus as sequential loading.
@Suite struct DirectoryLoadingTests {
    @Test func everyEntryIsLoadedRejectedOrIgnoredAndOneBadFileStopsNothing() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        try directory.write("good-1.txt", "First article\n\nText one.")
        try directory.write("empty.txt", "")
        try directory.write("binary.txt", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01])
        try directory.write("good-2.TXT", "Second article\n\nText two.")
        try directory.write("entities.tsv", "NATO\tNorth Atlantic Treaty Organization\n")
        try directory.write("notes.md", "# notes")
        try directory.write("good-1.txt~", "editor backup")
        try directory.write(".hidden.txt", "Hidden\n\nText.")
        try directory.makeDirectory("archive")
        try directory.makeDirectory("folder.txt")
        #expect(mkfifo(directory.path + "/pipe.txt", 0o600) == 0)

        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.documents.map(\.id) == ["good-1", "good-2"])
        #expect(corpus.document(id: "good-2")?.paragraphs == ["Text two."])
        #expect(corpus.document(id: "empty") == nil)
        #expect(
            corpus.report.rejected == [
                RejectedFile(
                    file: "binary.txt", reason: .binaryNUL(offset: 4, looksLikeUTF16: false)),
                RejectedFile(file: "empty.txt", reason: .empty),
                RejectedFile(file: "folder.txt", reason: .notRegularFile(kind: "directory")),
                RejectedFile(file: "pipe.txt", reason: .notRegularFile(kind: "FIFO")),
            ])
        #expect(
            corpus.report.ignored == [
                IgnoredFile(file: ".hidden.txt", why: "hidden file"),
                IgnoredFile(file: "archive", why: "directory (not searched)"),
                IgnoredFile(file: "entities.tsv", why: "not a .txt file"),
                IgnoredFile(file: "good-1.txt~", why: "not a .txt file"),
                IgnoredFile(file: "notes.md", why: "not a .txt file"),
            ])
        #expect(corpus.report.loaded == 2)
        #expect(corpus.report.problemLines.count == 9)
        #expect(
            corpus.report.problemLines.contains(
                "empty.txt: rejected: empty file (0 bytes); add article text or remove the file"))
    }

    /// A socket cannot be opened (ENXIO): it is not a regular file, like a FIFO, whether
    /// named directly or through a link; it was "cannot read: No such device or address".
    @Test func socketsAreNotRegularFiles() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        try directory.write("real.txt", "Real article\n\nText.")
        let listener = try UnixSocket.bind(directory.path("socket.txt"), listen: 1)
        defer { close(listener) }
        #expect(symlink("socket.txt", directory.path("linked.txt")) == 0)
        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.documents.map(\.id) == ["real"])
        #expect(
            corpus.report.rejected == [
                RejectedFile(file: "linked.txt", reason: .notRegularFile(kind: "socket")),
                RejectedFile(file: "socket.txt", reason: .notRegularFile(kind: "socket")),
            ])
    }

    @Test func brokenSymbolicLinksAreRejectedWithWhatToDo() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        try directory.write("real.txt", "Real article\n\nText.")
        #expect(symlink("real.txt", directory.path("linked.txt")) == 0)
        #expect(symlink(directory.path("missing"), directory.path("dangling.txt")) == 0)
        #expect(symlink("loop.txt", directory.path("loop.txt")) == 0)
        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.documents.map(\.id) == ["linked", "real"])  // a good link loads
        let reasons = Dictionary(
            uniqueKeysWithValues: corpus.report.rejected.map { ($0.file, "\($0.reason)") })
        #expect(reasons.keys.sorted() == ["dangling.txt", "loop.txt"])
        #expect(reasons["dangling.txt"]?.contains("symbolic link to a missing file") == true)
        #expect(reasons["loop.txt"]?.contains("symbolic link loop") == true)
        #expect(reasons.values.allSatisfy { !$0.contains("permissions") })
    }

    /// Someone who can write the corpus directory must not publish, through the daemon, a
    /// file they cannot read: a link is followed only when root or the file's owner made it.
    @Test(.enabled(if: geteuid() == 0, "making links owned by other uids needs root"))
    func symbolicLinksAreFollowedOnlyWhenRootOrTheFilesOwnerMadeThem() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        let other: uid_t = 65534
        try directory.write("roots.txt", "Root's article\n\nText.")  // owned by root
        try directory.write("others.txt", "Other's article\n\nText.")
        #expect(chown(directory.path("others.txt"), other, gid_t(other)) == 0)
        #expect(symlink("roots.txt", directory.path("planted.txt")) == 0)
        #expect(lchown(directory.path("planted.txt"), other, gid_t(other)) == 0)
        #expect(symlink(directory.path("others.txt"), directory.path("own.txt")) == 0)
        #expect(lchown(directory.path("own.txt"), other, gid_t(other)) == 0)
        #expect(symlink("others.txt", directory.path("by-root.txt")) == 0)

        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.documents.map(\.id) == ["by-root", "others", "own", "roots"])
        #expect(
            corpus.report.rejected == [
                RejectedFile(
                    file: "planted.txt",
                    reason: .symbolicLinkOwner(linkOwner: other, fileOwner: 0))
            ])
        #expect(
            corpus.report.problemLines.contains {
                $0.hasPrefix("planted.txt: rejected: symbolic link owned by uid 65534 points to")
            })
    }

    @Test func sameIDFromTwoFileNamesLoadsTheFirstAndRejectsTheOther() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        try directory.write("a.txt", "Lower case.")
        try directory.write("a.TXT", "Upper case.")
        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.documents.map(\.paragraphs) == [["Upper case."]])  // "a.TXT" sorts first
        #expect(
            corpus.report.rejected == [
                RejectedFile(file: "a.txt", reason: .duplicateID(keptFile: "a.TXT"))
            ])
    }

    /// `café` composed (U+00E9) and decomposed (e + U+0301) are one id to every lookup: both
    /// loaded, `get` could reach only one of them (found by session 18's load work).
    @Test func sameIDInTwoUnicodeFormsLoadsTheFirstAndRejectsTheOther() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        let composed = "caf\u{E9}.txt"
        let decomposed = "cafe\u{301}.txt"
        try directory.write(composed, "Composed.")
        try directory.write(decomposed, "Decomposed.")
        try directory.write("other.txt", "Other.")
        let corpus = try CorpusLoader().load(directory: directory.path)
        // "cafe" + U+0301 sorts first in bytes: 0x65 before 0xC3.
        #expect(corpus.documents.map(\.paragraphs) == [["Decomposed."], ["Other."]])
        // Strings compare the two forms equal, so the names are compared as bytes.
        #expect(corpus.report.rejected.map { Array($0.file.utf8) } == [Array(composed.utf8)])
        guard case .duplicateID(let kept) = corpus.report.rejected.first?.reason else {
            Issue.record("not rejected as a duplicate id: \(corpus.report.rejected)")
            return
        }
        #expect(Array(kept.utf8) == Array(decomposed.utf8))
        // The names print alike: the report says why they are one id.
        #expect(corpus.report.problemLines.contains { $0.contains("composed and decomposed") })
    }

    /// Ids sort otherwise than file names when a name has a byte below `.` before its
    /// extension: the corpus is in id order all the same.
    @Test func documentsAreInIDOrderWhenFileNamesSortOtherwise() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        for name in ["a.txt", "a-b.txt", "a.b.txt", "b.txt"] {
            try directory.write(name, "Text of \(name).")
        }
        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.documents.map(\.id) == ["a", "a-b", "a.b", "b"])
        #expect(
            corpus.documents.map(\.paragraphs) == [
                ["Text of a.txt."], ["Text of a-b.txt."], ["Text of a.b.txt."], ["Text of b.txt."],
            ])
    }

    @Test func fileNameThatIsNotUTF8IsRejected() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        let name: [UInt8] = [0x6E, 0xE9, 0x2E, 0x74, 0x78, 0x74]  // "n\xE9.txt"
        let path = Array(directory.path.utf8) + [0x2F] + name + [0]
        let descriptor = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                open($0.baseAddress!, O_CREAT | O_WRONLY, 0o600)
            }
        }
        #expect(descriptor >= 0)
        _ = write(descriptor, "Text.", 5)
        close(descriptor)
        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.documents.isEmpty)
        #expect(corpus.report.rejected.map(\.reason) == [.invalidFileName])
    }

    @Test func fileNameWithANewlineIsRejectedAndShownSafely() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        try directory.write("evil\nname.txt", "Text.")
        try directory.write("fine.txt", "Text.")
        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.documents.map(\.id) == ["fine"])
        #expect(
            corpus.report.rejected == [
                RejectedFile(file: "evil?name.txt", reason: .invalidFileName)
            ])
    }

    @Test(.enabled(if: geteuid() != 0, "root reads files whatever their mode"))
    func unreadableFileIsRejectedWithTheSystemError() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        try directory.write("secret.txt", "Text.")
        chmod(directory.path + "/secret.txt", 0)
        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.report.rejected.map(\.reason.code) == ["unreadable"])
    }

    @Test func missingDirectoryIsAClearError() throws {
        let path = "/nonexistent/natoaz-corpus"
        let error = #expect(throws: CorpusError.self) {
            try CorpusLoader().load(directory: path)
        }
        #expect(error?.kind == .directoryNotFound)
        #expect(error?.description.contains(path) == true)
    }

    @Test func fileGivenAsDirectoryIsAClearError() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        try directory.write("a.txt", "Text.")
        let error = #expect(throws: CorpusError.self) {
            try CorpusLoader().load(directory: directory.path + "/a.txt")
        }
        #expect(error?.kind == .notADirectory)
    }

    @Test func emptyDirectoryLoadsAnEmptyCorpus() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        let corpus = try CorpusLoader().load(directory: directory.path)
        #expect(corpus.documents.isEmpty)
        #expect(corpus.report.loaded == 0)
    }

    @Test func parallelLoadingGivesTheSameCorpusAsSequentialLoading() throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: seedsDirectory).sorted()
            .filter { $0.hasSuffix(".txt") }  // not the alias table
        for copy in 0..<40 {
            let seed = seeds[copy % seeds.count]
            let data = try Data(contentsOf: URL(fileURLWithPath: seedsDirectory + "/" + seed))
            try directory.write(String(format: "%03d-%@", copy, seed), bytes: Array(data))
        }
        try directory.write("zz-empty.txt", "")
        let sequential = try CorpusLoader(options: LoadOptions(parallelism: 1))
            .load(directory: directory.path)
        let parallel = try CorpusLoader(options: LoadOptions(parallelism: 4))
            .load(directory: directory.path)
        #expect(sequential.documents.count == 40)
        #expect(parallel.documents == sequential.documents)
        #expect(parallel.report.rejected == sequential.report.rejected)
        #expect(parallel.report.bytesRead == sequential.report.bytesRead)
    }

    /// Each document's body is its file's, however the files before it fared and whatever
    /// order the ids sort in: the loader points each body at its file's slot while it parses
    /// and renumbers them once the rejected files are dropped and the ids sorted. The
    /// reference is each file loaded alone.
    @Test(arguments: [false, true])
    func bodiesStayWithTheirDocumentsAcrossRejectedFilesAndIDOrder(idsOutOfOrder: Bool) throws {
        let directory = try TemporaryDirectory("natoaz-corpus")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: seedsDirectory).sorted()
            .filter { $0.hasSuffix(".txt") }
        var files: [String: [UInt8]] = [:]
        for copy in 0..<60 {
            // Names like `a007.txt` and `a007-x.txt` sort as files one way and as ids the other.
            let second = copy % 2 == 1
            let name =
                String(format: "a%03d", copy / 2)
                + (second ? (idsOutOfOrder ? "-x.txt" : "x.txt") : ".txt")
            let bytes: [UInt8]
            switch copy % 7 {
            case 3: bytes = []  // rejected: empty
            case 5: bytes = Array(" \n\t\n".utf8)  // rejected: whitespace only
            default:
                let seed = seeds[copy % seeds.count]
                let data = try Data(contentsOf: URL(fileURLWithPath: seedsDirectory + "/" + seed))
                bytes = Array(data) + Array("\n\nCopy \(copy).".utf8)
            }
            files[name] = bytes
            try directory.write(name, bytes: bytes)
        }
        let corpus = try CorpusLoader(options: LoadOptions(parallelism: 3))
            .load(directory: directory.path)
        #expect(corpus.report.rejected.count == 17)
        #expect(corpus.documents.count == 43)
        #expect(corpus.documents.map(\.id) == corpus.documents.map(\.id).sorted())
        for document in corpus.documents {
            let alone = try loadSingle(files[document.id + ".txt"]!, name: document.id + ".txt")
            #expect(document == alone.document)
        }
        corpus.compressBodies(parallelism: 2)
        for document in corpus.documents {
            let alone = try loadSingle(files[document.id + ".txt"]!, name: document.id + ".txt")
            #expect(document.text == alone.document?.text)
        }
    }
}
