/// One setting of `natoazd`: its name as a flag (`--max-connections`), as a config file key
/// (`max-connections`) and as an environment variable (`NATOAZ_MAX_CONNECTIONS`), with the
/// parser that checks and applies its value.
public struct ConfigurationSetting: Sendable {
    /// The flag name without dashes, which is also the config file key.
    public let key: String
    /// What the value looks like, for `--help` (e.g. `<n>`, `<duration>`).
    public let valueName: String
    /// One sentence ending in a period.
    public let help: String
    fileprivate let apply:
        @Sendable (inout ServerConfiguration, ConfigValue) throws(ConfigurationError) -> Void

    /// `NATOAZ_` followed by the key in upper case with `_` for `-`.
    public var environmentVariable: String {
        "NATOAZ_" + String(key.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    /// Checks `value` and stores it in `configuration`; errors name `origin`.
    func apply(
        _ value: ConfigValue, from origin: ConfigOrigin, to configuration: inout ServerConfiguration
    ) throws(ConfigurationError) {
        do {
            try apply(&configuration, value)
        } catch {
            throw ConfigurationError("\(origin): \(key): \(error.message)")
        }
    }
}

extension ConfigurationSetting {
    /// Every setting, in the order `--help` lists them.
    public static let all: [ConfigurationSetting] = [
        ConfigurationSetting(
            key: "socket", valueName: "<path>",
            help:
                "Unix socket to listen on (default: /run/natoaz/natoaz.sock as root, else $XDG_RUNTIME_DIR/natoaz.sock, else /tmp/natoaz-UID/natoaz.sock)."
        ) { (config, value) throws(ConfigurationError) in
            config.socketPath = try value.nonEmptyString()
        },
        ConfigurationSetting(
            key: "socket-mode", valueName: "<octal>",
            help: "Permission bits of the socket file, e.g. 0660 (default) or 0666."
        ) { (config, value) throws(ConfigurationError) in
            config.socketMode = try value.fileMode()
        },
        ConfigurationSetting(
            key: "socket-group", valueName: "<group>",
            help: "Group (name or gid) owning the socket file (default: the daemon's group)."
        ) { (config, value) throws(ConfigurationError) in
            let name = try value.nonEmptyString()
            guard let gid = UserDatabase.groupID(name) else {
                throw ConfigurationError("no group named '\(name)' on this system")
            }
            config.socketGroupID = gid
        },
        ConfigurationSetting(
            key: "corpus", valueName: "<dir>",
            help: "Corpus directory of plain-text articles (default: the bundled seeds)."
        ) { (config, value) throws(ConfigurationError) in
            config.corpusPath = try value.nonEmptyString()
        },
        ConfigurationSetting(
            key: "cache-dir", valueName: "<dir>",
            help:
                "Directory for the index snapshot, which makes later starts and reloads of an unchanged corpus fast (default: $CACHE_DIRECTORY, set by systemd's CacheDirectory=; else none)."
        ) { (config, value) throws(ConfigurationError) in
            config.cacheDirectory = try value.nonEmptyString()
        },
        ConfigurationSetting(
            key: "no-cache", valueName: "<bool>",
            help:
                "Neither read nor write an index snapshot, whatever cache-dir says (default: false)."
        ) { (config, value) throws(ConfigurationError) in
            config.cacheDisabled = try value.boolean()
        },
        ConfigurationSetting(
            key: "max-file-bytes", valueName: "<bytes>",
            help:
                "Corpus files larger than this are rejected unread, with the reason logged (default: 8388608)."
        ) { (config, value) throws(ConfigurationError) in
            config.maxFileBytes = try value.positiveInteger(atLeast: 1024, atMost: 1 << 30)
        },
        ConfigurationSetting(
            key: "admin-uids", valueName: "<users>",
            help:
                "Users (names or uids, comma-separated) allowed Reload and Stats besides root and the daemon's user."
        ) { (config, value) throws(ConfigurationError) in
            config.adminUIDs = try value.list().map { (name) throws(ConfigurationError) in
                guard let uid = UserDatabase.userID(name) else {
                    throw ConfigurationError("no user named '\(name)' on this system")
                }
                return uid
            }
        },
        ConfigurationSetting(
            key: "admin-groups", valueName: "<groups>",
            help: "Groups (names or gids, comma-separated) whose members may call Reload and Stats."
        ) { (config, value) throws(ConfigurationError) in
            config.adminGroupIDs = try value.list().map { (name) throws(ConfigurationError) in
                guard let gid = UserDatabase.groupID(name) else {
                    throw ConfigurationError("no group named '\(name)' on this system")
                }
                return gid
            }
        },
        ConfigurationSetting(
            key: "public-stats", valueName: "<bool>",
            help: "Let every client call Stats, not only administrators (default: false)."
        ) { (config, value) throws(ConfigurationError) in
            config.publicStats = try value.boolean()
        },
        ConfigurationSetting(
            key: "max-connections", valueName: "<n>",
            help: "Connections open at once; one more gets an overloaded error (default: 512)."
        ) { (config, value) throws(ConfigurationError) in
            config.maxConnections = try value.positiveInteger()
        },
        ConfigurationSetting(
            key: "max-frame-bytes", valueName: "<bytes>",
            help: "Largest frame accepted or sent (default: 4194304)."
        ) { (config, value) throws(ConfigurationError) in
            config.maxFrameBytes = try value.positiveInteger(atLeast: 1024, atMost: 1 << 30)
        },
        ConfigurationSetting(
            key: "max-decompressed-bytes", valueName: "<bytes>",
            help: "Largest request payload after zstd decompression (default: 16777216)."
        ) { (config, value) throws(ConfigurationError) in
            config.maxDecompressedBytes = try value.positiveInteger(
                atLeast: 1024, atMost: 1 << 30)
        },
        ConfigurationSetting(
            key: "max-in-flight", valueName: "<n>",
            help: "Requests one connection may have in flight before reading pauses (default: 128)."
        ) { (config, value) throws(ConfigurationError) in
            config.maxInFlight = try value.positiveInteger(atMost: 65_536)
        },
        ConfigurationSetting(
            key: "max-buffered-bytes", valueName: "<bytes>",
            help:
                "Response bytes buffered for a client that does not read before it is disconnected (default: 8388608)."
        ) { (config, value) throws(ConfigurationError) in
            config.maxBufferedBytes = try value.positiveInteger(atLeast: 4096)
        },
        ConfigurationSetting(
            key: "max-results", valueName: "<n>",
            help: "Largest page size a list method accepts (default: 1000)."
        ) { (config, value) throws(ConfigurationError) in
            config.maxResults = try value.positiveInteger(atMost: 1_000_000)
        },
        ConfigurationSetting(
            key: "handshake-timeout", valueName: "<duration>",
            help: "Time from connecting to a complete Hello, e.g. 500ms, 5s (default: 5s)."
        ) { (config, value) throws(ConfigurationError) in
            config.handshakeTimeout = try value.positiveDuration()
        },
        ConfigurationSetting(
            key: "frame-timeout", valueName: "<duration>",
            help:
                "Time a frame may take to arrive once its first byte has; slower is an error and a close (default: 10s)."
        ) { (config, value) throws(ConfigurationError) in
            config.frameTimeout = try value.positiveDuration()
        },
        ConfigurationSetting(
            key: "idle-timeout", valueName: "<duration>",
            help: "Close a connection idle this long, e.g. 30s, 5m (default: 5m)."
        ) { (config, value) throws(ConfigurationError) in
            config.idleTimeout = try value.positiveDuration()
        },
        ConfigurationSetting(
            key: "write-timeout", valueName: "<duration>",
            help: "Close a connection whose responses stay unread this long (default: 10s)."
        ) { (config, value) throws(ConfigurationError) in
            config.writeTimeout = try value.positiveDuration()
        },
        ConfigurationSetting(
            key: "shutdown-timeout", valueName: "<duration>",
            help: "On SIGTERM, time in-flight requests get to finish (default: 10s)."
        ) { (config, value) throws(ConfigurationError) in
            config.shutdownTimeout = try value.duration()
        },
        ConfigurationSetting(
            key: "lookup-time-limit", valueName: "<duration>",
            help:
                "Work a Kwic, Collocations, Search, Similar or Entities request without a deadline may take; then a Kwic or Collocations request is answered with what was found, marked truncated, the others with DEADLINE_EXCEEDED (default: 1s; 0: no limit)."
        ) { (config, value) throws(ConfigurationError) in
            config.lookupTimeLimit = try value.duration()
        },
        ConfigurationSetting(
            key: "threads", valueName: "<n>",
            help: "Event loop threads for socket I/O (default: one per core)."
        ) { (config, value) throws(ConfigurationError) in
            config.eventLoopThreads = try value.positiveInteger(atMost: 256)
        },
        ConfigurationSetting(
            key: "workers", valueName: "<n>",
            help: "Worker threads for slow requests such as search (default: one per core)."
        ) { (config, value) throws(ConfigurationError) in
            config.workerThreads = try value.positiveInteger(atMost: 256)
        },
        ConfigurationSetting(
            key: "busy-poll", valueName: "<duration>",
            help:
                "After answering a connection alone on its event loop, keep checking it this long for the next request before sleeping, e.g. 50us (default: 0: sleep at once; at most 1ms)."
        ) { (config, value) throws(ConfigurationError) in
            config.busyPoll = try value.busyPollWindow()
        },
        ConfigurationSetting(
            key: "log-level", valueName: "<level>",
            help: "trace, debug, info (default), notice, warning, error or critical."
        ) { (config, value) throws(ConfigurationError) in
            let level = try value.nonEmptyString().lowercased()
            let known = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard known.contains(level) else {
                throw ConfigurationError(
                    "unknown level '\(level)'; use one of \(known.joined(separator: ", "))")
            }
            config.logLevel = level
        },
    ]

    /// The setting with this key, if any.
    public static func named(_ key: String) -> ConfigurationSetting? {
        all.first { $0.key == key }
    }
}

extension ConfigValue {
    fileprivate func nonEmptyString() throws(ConfigurationError) -> String {
        guard case .string(let text) = self else {
            throw ConfigurationError("expected a string, got \(self)")
        }
        guard !text.isEmpty else { throw ConfigurationError("must not be empty") }
        return text
    }

    fileprivate func positiveInteger(atLeast minimum: Int = 1, atMost maximum: Int = Int.max)
        throws(ConfigurationError) -> Int
    {
        let number: Int
        switch self {
        case .integer(let value):
            number = value
        case .string(let text):
            guard let value = Int(text) else {
                throw ConfigurationError("expected a whole number, got '\(text)'")
            }
            number = value
        default:
            throw ConfigurationError("expected a whole number, got \(self)")
        }
        guard number >= minimum, number <= maximum else {
            throw ConfigurationError("\(number) is out of range \(minimum)...\(maximum)")
        }
        return number
    }

    fileprivate func boolean() throws(ConfigurationError) -> Bool {
        switch self {
        case .boolean(let flag):
            return flag
        case .string(let text):
            switch text.lowercased() {
            case "true", "yes", "1", "on": return true
            case "false", "no", "0", "off": return false
            default: break
            }
        default:
            break
        }
        throw ConfigurationError("expected true or false, got \(self)")
    }

    /// A duration in any unit ``DurationParser`` reads.
    private func parsedDuration() throws(ConfigurationError) -> Duration {
        switch self {
        case .integer(let seconds) where seconds >= 0:
            return .seconds(seconds)
        case .string(let text):
            if let duration = DurationParser.parse(text) { return duration }
        default:
            break
        }
        throw ConfigurationError(
            "expected a duration such as 500ms, 5s, 2m, 1h or 50us (a bare number is seconds), "
                + "got \(self)")
    }

    /// A duration in whole milliseconds: the timeouts and limits are kept, logged and
    /// announced to clients in milliseconds.
    fileprivate func duration() throws(ConfigurationError) -> Duration {
        let value = try parsedDuration()
        guard value.components.attoseconds % 1_000_000_000_000_000 == 0 else {
            throw ConfigurationError("must be whole milliseconds, e.g. 500ms; got \(self)")
        }
        return value
    }

    /// A duration above zero (a zero bound would close every connection: a handshake,
    /// idle or write timeout of 0 made a natoazd that answered no one).
    fileprivate func positiveDuration() throws(ConfigurationError) -> Duration {
        let value = try duration()
        guard value > .zero else {
            throw ConfigurationError("must be more than 0, e.g. 500ms or 10s; got \(self)")
        }
        return value
    }

    /// A busy-poll window, usually in microseconds (`50us`, `50µs`); 0 turns it off.
    /// At most 1 ms: a spin is meant to cover a client's turn-around, not to replace sleeping.
    fileprivate func busyPollWindow() throws(ConfigurationError) -> Duration {
        let value = try parsedDuration()
        guard value <= .milliseconds(1) else {
            throw ConfigurationError("must be at most 1ms, e.g. 50us; got \(self)")
        }
        return value
    }

    /// A socket mode: an integer (TOML `0o660`) or an octal string (`"0660"`, `"660"`).
    fileprivate func fileMode() throws(ConfigurationError) -> UInt32 {
        let mode: Int?
        switch self {
        case .integer(let value):
            mode = value
        case .string(let text):
            let digits = text.hasPrefix("0o") ? String(text.dropFirst(2)) : text
            mode = Int(digits, radix: 8)
        default:
            mode = nil
        }
        guard let mode, (0...0o777).contains(mode) else {
            throw ConfigurationError(
                "expected permission bits in octal such as \"0660\" (or 0o660 in the file), got \(self)"
            )
        }
        return UInt32(mode)
    }

    /// A list: an array, or one string with comma-separated items.
    fileprivate func list() throws(ConfigurationError) -> [String] {
        switch self {
        case .array(let items):
            return items.map { item in
                switch item {
                case .string(let text): return text
                default: return item.description
                }
            }
        case .integer(let number):
            return [String(number)]
        case .string(let text):
            return text.split(separator: ",").map { item in
                let start = item.drop(while: \.isWhitespace)
                let end = start.lastIndex { !$0.isWhitespace }.map { start.index(after: $0) }
                return String(start[..<(end ?? start.startIndex)])
            }.filter { !$0.isEmpty }
        case .boolean:
            throw ConfigurationError("expected a list of names or numbers, got \(self)")
        }
    }
}
