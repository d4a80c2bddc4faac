import Foundation
import NatoAzCorpus

// natoaz-search-bench: index build speed, index size and per-query latency, in-process.
//
//   swift run -c release natoaz-search-bench [--corpus DIR] [--synthetic N] [--iterations K]
//
// --corpus      articles to load (default: seeds)
// --synthetic   build a synthetic corpus of N documents from the loaded articles instead
// --iterations  runs per query (default 2000)
// --query-file  CLASS<TAB>QUERY lines (Benchmarks/queries.txt) instead of the built-in classes
// --dump FILE   write every query's total and its first two pages of hits (id, exact score,
//               snippet, highlights) to FILE, so two builds can be compared for identical results
// --only CLASS  run one class only (for profiling)

func argument(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
        return nil
    }
    return arguments[index + 1]
}

let directory = argument("--corpus") ?? "seeds"
let synthetic = argument("--synthetic").flatMap { Int($0) }
let iterations = argument("--iterations").flatMap { Int($0) } ?? 2_000
let clock = ContinuousClock()

/// CPU time of this thread, in µs: the machine is shared, so wall time alone would measure
/// the neighbours' load too.
func threadCPU() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) * 1e6 + Double(spec.tv_nsec) / 1e3
}

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

let corpus: Corpus
do {
    corpus = try CorpusLoader().load(directory: directory)
} catch {
    print("natoaz-search-bench: \(error)")
    exit(1)
}
var documents = corpus.documents
if let synthetic {
    var generator = SyntheticCorpus(seed: 42)
    documents = generator.documents(count: synthetic, from: corpus.documents)
}

// Build: repeat on small corpora so the time is measurable.
let builds = max(1, min(200, 2_000_000 / max(1, documents.reduce(0) { $0 + $1.text.utf8.count })))
var index: SearchIndex? = nil
let buildCPUStart = threadCPU()
let buildTime = clock.measure {
    for _ in 0..<builds {
        do {
            index = try SearchIndex(documents: documents)
        } catch {
            print("natoaz-search-bench: \(error)")
            exit(1)
        }
    }
}
let buildCPU = (threadCPU() - buildCPUStart) / Double(builds)
guard let index else { exit(1) }
let statistics = index.statistics
let perBuild = microseconds(buildTime) / Double(builds)
let megabytes = Double(statistics.textBytes) / 1_000_000
print(
    "documents \(statistics.documents), text \(statistics.textBytes) bytes, terms \(statistics.terms)"
)
print(
    String(
        format:
            "build: %.2f ms wall, %.2f ms CPU per build (%d builds): %.1f MB/s wall, %.1f MB/s CPU",
        perBuild / 1000, buildCPU / 1000, builds, megabytes / (perBuild / 1e6),
        megabytes / (buildCPU / 1e6)))
let bytesPerPosting = Double(statistics.postingBytes) / Double(statistics.postings)
let bytesPerOccurrence = Double(statistics.postingBytes) / Double(statistics.occurrences)
let bytesPerTextByte = Double(statistics.postingBytes) / Double(statistics.textBytes)
print(
    "postings \(statistics.postings), occurrences \(statistics.occurrences), posting bytes \(statistics.postingBytes)"
)
print(
    String(
        format: "%.2f B/posting, %.2f B/occurrence, %.3f posting bytes per text byte",
        bytesPerPosting, bytesPerOccurrence, bytesPerTextByte))
// The typo-tolerant walk's table of leading scalar pairs: 8 + 4 bytes per distinct pair.
var leadingPairs = 0
var previousPair: (Unicode.Scalar?, Unicode.Scalar?) = (nil, nil)
for term in index.dictionary.terms {
    var scalars = term.unicodeScalars.makeIterator()
    let pair = (scalars.next(), scalars.next())
    if pair != previousPair { leadingPairs += 1 }
    previousPair = pair
}
print("leading scalar pairs \(leadingPairs) (\(leadingPairs * 12) bytes in the fuzzy pair table)")

