/// Builds the `ServerConfiguration` from its three sources.
///
/// Precedence, highest first: command-line flags, `NATOAZ_*` environment variables, the
/// config file (`--config PATH` or `$NATOAZ_CONFIG`; none is read otherwise), the defaults.
/// Every value is checked here, so `natoazd --check-config` catches every mistake a start
/// would, with the place it was written.
public struct ConfigurationLoader: Sendable {
    /// Flag values by setting key (`max-connections` -> `"64"`), as typed.
    public var flags: [String: String]
    /// The process environment.
    public var environment: [String: String]
    /// The config file given with `--config`; `$NATOAZ_CONFIG` is used when nil.
    public var configFilePath: String?
    /// The effective uid, which decides the default socket path.
    public var effectiveUID: UInt32
    /// The running executable, to find the bundled seeds relative to it.
    public var executablePath: String?

    /// A loader over the given sources; nothing is read until ``load()``.
    public init(
        flags: [String: String], environment: [String: String], configFilePath: String?,
        effectiveUID: UInt32, executablePath: String?
    ) {
        self.flags = flags
        self.environment = environment
        self.configFilePath = configFilePath
        self.effectiveUID = effectiveUID
        self.executablePath = executablePath
    }

    /// The config file that will be read, if any.
    public var effectiveConfigFilePath: String? {
        if let configFilePath { return configFilePath }
        if let path = environment["NATOAZ_CONFIG"], !path.isEmpty { return path }
        return nil
    }

    /// Reads the config file (if any), applies the environment and then the flags over it, and
    /// checks every value.
    ///
    /// - Throws: ``ConfigurationError`` naming the first bad setting and where it was written
    ///   (an unknown key, a malformed or out-of-range value, an unreadable file).
    public func load() throws(ConfigurationError) -> ServerConfiguration {
        var config = ServerConfiguration(socketPath: "", corpusPath: "")

        if let path = effectiveConfigFilePath {
            let bytes: [UInt8]
            do {
                bytes = try SmallFile.read(path, limit: 1 << 20)
            } catch {
                throw ConfigurationError("cannot read config file \(path): \(error)")
            }
            let entries = try ConfigFileParser(path: path).parse(
                String(decoding: bytes, as: UTF8.self))
            for entry in entries {
                guard let setting = ConfigurationSetting.named(entry.key) else {
                    throw ConfigurationError(
                        "\(entry.origin): unknown key '\(entry.key)'; known keys: "
                            + ConfigurationSetting.all.map(\.key).joined(separator: ", "))
                }
                try setting.apply(entry.value, from: entry.origin, to: &config)
            }
        }
        for setting in ConfigurationSetting.all {
            // An empty variable counts as unset (`NATOAZ_SOCKET= natoazd` clears an inherited one).
            if let text = environment[setting.environmentVariable], !text.isEmpty {
                try setting.apply(
                    .string(text), from: .environment(setting.environmentVariable), to: &config)
            }
        }
        for (key, text) in flags.sorted(by: { $0.key < $1.key }) {
            guard let setting = ConfigurationSetting.named(key) else {
                throw ConfigurationError("--\(key): not a setting")
            }
            try setting.apply(.string(text), from: .flag(key), to: &config)
        }

        if config.socketPath.isEmpty {
            config.socketPath = defaultSocketPath()
        }
        if config.corpusPath.isEmpty {
            config.corpusPath = try BundledSeeds.locate(executablePath: executablePath)
        }
        if config.cacheDisabled {
            config.cacheDirectory = nil
        } else if config.cacheDirectory == nil,
            let systemd = environment["CACHE_DIRECTORY"]?.split(separator: ":").first
        {
            // systemd's CacheDirectory= (several directories are colon-separated: the first).
            config.cacheDirectory = String(systemd)
        }
        return config
    }

    /// `/run/natoaz/natoaz.sock` for root, else `$XDG_RUNTIME_DIR/natoaz.sock`, else
    /// `/tmp/natoaz-UID/natoaz.sock` (a private directory; natoazctl looks there too).
    private func defaultSocketPath() -> String {
        if effectiveUID == 0 { return "/run/natoaz/natoaz.sock" }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            return runtime + "/natoaz.sock"
        }
        return ListeningSocket.privateFallbackDirectory(uid: effectiveUID) + "/natoaz.sock"
    }
}
