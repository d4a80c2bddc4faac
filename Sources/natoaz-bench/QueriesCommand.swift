import ArgumentParser
import NatoAzBenchKit

/// `natoaz-bench queries`: writes a query file whose queries have answers in the synthetic corpus.
struct QueriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries",
        abstract: "Write a query file (CLASS<TAB>QUERY per line) for the synthetic corpus."
    )

    @Option(help: "Queries per class.")
    var perClass: Int = 50

    @Option(help: "Seed; the same seed gives the same queries.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...100_000).contains(perClass) else {
            throw ValidationError("--per-class must be between 1 and 100000.")
        }
    }

    func run() throws {
        print(QueryGenerator(seed: seed).file(perClass: perClass), terminator: "")
    }
}
