import Testing

@testable import NatoAzBenchKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Corpus generator on disk")
struct CorpusGeneratorTests {
    /// A fresh directory under the system temporary directory, removed by the caller.
    private func temporaryDirectory() -> String {
        var template = Array("/tmp/natoaz-gen-test-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: path!)
    }

    private func remove(_ directory: String) {
        for name in (try? Files.names(in: directory)) ?? [] { unlink(directory + "/" + name) }
        rmdir(directory)
    }

    @Test("a smaller corpus is a prefix of a larger one, byte for byte, whatever the workers")
    func prefixProperty() throws {
        // The generator must create the output directory itself, so each goes one level down.
        let smallRoot = temporaryDirectory()
        let largeRoot = temporaryDirectory()
        let small = smallRoot + "/c"
        let large = largeRoot + "/c"
        defer {
            remove(small)
            remove(large)
            rmdir(smallRoot)
            rmdir(largeRoot)
        }
        let first = try CorpusGenerator(
            options: .init(articles: 20, seed: 3, directory: small, workers: 1)
        ).run()
        let second = try CorpusGenerator(
            options: .init(articles: 300, seed: 3, directory: large, workers: 3)
        ).run()
        #expect(first.articles == 20 && second.articles == 300)
        let smallNames = try Files.names(in: small).sorted()
        #expect(smallNames.count == 20)
        #expect(try Files.names(in: large).count == 300)
        for name in smallNames {
            #expect(try Files.read(small + "/" + name) == Files.read(large + "/" + name))
        }
        #expect(first.languages.map(\.articles).reduce(0, +) == 20)
        #expect(
            first.bytes
                == smallNames.reduce(0) { $0 + ((try? Files.read(small + "/" + $1).count) ?? 0) })
    }

    @Test("the manifest lists every article in id order with what it states")
    func manifest() throws {
        let root = temporaryDirectory()
        let directory = root + "/corpus"
        let manifest = root + "/manifest.tsv"
        defer {
            unlink(manifest)
            remove(directory)
            rmdir(root)
        }
        _ = try CorpusGenerator(
            options: .init(articles: 40, seed: 9, directory: directory, manifest: manifest)
        ).run()
        let lines = String(decoding: try Files.read(manifest), as: UTF8.self)
            .split(separator: "\n")
        #expect(lines.first.map(String.init) == ArticleRecord.manifestHeader)
        #expect(lines.count == 41)
        let ids = lines.dropFirst().map { String($0.split(separator: "\t")[0]) }
        #expect(ids == ids.sorted())
        #expect(Set(ids.map { $0 + ".txt" }) == Set(try Files.names(in: directory)))
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == 6)
            let size = try Files.read(directory + "/" + fields[0] + ".txt").count
            #expect(Int(fields[4]) == size)
        }
    }

    @Test("a non-empty output directory is refused with a reason, and nothing is written")
    func refusesNonEmptyDirectory() throws {
        let directory = temporaryDirectory()
        defer { remove(directory) }
        try Files.write(Array("mine".utf8), to: directory + "/keep.txt")
        let error = #expect(throws: GeneratorError.self) {
            try CorpusGenerator(options: .init(articles: 5, seed: 1, directory: directory)).run()
        }
        #expect(error?.description.contains("is not empty") == true)
        #expect(error?.description.contains("keep.txt") == true)
        #expect(try Files.names(in: directory) == ["keep.txt"])
    }

    @Test("an output path under a regular file is a clear error")
    func unwritableDirectory() throws {
        let directory = temporaryDirectory()
        defer { remove(directory) }
        try Files.write([], to: directory + "/file")
        let error = #expect(throws: GeneratorError.self) {
            try CorpusGenerator(
                options: .init(articles: 5, seed: 1, directory: directory + "/file/x")
            ).run()
        }
        #expect(error?.description.contains(directory + "/file") == true)
    }
}
