import Logging
import ServiceLifecycle

/// Ends (successfully) on the first SIGTERM or SIGINT. Configured with
/// `successTerminationBehavior: .gracefullyShutdownGroup`, that starts the service group's
/// graceful shutdown: the server stops accepting and drains.
///
/// The service group does not trap the signals itself (`gracefulShutdownSignals` is empty):
/// `StopSignal` trapped them before the corpus load, and a signal has one handler only.
struct StopOnSignal: Service, CustomStringConvertible {
    let signal: StopSignal
    let logger: Logger

    var description: String { "StopOnSignal" }

    func run() async throws {
        for await received in signal.first.cancelOnGracefulShutdown() {
            logger.notice("received \(received): shutting down gracefully")
        }
    }
}
