#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension ServerConfiguration {
    /// Why the corpus directory cannot be loaded as configured (it does not exist, is not a
    /// directory, or cannot be listed), for `--check-config`; nil when it looks usable.
    public var corpusDirectoryProblem: String? {
        var info = stat()
        guard stat(corpusPath, &info) == 0 else {
            return "\(corpusPath): \(String(cString: strerror(errno)))"
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return "\(corpusPath) is not a directory" }
        guard let directory = opendir(corpusPath) else {
            return "\(corpusPath) cannot be listed: \(String(cString: strerror(errno)))"
        }
        closedir(directory)
        return nil
    }

    /// Why the cache directory cannot hold an index snapshot (it does not exist, is not a
    /// directory, or is not writable), for `--check-config`; nil when it looks usable or none
    /// is set. Not an error: the daemon then serves without a snapshot.
    public var cacheDirectoryProblem: String? {
        guard let cacheDirectory else { return nil }
        var info = stat()
        guard stat(cacheDirectory, &info) == 0 else {
            return "\(cacheDirectory): \(String(cString: strerror(errno)))"
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            return "\(cacheDirectory) is not a directory"
        }
        guard access(cacheDirectory, W_OK | X_OK) == 0 else {
            return "\(cacheDirectory) is not writable: \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// Every setting with its effective value, in config file syntax, for `--check-config`.
    public var summaryLines: [String] {
        func text(_ value: String) -> String { "\"\(value)\"" }
        func duration(_ value: Duration) -> String {
            text("\(ServerContext.milliseconds(value))ms")
        }
        return [
            "socket = \(text(socketPath))",
            "socket-mode = \(text("0" + String(socketMode, radix: 8)))",
            "socket-group = \(socketGroupID.map { text(String($0)) } ?? "# (the daemon's group)")",
            "corpus = \(text(corpusPath))",
            cacheDirectory.map { "cache-dir = \(text($0))" }
                ?? "# cache-dir: none (no index snapshot is read or written)",
            "no-cache = \(cacheDisabled)",
            "max-file-bytes = \(maxFileBytes)",
            "admin-uids = [\(adminUIDs.map(String.init).joined(separator: ", "))]",
            "admin-groups = [\(adminGroupIDs.map { text(String($0)) }.joined(separator: ", "))]",
            "public-stats = \(publicStats)",
            "max-connections = \(maxConnections)",
            "max-frame-bytes = \(maxFrameBytes)",
            "max-decompressed-bytes = \(maxDecompressedBytes)",
            "max-in-flight = \(maxInFlight)",
            "max-buffered-bytes = \(maxBufferedBytes)",
            "max-results = \(maxResults)",
            "handshake-timeout = \(duration(handshakeTimeout))",
            "frame-timeout = \(duration(frameTimeout))",
            "idle-timeout = \(duration(idleTimeout))",
            "write-timeout = \(duration(writeTimeout))",
            "shutdown-timeout = \(duration(shutdownTimeout))",
            "lookup-time-limit = \(duration(lookupTimeLimit))",
            "threads = \(eventLoopThreads)",
            "workers = \(workerThreads)",
            "busy-poll = \(text("\(ServerContext.microseconds(busyPoll))us"))",
            "log-level = \(text(logLevel))",
        ]
    }
}
