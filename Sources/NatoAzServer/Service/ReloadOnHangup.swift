import ServiceLifecycle
import UnixSignals

/// Reloads the corpus on SIGHUP (in the background; the reloader coalesces bursts).
///
/// The signal sequence is created before the service group starts (see `Daemon`), so a
/// SIGHUP sent right after READY=1 is never fatal: its default action would kill us.
struct ReloadOnHangup: Service, CustomStringConvertible {
    let signals: UnixSignalsSequence
    let reloader: Reloader<ServingCorpus>

    var description: String { "ReloadOnHangup" }

    func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() {
            _ = await reloader.startReload()
        }
    }
}
