import Synchronization

/// Drives a running natoazd: `connections` connections on `threads` threads (default: all
/// on one), each connection with `inFlight` requests outstanding,
/// until `requests` have been sent or `durationSeconds` have passed; then reports.
public struct LoadDriver: Sendable {
    /// What to send, how much and for how long.
    public let options: LoadOptions

    /// A driver for `options`; nothing is sent until ``run()``.
    public init(options: LoadOptions) { self.options = options }

    public func run() throws(LoadError) -> LoadReport {
        try options.validate()
        let plan = RequestPlan(options: options)
        if plan.needsIDs && options.ids.isEmpty {
            throw LoadError("--method \(options.method.rawValue) needs document ids (--ids-file)")
        }
        let started = monotonicNanoseconds()
        let budget = RunBudget(
            total: options.requests,
            stopAt: started + UInt64(options.durationSeconds * 1e9))
        let results = Mutex<[ConnectionResult]>([])
        let options = self.options
        let threads = options.threads
        runOnThreads(threads) { thread in
            // Connection i runs on thread i % threads.
            var connections = stride(from: thread, to: options.connections, by: threads).map { _ in
                LoadConnection(options: options, plan: plan, budget: budget)
            }
            LoadConnection.drive(&connections)
            results.withLock { $0.append(contentsOf: connections.map(\.result)) }
        }
        let seconds = Double(monotonicNanoseconds() - started) / 1e9
        var total = ConnectionResult(groups: plan.groups.count)
        for result in results.withLock({ $0 }) { total.merge(result) }
        return LoadReport(options: options, groups: plan.groups, result: total, seconds: seconds)
    }
}
