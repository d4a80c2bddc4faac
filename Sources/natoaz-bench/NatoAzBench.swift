import ArgumentParser

/// `natoaz-bench`: drives a running natoazd, and writes the synthetic inputs benchmarks use.
@main
struct NatoAzBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "natoaz-bench",
        abstract: "Load generator and synthetic corpus writer for natoazd benchmarks.",
        subcommands: [RunCommand.self, GenerateCommand.self, QueriesCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
