import Testing

@testable import NatoAzBenchKit

@Suite("Benchmark query files")
struct QueryFileTests {
    @Test("the generator writes distinct queries of every class, and they parse back")
    func roundTrip() throws {
        let generator = QueryGenerator(seed: 1)
        let file = generator.file(perClass: 20)
        let queries = try BenchmarkQuery.parseFile(file, name: "generated")
        #expect(queries == generator.queries(perClass: 20))
        for queryClass in QueryClass.allCases {
            let ofClass = queries.filter { $0.queryClass == queryClass }
            #expect(ofClass.count == 20, "\(queryClass)")
            #expect(Set(ofClass).count == ofClass.count)
        }
        #expect(
            queries.filter { $0.queryClass == .phrase }.allSatisfy {
                $0.text.hasPrefix("\"") && $0.text.hasSuffix("\"")
            })
        #expect(queries.filter { $0.queryClass == .prefix }.allSatisfy { $0.text.hasSuffix("*") })
        #expect(
            queries.filter { $0.queryClass == .filtered }.allSatisfy {
                $0.text.hasPrefix("lang:") || $0.text.hasPrefix("date:")
            })
        #expect(generator.file(perClass: 20) == QueryGenerator(seed: 1).file(perClass: 20))
    }

    @Test("query words occur in a corpus of the same generator")
    func queriesHaveAnswers() {
        let composer = ArticleComposer(seed: 1)
        var text = ""
        var buffer: [UInt8] = []
        var seen = VocabularyCoverage(languages: 4, ranks: composer.ranks.rankCount)
        for index in 0..<400 {
            _ = composer.compose(index: index, into: &buffer, seen: &seen)
            text += String(decoding: buffer, as: UTF8.self).lowercased()
        }
        let singles = QueryGenerator(seed: 1).queries(perClass: 30).filter {
            $0.queryClass == .single
        }
        let found = singles.filter { text.contains($0.text.lowercased()) }
        // Rare words only occur in larger corpora, like real users' rarer queries.
        #expect(found.count * 2 >= singles.count, "\(found.count) of \(singles.count) found")
    }

    @Test("a bad line names the file, the line and the problem")
    func errors() {
        let unknown = #expect(throws: QueryFileError.self) {
            try BenchmarkQuery.parseFile("# c\nsingle\tnato\nsingel\tnato\n", name: "q.txt")
        }
        #expect(unknown?.description.hasPrefix("q.txt:3: unknown class 'singel'") == true)
        let noTab = #expect(throws: QueryFileError.self) {
            try BenchmarkQuery.parseFile("nato\n", name: "q.txt")
        }
        #expect(noTab?.description == "q.txt:1: expected CLASS<TAB>QUERY, found no tab")
        let empty = #expect(throws: QueryFileError.self) {
            try BenchmarkQuery.parseFile("# nothing\n\n", name: "q.txt")
        }
        #expect(empty?.description == "q.txt: no queries in the file")
    }
}

@Suite("The committed query file")
struct CommittedQueryFileTests {
    @Test("Benchmarks/queries.txt is what `natoaz-bench queries --per-class 50 --seed 1` writes")
    func upToDate() throws {
        let root = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
        let committed = try Files.read("/" + root + "/Benchmarks/queries.txt")
        #expect(
            String(decoding: committed, as: UTF8.self)
                == QueryGenerator(seed: 1).file(perClass: 50),
            "regenerate: natoaz-bench queries --per-class 50 --seed 1 > Benchmarks/queries.txt")
    }
}
