extension ServerConfiguration {
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
            "idle-timeout = \(duration(idleTimeout))",
            "write-timeout = \(duration(writeTimeout))",
            "shutdown-timeout = \(duration(shutdownTimeout))",
            "threads = \(eventLoopThreads)",
            "workers = \(workerThreads)",
            "log-level = \(text(logLevel))",
        ]
    }
}
