import Histogram

/// The outcome of a run: throughput, latency percentiles (HdrHistogram, nanosecond values,
/// three significant digits), errors by code, and bytes on the wire.
public struct LoadReport: Sendable {
    /// What the run was asked to do.
    public let options: LoadOptions
    /// The names latencies are reported by: query classes for search, methods for the mix,
    /// the method otherwise.
    public let groups: [String]
    let result: ConnectionResult
    /// Wall-clock time of the run, the connections' handshakes included.
    public let seconds: Double

    init(options: LoadOptions, groups: [String], result: ConnectionResult, seconds: Double) {
        self.options = options
        self.groups = groups
        self.result = result
        self.seconds = seconds
    }

    static func makeHistogram() -> Histogram<UInt64> {
        // 1 ns .. 10 minutes at 3 significant digits: about 30 KB per histogram.
        Histogram<UInt64>(
            highestTrackableValue: 600_000_000_000, numberOfSignificantValueDigits: .three)
    }

    /// All groups' latencies together.
    var overall: Histogram<UInt64> {
        var all = Self.makeHistogram()
        for histogram in result.latencies { all.add(histogram) }
        return all
    }

    /// Requests answered (successfully or with an error response).
    public var completed: Int { result.completed }
    /// Error responses and transport failures, by error code name.
    public var errors: [String: Int] { result.errors }
    /// Errors of every code together.
    public var errorCount: Int { result.errors.values.reduce(0, +) }
    /// Answers per second over the run.
    public var requestsPerSecond: Double { Double(result.completed) / max(seconds, 1e-9) }
    /// Bytes written to the socket, frames whole.
    public var bytesSent: Int { result.bytesSent }
    /// Bytes read from the socket, frames whole.
    public var bytesReceived: Int { result.bytesReceived }
    /// The first transport or handshake failure, when there was one.
    public var failure: String? { result.failure }

    /// One JSON object (the interface scripts rely on): at least rps, p50_us, p99_us, max_us
    /// and errors.
    public var json: String {
        let all = overall
        var fields: [(String, String)] = [
            ("method", quoted(options.method.rawValue)),
            ("connections", String(options.connections)),
            ("threads", String(options.threads)),
            ("in_flight", String(options.inFlight)),
            ("batched", String(options.batched)),
            ("requests", String(options.requests)),
            ("completed", String(result.completed)),
            ("seconds", number(seconds, 3)),
            ("rps", number(requestsPerSecond, 1)),
        ]
        fields += percentileFields(all)
        fields.append(("errors", String(errorCount)))
        fields.append(
            (
                "errors_by_code",
                "{"
                    + errors.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\($0.value)" }
                    .joined(separator: ",") + "}"
            ))
        fields.append(("bytes_sent", String(result.bytesSent)))
        fields.append(("bytes_received", String(result.bytesReceived)))
        if groups.count > 1 {
            let key = options.method == .search ? "classes" : "methods"
            let entries = groups.indices.compactMap { index -> String? in
                let histogram = result.latencies[index]
                guard histogram.totalCount > 0 else { return nil }
                var group = [("count", String(histogram.totalCount))] + percentileFields(histogram)
                if options.method == .search {
                    group.append(
                        (
                            "hits_per_query",
                            number(Double(result.hits[index]) / Double(histogram.totalCount), 1)
                        ))
                }
                return quoted(groups[index]) + ":" + object(group)
            }
            fields.append((key, "{" + entries.joined(separator: ",") + "}"))
        }
        if let failure = result.failure { fields.append(("first_failure", quoted(failure))) }
        return object(fields)
    }

    /// A table for people.
    public var text: String {
        let all = overall
        var lines: [String] = []
        lines.append(
            "\(options.method.rawValue): \(result.completed) requests in \(number(seconds, 2)) s "
                + "over \(options.connections) connection(s) x \(options.inFlight) in flight: "
                + "\(number(requestsPerSecond, 0)) requests/s")
        lines.append(
            "latency us: p50 \(micro(all, 50)) p90 \(micro(all, 90)) p99 \(micro(all, 99)) "
                + "p99.9 \(micro(all, 99.9)) max \(number(Double(all.max) / 1000, 1))")
        if groups.count > 1 {
            for index in groups.indices where result.latencies[index].totalCount > 0 {
                let histogram = result.latencies[index]
                var line =
                    "  " + groups[index].padding(9)
                    + " n \(histogram.totalCount) p50 \(micro(histogram, 50)) "
                    + "p99 \(micro(histogram, 99)) max \(number(Double(histogram.max) / 1000, 1))"
                if options.method == .search {
                    line +=
                        " hits/query \(number(Double(result.hits[index]) / Double(histogram.totalCount), 1))"
                }
                lines.append(line)
            }
        }
        lines.append(
            "bytes: sent \(result.bytesSent) (\(perRequest(result.bytesSent))/request), received "
                + "\(result.bytesReceived) (\(perRequest(result.bytesReceived))/request)")
        if errors.isEmpty {
            lines.append("errors: none")
        } else {
            lines.append(
                "errors: \(errorCount) ("
                    + errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                        separator: ", ")
                    + ")")
        }
        if let failure = result.failure { lines.append("first failure: \(failure)") }
        return lines.joined(separator: "\n")
    }

    private func percentileFields(_ histogram: Histogram<UInt64>) -> [(String, String)] {
        [
            ("p50_us", micro(histogram, 50)), ("p90_us", micro(histogram, 90)),
            ("p99_us", micro(histogram, 99)), ("p999_us", micro(histogram, 99.9)),
            ("max_us", number(Double(histogram.totalCount == 0 ? 0 : histogram.max) / 1000, 1)),
        ]
    }

    private func micro(_ histogram: Histogram<UInt64>, _ percentile: Double) -> String {
        guard histogram.totalCount > 0 else { return "0" }
        return number(Double(histogram.valueAtPercentile(percentile)) / 1000, 1)
    }

    private func perRequest(_ bytes: Int) -> String {
        number(Double(bytes) / Double(max(1, result.completed)), 1)
    }
}

private func object(_ fields: [(String, String)]) -> String {
    "{" + fields.map { quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
}

/// A JSON string literal.
func quoted(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: output.unicodeScalars.append(scalar)
        }
    }
    return output + "\""
}

/// A number with `digits` decimals, for JSON and tables (no Foundation formatting).
func number(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = UInt64(scaled / scale)
    let fraction = UInt64(scaled - Double(whole) * scale)
    let sign = value < 0 && scaled > 0 ? "-" : ""
    guard digits > 0 else { return sign + String(whole) }
    let text = String(fraction)
    return sign + String(whole) + "." + String(repeating: "0", count: digits - text.count) + text
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
