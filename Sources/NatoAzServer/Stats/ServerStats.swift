import Atomics
import Histogram
import Synchronization

/// The daemon's counters: requests and latency per method, errors by code, connections,
/// bytes in and out. Shared by every connection; updates are lock-free counters except the
/// per-method histograms, which take one short uncontended-in-practice lock. Connections
/// record a `Batch` per write to their socket (every request answered by that write).
public final class ServerStats: Sendable {
    /// A snapshot for the Stats method.
    public struct Snapshot: Sendable {
        /// One method's answer count and latency percentiles, from receipt to the write of the
        /// answer, in microseconds.
        public struct MethodLatency: Sendable {
            /// The method's wire number (the last slot counts unknown methods).
            public var method: Int
            /// Requests answered, errors included.
            public var count: UInt64
            /// The median latency.
            public var p50Microseconds: UInt64
            /// The 90th percentile.
            public var p90Microseconds: UInt64
            /// The 99th percentile.
            public var p99Microseconds: UInt64
            /// The 99.9th percentile.
            public var p999Microseconds: UInt64
            /// The slowest answer.
            public var maxMicroseconds: UInt64
        }

        /// Per method called at least once, by method number.
        public var methods: [MethodLatency]
        /// Error counts by wire error code (only codes seen).
        public var errors: [(code: Int, count: UInt64)]
        /// Connections open when the snapshot was taken.
        public var connectionsOpen: Int
        /// Connections accepted since start-up (refused ones not counted).
        public var connectionsTotal: UInt64
        /// Connections refused at the connection limit.
        public var connectionsRejected: UInt64
        /// Bytes received as framed, possibly compressed.
        public var bytesIn: UInt64
        /// Bytes sent as framed, possibly compressed.
        public var bytesOut: UInt64
        /// Bytes received after decompression.
        public var bytesInRaw: UInt64
        /// Bytes sent before compression.
        public var bytesOutRaw: UInt64
    }

    /// Method numbers are small (append-only enum); the last slot counts unknown methods.
    static let methodSlots = 64
    static let errorSlots = 64

    /// Histograms only for the methods actually called (~30 KiB each), found through
    /// `slots` (method slot -> index in `histograms`, -1 for none). Not `[Histogram?]`:
    /// recording through an optional copied the histogram value on every request.
    private struct Latencies {
        var slots = [Int](repeating: -1, count: ServerStats.methodSlots)
        var methods: [Int] = []
        var histograms: [Histogram<UInt64>] = []

        mutating func record(method: Int, latencyMicroseconds: UInt64, count: Int = 1) {
            let slot = min(max(method, 0), ServerStats.methodSlots - 1)
            var index = slots[slot]
            if index < 0 {
                // Up to one hour, 3 significant digits: ~30 KiB per method actually used.
                index = histograms.count
                slots[slot] = index
                methods.append(slot)
                histograms.append(
                    Histogram<UInt64>(
                        highestTrackableValue: 3_600_000_000,
                        numberOfSignificantValueDigits: .three))
            }
            _ = histograms[index].record(
                min(latencyMicroseconds, 3_600_000_000), count: UInt64(count))
        }
    }

    private let latencies: Mutex<Latencies>
    private let errorCounts: [ManagedAtomic<UInt64>]
    private let open = ManagedAtomic<Int>(0)
    private let total = ManagedAtomic<UInt64>(0)
    private let rejected = ManagedAtomic<UInt64>(0)
    private let bytesIn = ManagedAtomic<UInt64>(0)
    private let bytesOut = ManagedAtomic<UInt64>(0)
    private let bytesInRaw = ManagedAtomic<UInt64>(0)
    private let bytesOutRaw = ManagedAtomic<UInt64>(0)

    /// Counters at zero, no histograms yet.
    public init() {
        latencies = Mutex(Latencies())
        errorCounts = (0..<Self.errorSlots).map { _ in ManagedAtomic<UInt64>(0) }
    }

    // MARK: Recording

    /// One answered request: its method number, latency, and error code (nil on success).
    public func recordRequest(method: Int, latencyMicroseconds: UInt64, errorCode: Int?) {
        latencies.withLock { state in
            state.record(method: method, latencyMicroseconds: latencyMicroseconds)
        }
        if let errorCode { recordError(code: errorCode) }
    }

    /// What one connection answered and moved since it last wrote to its socket, recorded in
    /// one go by `record(_:nowNanoseconds:)`: a batch of pipelined requests then costs one
    /// lock and four atomic adds, not one lock and four atomic adds per request.
    public struct Batch: Sendable {
        /// Answers as runs: consecutive answers to one method with one start time and one
        /// outcome share an entry (the requests of one read start together, so a pipelined
        /// batch of Pings is one entry, and one histogram update records all of it).
        fileprivate var answers: [Answers] = []
        /// How many entries of `answers` are this batch's runs; the ones after are storage
        /// from earlier batches, overwritten in place (emptying the array after each record
        /// went through `replaceSubrange`, once per read).
        fileprivate var runs = 0
        fileprivate var bytesIn = 0
        fileprivate var bytesInRaw = 0
        fileprivate var bytesOut = 0
        fileprivate var bytesOutRaw = 0

        /// A run of answers recorded alike.
        fileprivate struct Answers: Sendable {
            var method: Int
            var startedNanoseconds: UInt64
            var errorCode: Int?
            var count: Int
        }

        /// An empty batch.
        public init() {}

        /// Whether nothing was answered or moved since the last record.
        public var isEmpty: Bool { runs == 0 && bytesIn == 0 && bytesOut == 0 }

