// Corpus loading, text normalisation, index build, each query class and snippets, on a
// synthetic corpus written once per run by NatoAzBenchKit (the generator behind
// `natoaz-bench generate`), so every machine measures the same text.
import Benchmark
import NatoAzBenchKit
import NatoAzCorpus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// 1,000 articles (about 2.5 MB) in a fresh temporary directory, written once per process.
private let corpusDirectory: String = {
    var template = Array("/tmp/natoaz-benchmarks-XXXXXX".utf8CString)
    let root = template.withUnsafeMutableBufferPointer {
        String(cString: mkdtemp($0.baseAddress!)!)
    }
    let directory = root + "/corpus"
    do {
        _ = try CorpusGenerator(options: .init(articles: 1_000, seed: 1, directory: directory))
            .run()
    } catch {
        fatalError("cannot write the benchmark corpus: \(error)")
    }
    return directory
}()

private let corpus: Corpus = {
    do { return try CorpusLoader().load(directory: corpusDirectory) } catch {
        fatalError("cannot load the benchmark corpus: \(error)")
    }
}()

private let index: SearchIndex = {
    do { return try SearchIndex(documents: corpus.documents) } catch {
        fatalError("cannot index the benchmark corpus: \(error)")
    }
}()
private let queries = QueryGenerator(seed: 1).queries(perClass: 20)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
        maxDuration: .seconds(3), maxIterations: 100_000)

    Benchmark(
        "Corpus load: 1k synthetic articles", configuration: .init(maxIterations: 20)
    ) { benchmark in
        let directory = corpusDirectory
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try CorpusLoader().load(directory: directory))
        }
    }

    Benchmark("Index build: 1k synthetic articles", configuration: .init(maxIterations: 20)) {
        benchmark in
        let documents = corpus.documents
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try SearchIndex(documents: documents)) }
    }

    Benchmark("Folding: 1000 words of mixed scripts", configuration: .init(scalingFactor: .kilo)) {
        benchmark in
        let words = corpus.documents.prefix(50).flatMap { $0.text.split(separator: " ") }.prefix(
            1_000)
        benchmark.startMeasurement()
        for _ in 0..<max(1, benchmark.scaledIterations.count / 1_000) {
            for word in words { blackHole(Folding.fold(word)) }
        }
    }

    for queryClass in QueryClass.allCases {
        let texts = queries.filter { $0.queryClass == queryClass }.map(\.text)
        Benchmark("Search \(queryClass.rawValue): 20 queries, 1k articles") { benchmark in
            _ = index
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for text in texts { blackHole(try? index.search(text)) }
            }
        }
    }

    // Snippets: the same single-word queries with and without snippet generation.
    let singles = queries.filter { $0.queryClass == .single }.map(\.text)
    Benchmark("Snippets: single-word queries with snippets") { benchmark in
        _ = index
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for text in singles {
                blackHole(try? index.search(text, options: SearchOptions(snippets: true)))
            }
        }
    }
    Benchmark("Snippets: single-word queries without snippets") { benchmark in
        _ = index
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for text in singles {
                blackHole(try? index.search(text, options: SearchOptions(snippets: false)))
            }
        }
    }
}
