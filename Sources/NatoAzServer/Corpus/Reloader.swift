public import Logging

/// Runs reloads one at a time. A reload asked for while one runs does not join the running
/// one (which may have listed the directory before the files the caller just changed): it is
/// queued to start right after it, and every request arriving meanwhile shares that queued
/// reload. So each request is answered by a reload that read the corpus after it was made,
/// and a burst of SIGHUPs or Reload calls reads the corpus at most twice.
///
/// The load itself runs through `load`, which the server points at its worker threads, so
/// the event loops keep serving the current generation meanwhile.
public actor Reloader<Content: GenerationContent> {
    /// Loads a new generation's content; a thrown error fails the reload and keeps the old one.
    public typealias Load = @Sendable () async throws -> Content
    /// Told when a reload starts and ends (systemd's RELOADING=1 and READY=1, logs).
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
    /// The reload that starts when `running` finishes, shared by every request made meanwhile.
    private var queued: Task<ReloadAttempt, Never>?

    /// A reloader that swaps what `load` returns into `store`, tells `hook` of each phase and
    /// logs each attempt's outcome to `logger`.
    public init(
        store: GenerationStore<Content>, logger: Logger, load: @escaping Load,
        hook: @escaping Hook = { _ in }
    ) {
        self.store = store
        self.load = load
        self.hook = hook
        self.logger = logger
    }

    /// Whether a reload is running or queued.
    public var isBusy: Bool { running != nil || queued != nil }

    /// Starts a reload, or queues one after the reload running. Returns its outcome once
    /// finished and whether a reload was already running when this call was made.
    public func reload() async -> (outcome: ReloadAttempt, joined: Bool) {
        let (task, joined) = schedule()
        return (await task.value, joined)
    }

    /// Starts a reload (or queues one after the reload running) without waiting for it.
    /// Returns true when one was already running.
    public func startReload() -> Bool {
        schedule().joined
    }

    private func schedule() -> (task: Task<ReloadAttempt, Never>, joined: Bool) {
        if let queued { return (queued, true) }
        if let running {
            let task = Task { [running] in
                _ = await running.value
                return await self.performQueued()
            }
            queued = task
            return (task, true)
        }
        let task = Task { await self.performNow() }
        running = task
        return (task, false)
    }

    private func performNow() async -> ReloadAttempt {
        let outcome = await perform()
        running = nil
        return outcome
    }

    /// The queued reload becomes the running one; requests from now on queue after it.
    private func performQueued() async -> ReloadAttempt {
        running = queued
        queued = nil
        let outcome = await perform()
        running = nil
        return outcome
    }

    private func perform() async -> ReloadAttempt {
        hook(.started)
        logger.info("reloading corpus", metadata: ["generation": "\(store.current.number)"])
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: ReloadAttempt
        do {
            let content = try await load()
            let serving = store.current.content.documentCount
            if content.documentCount == 0, serving > 0 {
                throw EmptyCorpusRefused(serving: serving, rejected: content.rejectedCount)
            }
            let duration = clock.now - start
            // The previous generation goes when the last request using it answers; what it
            // and the load freed by now goes back to the kernel here.
            defer { ProcessMemory.releaseFreedMemory() }
            outcome = store.install(
                content, loadDuration: duration,
                summary:
                    "loaded \(content.documentCount) documents"
                    + (content.loadSource.map { " " + $0 } ?? "")
                    + ", rejected \(content.rejectedCount)")
            logger.notice(
                "reload succeeded",
                metadata: [
                    "generation": "\(outcome.generation)", "documents": "\(content.documentCount)",
                    "rejected": "\(content.rejectedCount)",
                    "source": "\(content.loadSource ?? "text")",
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

/// A reload that found no article where the serving corpus has some: refused, the serving
/// generation kept. A directory emptied for a moment (a copy or sync in progress, a wrong
/// mount) made the daemon serve nothing, and the reload reported success (session 16's QA).
/// natoazd started on an empty directory still serves it.
struct EmptyCorpusRefused: Error, CustomStringConvertible {
    let serving: Int
    let rejected: Int

    var description: String {
        "the corpus directory has no article that loads now"
            + (rejected > 0 ? " (\(rejected) files rejected; natoazctl info lists them)" : "")
            + "; kept the \(serving) documents serving. If the directory is being copied, "
            + "reload when it is done; to serve an empty corpus, restart natoazd"
    }
}
