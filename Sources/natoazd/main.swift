import ArgumentParser
import Logging
import NatoAzServer

#if canImport(Glibc)
    import Glibc
#endif

/// `natoazd`: parse flags, resolve the configuration, set up logging, run the daemon.
/// Everything else lives in the NatoAzServer library.
@main
struct Natoazd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "natoazd",
        abstract: "Serve the NATO-Azerbaijan news corpus to local programs over a Unix socket.",
        discussion: """
            Every setting can be given as a flag, as an environment variable (NATOAZ_ and the \
            flag name in upper case with _ for -, e.g. NATOAZ_MAX_CONNECTIONS) or in the config \
            file (--config PATH or $NATOAZ_CONFIG; flat TOML: key = value, e.g. \
            max-connections = 64, socket-mode = "0660", admin-uids = [1000]). Flags win over \
            the environment, the environment over the file.

            Socket: --socket, else $NATOAZ_SOCKET, else /run/natoaz/natoaz.sock when run as \
            root, else $XDG_RUNTIME_DIR/natoaz.sock, else /tmp/natoaz-UID/natoaz.sock. Under systemd socket activation \
            (LISTEN_FDS) the inherited socket is used. A stale socket file is replaced; a live \
            server on the path is refused.

            Corpus: --corpus, else the bundled seeds (../share/natoaz/seeds next to the \
            executable, or seeds/ of the source checkout).

            Index snapshot: with --cache-dir (or $CACHE_DIRECTORY from systemd's \
            CacheDirectory=), the loaded corpus and index are saved after a load from the text \
            and reopened by the next start or reload when the corpus files, the executable, \
            its libraries and the options are all unchanged; anything else loads from the \
            text. --no-cache turns it off.

            Signals: SIGTERM and SIGINT stop gracefully (requests in flight finish, within \
            --shutdown-timeout; during the initial corpus load, at once); SIGHUP reloads the \
            corpus in the background.

            Logs go to stderr: with a timestamp and level word on a terminal; with an \
            sd-daemon <N> priority prefix and no timestamp under journald ($JOURNAL_STREAM).
            """,
        version: ServerVersion.current)

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "Config file (flat TOML, described above). Env: NATOAZ_CONFIG.", valueName: "path"))
    var configFile: String?

    @Flag(help: "Check the configuration, print the effective settings and exit.")
    var checkConfig = false

    @Option(name: .customLong("socket"), help: help("socket"))
    var socket: String?
    @Option(name: .customLong("socket-mode"), help: help("socket-mode"))
    var socketMode: String?
    @Option(name: .customLong("socket-group"), help: help("socket-group"))
    var socketGroup: String?
    @Option(name: .customLong("corpus"), help: help("corpus"))
    var corpus: String?
    @Option(name: .customLong("cache-dir"), help: help("cache-dir"))
    var cacheDirectory: String?
    @Flag(
        name: .customLong("no-cache"),
        help:
            "Neither read nor write an index snapshot, whatever cache-dir says. Env: NATOAZ_NO_CACHE."
    )
    var noCache = false
    @Option(name: .customLong("max-file-bytes"), help: help("max-file-bytes"))
    var maxFileBytes: String?
    @Option(name: .customLong("admin-uids"), help: help("admin-uids"))
    var adminUIDs: String?
    @Option(name: .customLong("admin-groups"), help: help("admin-groups"))
    var adminGroups: String?
    @Option(name: .customLong("public-stats"), help: help("public-stats"))
    var publicStats: String?
    @Option(name: .customLong("max-connections"), help: help("max-connections"))
    var maxConnections: String?
    @Option(name: .customLong("max-frame-bytes"), help: help("max-frame-bytes"))
    var maxFrameBytes: String?
    @Option(name: .customLong("max-decompressed-bytes"), help: help("max-decompressed-bytes"))
    var maxDecompressedBytes: String?
    @Option(name: .customLong("max-in-flight"), help: help("max-in-flight"))
    var maxInFlight: String?
    @Option(name: .customLong("max-buffered-bytes"), help: help("max-buffered-bytes"))
    var maxBufferedBytes: String?
    @Option(name: .customLong("max-results"), help: help("max-results"))
    var maxResults: String?
    @Option(name: .customLong("handshake-timeout"), help: help("handshake-timeout"))
    var handshakeTimeout: String?
    @Option(name: .customLong("frame-timeout"), help: help("frame-timeout"))
    var frameTimeout: String?
    @Option(name: .customLong("idle-timeout"), help: help("idle-timeout"))
    var idleTimeout: String?
    @Option(name: .customLong("write-timeout"), help: help("write-timeout"))
    var writeTimeout: String?
    @Option(name: .customLong("shutdown-timeout"), help: help("shutdown-timeout"))
    var shutdownTimeout: String?
    @Option(name: .customLong("lookup-time-limit"), help: help("lookup-time-limit"))
    var lookupTimeLimit: String?
    @Option(name: .customLong("threads"), help: help("threads"))
    var threads: String?
    @Option(name: .customLong("workers"), help: help("workers"))
    var workers: String?
    @Option(name: .customLong("busy-poll"), help: help("busy-poll"))
    var busyPoll: String?
    @Option(name: .customLong("log-level"), help: help("log-level"))
    var logLevel: String?

    /// The help line of a setting, with its environment variable.
    private static func help(_ key: String) -> ArgumentHelp {
        guard let setting = ConfigurationSetting.named(key) else { return ArgumentHelp(key) }
        return ArgumentHelp(
            "\(setting.help) Env: \(setting.environmentVariable).",
            valueName: String(setting.valueName.dropFirst().dropLast()))
    }

    private var flagValues: [String: String] {
        let pairs: [(String, String?)] = [
            ("socket", socket), ("socket-mode", socketMode), ("socket-group", socketGroup),
            ("corpus", corpus), ("cache-dir", cacheDirectory),
            ("no-cache", noCache ? "true" : nil), ("max-file-bytes", maxFileBytes),
            ("admin-uids", adminUIDs),
            ("admin-groups", adminGroups),
            ("public-stats", publicStats), ("max-connections", maxConnections),
            ("max-frame-bytes", maxFrameBytes), ("max-decompressed-bytes", maxDecompressedBytes),
            ("max-in-flight", maxInFlight), ("max-buffered-bytes", maxBufferedBytes),
            ("max-results", maxResults), ("handshake-timeout", handshakeTimeout),
            ("frame-timeout", frameTimeout),
            ("idle-timeout", idleTimeout), ("write-timeout", writeTimeout),
            ("shutdown-timeout", shutdownTimeout), ("lookup-time-limit", lookupTimeLimit),
            ("threads", threads), ("workers", workers), ("busy-poll", busyPoll),
            ("log-level", logLevel),
        ]
        var values: [String: String] = [:]
        for (key, value) in pairs {
            if let value { values[key] = value }
        }
        return values
    }

    func run() async throws {
        let environment = ProcessEnvironment.current()
        let loader = ConfigurationLoader(
            flags: flagValues, environment: environment, configFilePath: configFile,
            effectiveUID: geteuid(), executablePath: ConfigurationLoader.currentExecutablePath)
        let configuration: ServerConfiguration
        do {
            configuration = try loader.load()
        } catch {
            printError("natoazd: configuration error: \(error)")
            throw ExitCode(78)  // EX_CONFIG
        }
        if checkConfig {
            if let problem = configuration.corpusDirectoryProblem {
                printError("natoazd: configuration error: corpus: \(problem)")
                throw ExitCode(78)
            }
            print("# natoazd \(ServerVersion.current): configuration OK")
            if let problem = configuration.cacheDirectoryProblem {
                print("# warning: cache-dir: \(problem); the daemon will serve without a snapshot")
            }
            if let path = loader.effectiveConfigFilePath { print("# config file: \(path)") }
            for line in configuration.summaryLines { print(line) }
            return
        }

        let style = StderrLogHandler.detectStyle(environment: environment)
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            StderrLogHandler(label: label, level: level, style: style)
        }
        let logger = Logger(label: "natoazd")
        do {
            try await Daemon.run(
                configuration: configuration, environment: environment, logger: logger)
        } catch let error as ListenError {
            logger.critical("\(error)")
            throw ExitCode(1)
        } catch let error as DaemonError {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
    }

    private func printError(_ message: String) {
        var line = Array((message + "\n").utf8)
        _ = line.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