let queryFile = argument("--query-file")
let dumpPath = argument("--dump")
let builtInClasses: [(String, [String])] = [
    ("single word", ["nato", "afghanistan", "stoltenberg"]),
    ("two words", ["nato brussels", "president aliyev"]),
    ("phrase", ["\"resolute support\"", "\"head of state\""]),
    ("prefix", ["peacekeep*", "partner*"]),
    ("fuzzy", ["peacekepers", "Stoltenbreg"]),
    ("filtered", ["nato lang:en date:2021", "aliyev -lang:ru"]),
    ("cross-script", ["Столтенберг", "НАТО"]),
]

/// The classes of a `CLASS<TAB>QUERY` file, in first-seen order.
func classes(fromFile path: String) -> [(String, [String])] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        print("natoaz-search-bench: cannot read \(path)")
        exit(1)
    }
    var order: [String] = []
    var queries: [String: [String]] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let fields = line.split(separator: "\t", maxSplits: 1)
        guard fields.count == 2 else { continue }
        let name = String(fields[0])
        if queries[name] == nil { order.append(name) }
        queries[name, default: []].append(String(fields[1]))
    }
    return order.map { ($0, queries[$0]!) }
}

let only = argument("--only")
let classes = (queryFile.map(classes(fromFile:)) ?? builtInClasses).filter {
    only == nil || $0.0 == only
}

if let dumpPath {
    var out = ""
    for (name, queries) in classes {
        for query in queries {
            out += "\(name)\t\(query)\n"
            for page in [SearchOptions(limit: 10), SearchOptions(limit: 10, offset: 10)] {
                guard let results = try? index.search(query, options: page) else {
                    out += "  error\n"
                    continue
                }
                out += "  total \(results.total)\n"
                for hit in results.hits {
                    out += "  \(hit.docID) \(hit.score.bitPattern) \(hit.snippetStart) "
                    out += hit.highlights.map { "\($0.start)-\($0.end)" }.joined(separator: ",")
                    out +=
                        " "
                        + hit.titleHighlights.map { "\($0.start)-\($0.end)" }
                        .joined(separator: ",")
                    out += " \(hit.snippet)\n"
                }
            }
        }
    }
    do {
        try out.write(toFile: dumpPath, atomically: true, encoding: .utf8)
    } catch {
        print("natoaz-search-bench: cannot write \(dumpPath): \(error)")
        exit(1)
    }
    print("results written to \(dumpPath)")
}
print("query class     p50 wall  p99 wall   p50 CPU   p99 CPU  (µs)   hits (total)")
for (name, queries) in classes {
    var samples: [Double] = []
    var cpuSamples: [Double] = []
    var totals: [Int] = []
    for query in queries {
        totals.append((try? index.search(query).total) ?? -1)
        guard iterations > 0 else { continue }
        for _ in 0..<iterations {
            let cpu = threadCPU()
            let elapsed = clock.measure { _ = try? index.search(query) }
            cpuSamples.append(threadCPU() - cpu)
            samples.append(microseconds(elapsed))
        }
    }
    guard !samples.isEmpty else { continue }
    samples.sort()
    cpuSamples.sort()
    func percentile(_ values: [Double], _ p: Int) -> Double {
        values[min(values.count - 1, values.count * p / 100)]
    }
    print(
        name.padding(toLength: 14, withPad: " ", startingAt: 0)
            + String(
                format: "%10.1f%10.1f%10.1f%10.1f         ", percentile(samples, 50),
                percentile(samples, 99), percentile(cpuSamples, 50), percentile(cpuSamples, 99))
            + (queryFile == nil
                ? totals.map(String.init).joined(separator: ", ")
                : "mean \(totals.reduce(0, +) / max(1, totals.count)) over \(totals.count) queries")
    )
}
