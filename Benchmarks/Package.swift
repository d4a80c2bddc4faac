// swift-tools-version:6.1
// In-process benchmarks of natoaz's hot paths, with ordo-one/package-benchmark.
// A separate package so `make test` never builds them: run `make bench`
// (= `cd Benchmarks && swift package benchmark`). Results: ../BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "natoaz-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "natoaz", path: ".."),
        // The malloc interposer counts allocations; the runtime interposer (a default trait on
        // Linux with Swift 6.3) is left out.
        .package(
            url: "https://github.com/ordo-one/package-benchmark.git", exact: "1.38.1",
            traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ProtocolBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "NatoAzProtocol", package: "natoaz"),
            ],
            path: "Benchmarks/ProtocolBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "CorpusBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "NatoAzCorpus", package: "natoaz"),
                .product(name: "NatoAzBenchKit", package: "natoaz"),
            ],
            path: "Benchmarks/CorpusBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
