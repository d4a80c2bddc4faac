import Synchronization

/// Drives a running natoazd: `connections` threads, each with `inFlight` requests outstanding,
/// until `requests` have been sent or `durationSeconds` have passed; then reports.
public struct LoadDriver: Sendable {
    public let options: LoadOptions

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
        runOnThreads(options.connections) { _ in
            let result = LoadConnection(options: options, plan: plan, budget: budget).run()
            results.withLock { $0.append(result) }
        }
        let seconds = Double(monotonicNanoseconds() - started) / 1e9
        var total = ConnectionResult(groups: plan.groups.count)
        for result in results.withLock({ $0 }) { total.merge(result) }
        return LoadReport(options: options, groups: plan.groups, result: total, seconds: seconds)
    }
}
