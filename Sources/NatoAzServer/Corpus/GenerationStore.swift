import Synchronization

/// What a generation holds must be able to describe itself for logs, Info and reload outcomes.
public protocol GenerationContent: Sendable {
    var documentCount: Int { get }
    var rejectedCount: Int { get }
    /// How the content was loaded when that is worth saying in a reload summary (e.g.
    /// "from snapshot"), or nil.
    var loadSource: String? { get }
}

extension GenerationContent {
    /// No load source by default: the reload summary says nothing about how it loaded.
    public var loadSource: String? { nil }
}

/// One immutable snapshot of what the daemon serves, with its generation number.
///
/// Requests take the current generation when they start and keep it until they answer, so
/// a reload never changes the data under a request in flight.
public struct Generation<Content: GenerationContent>: Sendable {
    /// 1 after start-up, +1 per successful reload.
    public let number: UInt64
    /// What this generation serves.
    public let content: Content
    /// When it finished loading, Unix time in milliseconds.
    public let loadedAtUnixMilliseconds: UInt64
    /// How long loading and indexing took.
    public let loadDuration: Duration
}

/// The outcome of one reload attempt, for Info, the Reload reply and the log.
public struct ReloadAttempt: Sendable, Hashable {
    /// The generation serving after the attempt (unchanged when it failed).
    public var generation: UInt64
    /// Whether the new generation was swapped in.
    public var succeeded: Bool
    /// Why it failed, or a one-line summary when it succeeded.
    public var message: String
    /// When the attempt ended, Unix time in milliseconds.
    public var finishedAtUnixMilliseconds: UInt64
    /// How long the attempt took, from its start to the swap or the failure.
    public var duration: Duration
    /// Documents served after the attempt (the old generation's when it failed).
    public var documentCount: Int
    /// Files the serving generation's load rejected (the old generation's when it failed).
    public var rejectedCount: Int
}

/// Holds the current generation and swaps in a new one atomically.
///
/// Reading is one short lock and a reference copy; the swap is the same lock, so a request
/// sees either the old generation or the new one, never a mix.
public final class GenerationStore<Content: GenerationContent>: Sendable {
    private struct State {
        var current: Generation<Content>
        var lastReload: ReloadAttempt?
    }

    private let state: Mutex<State>

    /// Starts at generation 1 with the content loaded at start-up.
    public init(initial content: Content, loadDuration: Duration) {
        state = Mutex(
            State(
                current: Generation(
                    number: 1, content: content,
                    loadedAtUnixMilliseconds: WallClock.nowMilliseconds(),
                    loadDuration: loadDuration),
                lastReload: nil))
    }

    /// The generation new requests use.
    public var current: Generation<Content> { state.withLock { $0.current } }

    /// The last reload attempt, if any.
    public var lastReload: ReloadAttempt? { state.withLock { $0.lastReload } }

    /// Installs freshly loaded content as the next generation and records the outcome.
    func install(_ content: Content, loadDuration: Duration, summary: String) -> ReloadAttempt {
        state.withLock { state in
            let next = Generation(
                number: state.current.number + 1, content: content,
                loadedAtUnixMilliseconds: WallClock.nowMilliseconds(), loadDuration: loadDuration)
            state.current = next
            let outcome = ReloadAttempt(
                generation: next.number, succeeded: true, message: summary,
                finishedAtUnixMilliseconds: next.loadedAtUnixMilliseconds,
                duration: loadDuration, documentCount: content.documentCount,
                rejectedCount: content.rejectedCount)
            state.lastReload = outcome
            return outcome
        }
    }

    /// Records a failed reload; the current generation stays.
    func recordFailure(_ message: String, duration: Duration) -> ReloadAttempt {
        state.withLock { state in
            let outcome = ReloadAttempt(
                generation: state.current.number, succeeded: false, message: message,
                finishedAtUnixMilliseconds: WallClock.nowMilliseconds(), duration: duration,
                documentCount: state.current.content.documentCount,
                rejectedCount: state.current.content.rejectedCount)
            state.lastReload = outcome
            return outcome
        }
    }
}
