import ArgumentParser
import Glibc
import NatoAzClient

/// The natoazctl root command: one subcommand per natoazd lookup, plus batch.
@main
struct NatoAzCtl: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "natoazctl",
        abstract: "Query natoazd, the NATO-Azerbaijan news corpus daemon.",
        discussion: """
            Prints aligned tables on a terminal (matches in bold unless NO_COLOR is set), \
            plain text when piped, and JSON Lines (one object per result) with --json.

            \(ExitStatus.documentation)
            """,
        version: version,
        subcommands: [
            Ping.self, Info.self, Describe.self, Search.self, Get.self, Kwic.self, Terms.self,
            Collocations.self, Suggest.self, Entities.self, Timeline.self, Similar.self,
            Stats.self, Reload.self, Batch.self,
        ]
    )

    /// With no subcommand there is nothing to do: show the help on stderr, as a usage error.
    func run() throws {
        writeAll(Array((Self.helpMessage() + "\n").utf8), to: STDERR_FILENO)
        throw ExitCode(ExitStatus.failure)
    }

    /// Runs the command line and exits with natoazctl's documented status.
    static func main() {
        StandardStreams.occupyClosed()
        Glibc.exit(run(ProcessArguments.afterProgramName()))
    }

    /// Parses and runs `arguments`; returns the exit status. Messages go to stderr.
    static func run(_ arguments: [String]) -> Int32 {
        let arguments = NegativeNumberValues.attached(arguments)
        do {
            // The common case skips argument-parser's reflection (see QuickParse); anything
            // else, help and errors included, goes through argument-parser.
            var command: any ParsableCommand
            if let quick = QuickParse.command(arguments) {
                command = quick
            } else if let unknown = UnknownSubcommand.message(for: arguments) {
                throw ClientFailure(status: ExitStatus.failure, message: unknown)
            } else {
                command = try parseAsRoot(arguments)
            }
            try command.run()
            return ExitStatus.results
        } catch let failure as ClientFailure {
            reportError(failure.message)
            return failure.status
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            return finish(parsingError: error)
        }
    }

    /// Help, version and completion scripts go to stdout with status 0; usage errors go to
    /// stderr with status 2 (ArgumentParser's own default is 64, EX_USAGE). Help that stdout
    /// will not take (closed, a full disk) is a failure like any other output: `print` lost
    /// it and exited 0.
    private static func finish(parsingError error: any Error) -> Int32 {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { writeAll(Array((message + "\n").utf8), to: STDOUT_FILENO) }
            return ExitStatus.results
        }
        if !message.isEmpty { writeAll(Array((message + "\n").utf8), to: STDERR_FILENO) }
        return ExitStatus.failure
    }
}
