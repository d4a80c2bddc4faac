import ServiceLifecycle

/// Pings systemd's watchdog (`WatchdogSec=`) every half of `$WATCHDOG_USEC`, as
/// sd_watchdog_enabled(3) recommends, until graceful shutdown.
struct WatchdogService: Service, CustomStringConvertible {
    let notifier: SystemdNotifier
    let interval: Duration

    var description: String { "WatchdogService" }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            notifier.watchdog()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval / 2) }
        }
    }
}
