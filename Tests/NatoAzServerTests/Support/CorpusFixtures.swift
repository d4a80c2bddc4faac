import Foundation
import NatoAzTestSupport

enum CorpusFixtures {
    /// A corpus of `copies` copies of each seed (distinct file names), big enough that
    /// loading it takes a noticeable time: for tests that need a request in flight.
    /// Adds `copies` copies of each seed to `destination` (created if needed), each copy
    /// the seed's text `repeats` times over (more text without more files, whose writing
    /// and removal cost the test several milliseconds each).
    @discardableResult
    static func largeCorpus(in destination: String, copies: Int, repeats: Int = 1) throws
        -> String
    {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let seeds = try fileManager.contentsOfDirectory(atPath: PackagePaths.seeds)
            .filter { $0.hasSuffix(".txt") }
        for seed in seeds {
            let seedText = try Data(
                contentsOf: URL(fileURLWithPath: PackagePaths.seeds + "/" + seed))
            var text = seedText
            for _ in 1..<max(1, repeats) { text += Data("\n\n".utf8) + seedText }
            for copy in 0..<copies {
                let name = "\(seed.dropLast(4))_\(copy).txt"
                try text.write(to: URL(fileURLWithPath: destination + "/" + name))
            }
        }
        return destination
    }
}
