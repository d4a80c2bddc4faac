import Foundation
import NatoAzTestSupport

enum CorpusFixtures {
    /// A corpus of `copies` copies of each seed (distinct file names), big enough that
    /// loading it takes a noticeable time (about 10 ms per file in a debug build): for tests
    /// that need a request in flight.
    /// Adds `copies` copies of each seed to `destination` (created if needed).
    @discardableResult
    static func largeCorpus(in destination: String, copies: Int) throws -> String {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let seeds = try fileManager.contentsOfDirectory(atPath: PackagePaths.seeds)
            .filter { $0.hasSuffix(".txt") }
        for seed in seeds {
            let text = try Data(contentsOf: URL(fileURLWithPath: PackagePaths.seeds + "/" + seed))
            for copy in 0..<copies {
                let name = "\(seed.dropLast(4))_\(copy).txt"
                try text.write(to: URL(fileURLWithPath: destination + "/" + name))
            }
        }
        return destination
    }
}
