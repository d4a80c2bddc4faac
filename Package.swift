// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// Release executables link the Swift runtime and FoundationEssentials statically; GNU ld then
// warns about glibc functions FoundationEssentials references (mktemp, getpwnam_r...) that
// natoaz never calls. lld, shipped with the toolchain, links the same binaries without them.
let releaseLinkedWithLLD: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld"], .when(configuration: .release))
]

let package = Package(
    name: "natoaz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "natoazd", targets: ["natoazd"]),
        .executable(name: "natoazctl", targets: ["natoazctl"]),
        .executable(name: "natoaz-bench", targets: ["natoaz-bench"]),
        .executable(name: "natoaz-corpus", targets: ["natoaz-corpus"]),
        .library(name: "NatoAzProtocol", targets: ["NatoAzProtocol"]),
        .library(name: "NatoAzCorpus", targets: ["NatoAzCorpus"]),
        .library(name: "NatoAzServer", targets: ["NatoAzServer"]),
        // For Benchmarks/ (a separate package): the synthetic corpus and query generator.
        .library(name: "NatoAzBenchKit", targets: ["NatoAzBenchKit"]),
        .library(name: "NatoAzClient", targets: ["NatoAzClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(
            url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
    ],
    targets: [
        // C libraries from Debian, linked from their module maps.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CUTF8Proc", providers: [.apt(["libutf8proc-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        // Header-only: the prefetch hint the index build asks for its table lines ahead with.
        .systemLibrary(name: "CPrefetch"),
        // preadv2(RWF_NOWAIT), which the Glibc module hides behind _GNU_SOURCE (no library).
        .systemLibrary(name: "CPageCache"),
        // Where /proc is not mounted: natoazctl takes argv from glibc and names the Swift
        // runtime's backtracer; natoazd stops at once with a message (each needs /proc else).
        .target(name: "CProcessStart"),
        .target(name: "CDaemonStart"),

        // The wire contract: frames, messages, zstd. No NIO, no Foundation.
        .target(name: "NatoAzProtocol", dependencies: ["CZstd"], swiftSettings: strict),

        // Parsing, text analysis, index and queries over an immutable corpus.
        .target(
            name: "NatoAzCorpus",
            dependencies: ["CZstd", "CUTF8Proc", "CStemmer", "CPrefetch", "CPageCache"],
            swiftSettings: strict
        ),

        // The SwiftNIO daemon as a library, so tests can drive it in-process too.
        .target(
            name: "NatoAzServer",
            dependencies: [
                "NatoAzProtocol",
                "NatoAzCorpus",
                "CZstd",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Atomics", package: "swift-atomics"),
            ],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "natoazd",
            dependencies: [
                "CDaemonStart",
                "NatoAzServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict,
            linkerSettings: releaseLinkedWithLLD
        ),
        // Blocking POSIX client (socket, poll) and plain-text output helpers for natoazctl and
        // tools: no NIO, no Foundation, so a client starts in milliseconds.
        .target(name: "NatoAzClient", dependencies: ["NatoAzProtocol"], swiftSettings: strict),

        // The thin client: no NIO, no Foundation, so it starts in milliseconds.
        .executableTarget(
            name: "natoazctl",
            dependencies: [
                "CProcessStart",
                "NatoAzClient",
                "NatoAzProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            // Release builds are fully static executables: no dynamic loader, no symbol
            // relocations against libc and libstdc++ at every start. That halves natoazctl's
            // start-up time (BENCHMARKS.md, "natoazctl start-up"); it only ever calls libc
            // functions that work statically linked (no NSS, no dlopen). lld (shipped with the
            // toolchain) links it: GNU ld printed six warnings about getpwnam_r, dlopen and
            // mktemp, which FoundationEssentials references and natoazctl never calls; start-up
            // measured the same (BENCHMARKS.md).
            linkerSettings: [
                .unsafeFlags(["-static-executable", "-use-ld=lld"], .when(configuration: .release))
            ]
        ),
        // The benchmark tool's logic (corpus generator, load driver), testable apart from its CLI.
        .target(
            name: "NatoAzBenchKit",
            dependencies: [
                "NatoAzProtocol",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "natoaz-bench",
            dependencies: [
                "NatoAzBenchKit",
                "NatoAzProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strict,
            linkerSettings: releaseLinkedWithLLD
        ),

        // Measures index build and query times in-process (numbers in BENCHMARKS.md).
        .executableTarget(
            name: "natoaz-search-bench",
            dependencies: ["NatoAzCorpus", "NatoAzBenchKit"],
            swiftSettings: strict,
            linkerSettings: releaseLinkedWithLLD
        ),

        // Loads a corpus directory as natoazd does: checks a corpus, measures load throughput.
        .executableTarget(
            name: "natoaz-corpus",
            dependencies: [
                "NatoAzCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            linkerSettings: releaseLinkedWithLLD
        ),

        // What the test targets share: package paths, temporary directories, subprocesses,
        // Unix sockets and the real natoazd as a child process (Foundation only).
        .target(name: "NatoAzTestSupport", path: "Tests/Support", swiftSettings: strict),
        .testTarget(
            name: "NatoAzProtocolTests",
            dependencies: ["NatoAzProtocol", "NatoAzTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NatoAzCorpusTests",
            dependencies: [
                "NatoAzCorpus", "NatoAzBenchKit", "NatoAzTestSupport", "CUTF8Proc", "CPageCache",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "NatoAzServerTests",
            dependencies: [
                "NatoAzServer", "NatoAzProtocol", "NatoAzCorpus", "NatoAzTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "natoazctlTests",
            dependencies: [
                "NatoAzBenchKit", "NatoAzClient", "NatoAzProtocol", "NatoAzTestSupport",
                "natoazctl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The real natoazd process against hostile clients, load with reloads, and faults
        // (Tests/HostileClientTests; natoazd must be built: `make test` runs `swift build`).
        .testTarget(
            name: "HostileClientTests",
            dependencies: ["CZstd", "NatoAzBenchKit", "NatoAzProtocol", "NatoAzTestSupport"],
            swiftSettings: strict
        ),
        // The unit files under systemd/, judged by the real systemd tools.
        .testTarget(
            name: "SystemdTests", dependencies: ["NatoAzTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "NatoAzBenchKitTests", dependencies: ["NatoAzBenchKit", "NatoAzCorpus"],
            swiftSettings: strict),
    ]
)
