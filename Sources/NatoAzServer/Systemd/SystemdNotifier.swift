#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Sends sd_notify(3) messages to the service manager by writing to `$NOTIFY_SOCKET`
/// directly (an AF_UNIX datagram socket; a name starting with `@` is in the abstract
/// namespace). No libsystemd. Without `$NOTIFY_SOCKET` every call is a no-op.
///
/// Messages are newline-separated `KEY=VALUE` assignments, one datagram per call:
///
/// ```
/// READY=1\nSTATUS=Serving 5 documents (generation 1) on /run/natoaz/natoaz.sock
/// RELOADING=1\nMONOTONIC_USEC=123456789\nSTATUS=Reloading ...
/// STOPPING=1\nSTATUS=Shutting down: finishing 3 requests
/// WATCHDOG=1
/// ```
public struct SystemdNotifier: Sendable {
    private let socketPath: String?

    /// Reads `$NOTIFY_SOCKET` from `environment`.
    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"] ?? ""
        self.socketPath = path.isEmpty ? nil : path
    }

    /// True when a service manager listens.
    public var isEnabled: Bool { socketPath != nil }

    /// The service is up: corpus loaded, socket listening.
    public func ready(status: String) {
        send("READY=1\nSTATUS=\(status)")
    }

    /// A one-line summary shown by `systemctl status`.
    public func status(_ status: String) {
        send("STATUS=\(status)")
    }

    /// A reload starts (`Type=notify-reload` semantics): READY=1 must follow when it ends.
    public func reloading(status: String) {
        send("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())\nSTATUS=\(status)")
    }

    /// Shutdown has begun.
    public func stopping(status: String) {
        send("STOPPING=1\nSTATUS=\(status)")
    }

    /// Keep-alive for `WatchdogSec=`.
    public func watchdog() {
        send("WATCHDOG=1")
    }

    /// The watchdog interval systemd asked for, when `$WATCHDOG_USEC` is set and meant for us
    /// (`$WATCHDOG_PID` absent or our pid). Pings are due at half of it.
    public static func watchdogInterval(environment: [String: String]) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text),
            microseconds > 0
        else { return nil }
        if let pidText = environment["WATCHDOG_PID"], Int32(pidText) != getpid() { return nil }
        return .microseconds(microseconds)
    }

    /// Sends one datagram. Failures are ignored, as sd_notify's callers do: the service
    /// manager going away must not stop the daemon.
    @discardableResult
    public func send(_ message: String) -> Bool {
        guard let socketPath else { return false }
        let fd = socket(AF_UNIX, CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        // Abstract names are not NUL-terminated: the length says where they end.
        let length = MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes[0] == 0 ? 0 : 1)

        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bytes.withUnsafeBytes {
                    sendto(
                        fd, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL), socketAddress,
                        socklen_t(length))
                }
            }
        }
        return sent == bytes.count
    }

    private static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
