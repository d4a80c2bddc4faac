import ArgumentParser
import Glibc
import NatoAzClient

/// Options every subcommand takes: where the daemon is, how long to wait, and JSON output.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon's socket.",
            discussion: """
                Default: $NATOAZ_SOCKET, else /run/natoaz/natoaz.sock when run as root, \
                else $XDG_RUNTIME_DIR/natoaz.sock (the same rule as natoazd).
                """,
            valueName: "path"
        )
    )
    var socket: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds to wait for the whole exchange; also sent to natoazd as the deadline.",
            valueName: "seconds"
        )
    )
    var timeout: Double = 10

    @Flag(name: .long, help: "Print JSON Lines: one object per result.")
    var json = false

    func validate() throws {
        guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
            throw ValidationError("--timeout must be a number of seconds in (0, 86400].")
        }
        if let socket, socket.isEmpty {
            throw ValidationError("--socket must not be empty.")
        }
    }

    /// The socket path in effect: `--socket`, else the daemon's default rule.
    var socketPath: String {
        socket ?? SocketLocation.defaultPath()
    }

    /// The deadline for this invocation, counted from now.
    func makeDeadline() -> Deadline {
        .after(seconds: timeout)
    }
}

/// The daemon's default socket path, computed exactly as natoazd does.
enum SocketLocation {
    /// $NATOAZ_SOCKET, else /run/natoaz/natoaz.sock for root, else
    /// $XDG_RUNTIME_DIR/natoaz.sock, else /tmp/natoaz-UID/natoaz.sock (as `make run` uses).
    static func defaultPath() -> String {
        if let explicit = environment("NATOAZ_SOCKET") { return explicit }
        if geteuid() == 0 { return "/run/natoaz/natoaz.sock" }
        if let runtime = environment("XDG_RUNTIME_DIR") { return runtime + "/natoaz.sock" }
        return "/tmp/natoaz-\(getuid())/natoaz.sock"
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }
}

extension GlobalOptions {
    /// `--socket`, `--timeout` and `--json` for `QuickParse`, with the defaults declared above.
    static func quickSlots<Command: QuickParsable>() -> [QuickSyntax<Command>.Slot] {
        [
            // The group itself first: its members are set through it.
            QuickSyntax.Slot(reset: { $0.global = GlobalOptions() }),
            .option("--socket") { $0.global.socket = $1 },
            .option("--timeout", default: 10) { $0.global.timeout = $1 },
            .flag("--json") { $0.global.json = $1 },
        ]
    }
}