        /// A request answered; its latency runs from `startedNanoseconds` (monotonic, as
        /// `NIODeadline.uptimeNanoseconds`) to the time the batch is recorded.
        public mutating func answered(method: Int, startedNanoseconds: UInt64, errorCode: Int?) {
            let last = runs - 1
            if last >= 0, answers[last].method == method,
                answers[last].startedNanoseconds == startedNanoseconds,
                answers[last].errorCode == errorCode
            {
                answers[last].count += 1
                return
            }
            let run = Answers(
                method: method, startedNanoseconds: startedNanoseconds, errorCode: errorCode,
                count: 1)
            if runs < answers.count {
                answers[runs] = run
            } else {
                answers.append(run)
            }
            runs += 1
        }

        /// The number of answers in the batch.
        public var answerCount: Int { answers[..<runs].reduce(0) { $0 + $1.count } }

        /// Bytes received: `wire` as framed (possibly compressed), `raw` after decompression.
        public mutating func received(wire: Int, raw: Int) {
            bytesIn += wire
            bytesInRaw += raw
        }

        /// Bytes sent: `wire` as framed (possibly compressed), `raw` before compression.
        public mutating func sent(wire: Int, raw: Int) {
            bytesOut += wire
            bytesOutRaw += raw
        }
    }

    /// Records `batch` (latencies up to `nowNanoseconds`) and empties it, keeping its storage.
    public func record(_ batch: inout Batch, nowNanoseconds: UInt64) {
        if batch.runs > 0 {
            let runs = batch.answers[..<batch.runs]
            latencies.withLock { state in
                for answer in runs {
                    let nanoseconds =
                        nowNanoseconds > answer.startedNanoseconds
                        ? nowNanoseconds - answer.startedNanoseconds : 0
                    state.record(
                        method: answer.method, latencyMicroseconds: nanoseconds / 1000,
                        count: answer.count)
                }
            }
            for answer in runs {
                if let code = answer.errorCode { recordError(code: code, count: answer.count) }
            }
            batch.runs = 0
        }
        if batch.bytesIn != 0 || batch.bytesInRaw != 0 {
            received(wire: batch.bytesIn, raw: batch.bytesInRaw)
            batch.bytesIn = 0
            batch.bytesInRaw = 0
        }
        if batch.bytesOut != 0 || batch.bytesOutRaw != 0 {
            sent(wire: batch.bytesOut, raw: batch.bytesOutRaw)
            batch.bytesOut = 0
            batch.bytesOutRaw = 0
        }
    }

    /// An error not tied to a request method (a bad frame, an overloaded refusal).
    public func recordError(code: Int, count: Int = 1) {
        errorCounts[min(max(code, 0), Self.errorSlots - 1)].wrappingIncrement(
            by: UInt64(count), ordering: .relaxed)
    }

    /// A connection was accepted; false when it is over `limit` and must be refused (it is
    /// then counted as rejected, not open).
    public func connectionOpened(limit: Int) -> Bool {
        let now = open.wrappingIncrementThenLoad(ordering: .relaxed)
        if now > limit {
            open.wrappingDecrement(ordering: .relaxed)
            rejected.wrappingIncrement(ordering: .relaxed)
            return false
        }
        total.wrappingIncrement(ordering: .relaxed)
        return true
    }

    /// A connection counted by ``connectionOpened(limit:)`` closed.
    public func connectionClosed() {
        open.wrappingDecrement(ordering: .relaxed)
    }

    /// Connections open now.
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// Bytes received: `wire` as framed (possibly compressed), `raw` after decompression.
    public func received(wire: Int, raw: Int) {
        bytesIn.wrappingIncrement(by: UInt64(wire), ordering: .relaxed)
        bytesInRaw.wrappingIncrement(by: UInt64(raw), ordering: .relaxed)
    }

    /// Bytes sent: `wire` as framed (possibly compressed), `raw` before compression.
    public func sent(wire: Int, raw: Int) {
        bytesOut.wrappingIncrement(by: UInt64(wire), ordering: .relaxed)
        bytesOutRaw.wrappingIncrement(by: UInt64(raw), ordering: .relaxed)
    }

    // MARK: Reading

    /// The counters and percentiles now, for the Stats method.
    public func snapshot() -> Snapshot {
        let methods = latencies.withLock { state in
            zip(state.methods, state.histograms).sorted { $0.0 < $1.0 }.compactMap {
                slot, histogram -> Snapshot.MethodLatency? in
                guard histogram.totalCount > 0 else { return nil }
                return Snapshot.MethodLatency(
                    method: slot, count: histogram.totalCount,
                    p50Microseconds: histogram.valueAtPercentile(50),
                    p90Microseconds: histogram.valueAtPercentile(90),
                    p99Microseconds: histogram.valueAtPercentile(99),
                    p999Microseconds: histogram.valueAtPercentile(99.9),
                    maxMicroseconds: histogram.max)
            }
        }
        let errors = errorCounts.enumerated().compactMap { code, counter -> (Int, UInt64)? in
            let count = counter.load(ordering: .relaxed)
            return count > 0 ? (code, count) : nil
        }
        return Snapshot(
            methods: methods, errors: errors.map { (code: $0.0, count: $0.1) },
            connectionsOpen: open.load(ordering: .relaxed),
            connectionsTotal: total.load(ordering: .relaxed),
            connectionsRejected: rejected.load(ordering: .relaxed),
            bytesIn: bytesIn.load(ordering: .relaxed), bytesOut: bytesOut.load(ordering: .relaxed),
            bytesInRaw: bytesInRaw.load(ordering: .relaxed),
            bytesOutRaw: bytesOutRaw.load(ordering: .relaxed))
    }
}
