public import Logging

/// Runs reloads one at a time: a reload asked for while one runs joins it instead of
/// starting another (SIGHUP twice, or Reload from two clients, reads the corpus once).
///
/// The load itself runs through `load`, which the server points at its worker threads, so
/// the event loops keep serving the current generation meanwhile.
public actor Reloader<Content: GenerationContent> {
    public typealias Load = @Sendable () async throws -> Content
    public typealias Hook = @Sendable (ReloadPhase) -> Void

    /// Where a reload is, for systemd notifications and logs.
    public enum ReloadPhase: Sendable {
        case started
        case finished(ReloadAttempt)
    }

    private let store: GenerationStore<Content>
    private let load: Load
    private let hook: Hook
    private let logger: Logger
    private var running: Task<ReloadAttempt, Never>?

    public init(
        store: GenerationStore<Content>, logger: Logger, load: @escaping Load,
        hook: @escaping Hook = { _ in }
    ) {
        self.store = store
        self.load = load
        self.hook = hook
        self.logger = logger
    }

    /// Starts a reload, or joins the one running. Returns its outcome once finished and
    /// whether this call joined a reload already running.
    public func reload() async -> (outcome: ReloadAttempt, joined: Bool) {
        if let running {
            return (await running.value, true)
        }
        let task = Task { await self.perform() }
        running = task
        let outcome = await task.value
        running = nil
        return (outcome, false)
    }

    /// Starts a reload (or notes the one running) without waiting for it.
    /// Returns true when one was already running.
    public func startReload() -> Bool {
        if running != nil { return true }
        let task = Task { await self.perform() }
        running = task
        Task {
            _ = await task.value
            self.clearRunning(task)
        }
        return false
    }

    private func clearRunning(_ task: Task<ReloadAttempt, Never>) {
        if running == task { running = nil }
    }

    private func perform() async -> ReloadAttempt {
        hook(.started)
        logger.info("reloading corpus", metadata: ["generation": "\(store.current.number)"])
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: ReloadAttempt
        do {
            let content = try await load()
            let duration = clock.now - start
            outcome = store.install(
                content, loadDuration: duration,
                summary:
                    "loaded \(content.documentCount) documents, rejected \(content.rejectedCount)")
            logger.notice(
                "reload succeeded",
                metadata: [
                    "generation": "\(outcome.generation)", "documents": "\(content.documentCount)",
                    "rejected": "\(content.rejectedCount)",
                    "duration": "\(HumanReadable.duration(duration))",
                ])
        } catch {
            outcome = store.recordFailure("\(error)", duration: clock.now - start)
            logger.error(
                "reload failed; still serving the previous corpus",
                metadata: ["generation": "\(outcome.generation)", "error": "\(error)"])
        }
        hook(.finished(outcome))
        return outcome
    }
}
