import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl stats`: natoazd's counters.
struct Stats: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "stats",
        abstract: "Show natoazd's counters: requests, latency, errors, connections, bytes.",
        discussion: """
            May need administrative rights (exit status 2, permission denied, otherwise).

            JSON: one object with uptimeMs, generation, connectionsOpen, connectionsTotal, \
            connectionsRejected, bytesIn, bytesOut, bytesInRaw, bytesOutRaw, \
            corpusMemoryBytes, methods (array of {method, name, count, p50Micros, \
            p90Micros, p99Micros, p999Micros, maxMicros}) and errors (array of {code, \
            count}, code by name).
            """
    )

    @OptionGroup var global: GlobalOptions

    func makeRequest() -> Request.Body {
        .stats(StatsRequest())
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .stats(let stats) = body else { throw unexpected(body) }
        switch output.mode {
        case .json:
            var object = output.object()
            object.add("uptimeMs", stats.uptimeMs)
            object.add("generation", stats.generation)
            object.add("connectionsOpen", stats.connectionsOpen)
            object.add("connectionsTotal", stats.connectionsTotal)
            object.add("connectionsRejected", stats.connectionsRejected)
            object.add("bytesIn", stats.bytesIn)
            object.add("bytesOut", stats.bytesOut)
            object.add("bytesInRaw", stats.bytesInRaw)
            object.add("bytesOutRaw", stats.bytesOutRaw)
            object.add("corpusMemoryBytes", stats.corpusMemoryBytes)
            object.add(
                "methods",
                stats.methods.map { method in
                    var item = JSONObject()
                    item.add("method", method.method)
                    item.add("name", method.name)
                    item.add("count", method.count)
                    item.add("p50Micros", method.p50Us)
                    item.add("p90Micros", method.p90Us)
                    item.add("p99Micros", method.p99Us)
                    item.add("p999Micros", method.p999Us)
                    item.add("maxMicros", method.maxUs)
                    return item
                })
            object.add(
                "errors",
                stats.errors.map { error in
                    var item = JSONObject()
                    item.add("code", error.code.name)
                    item.add("count", error.count)
                    return item
                })
            output.emit(object)
        case .human, .tsv:
            var facts = TextTable(columns: 2)
            facts.append([
                "uptime", .init(Formatting.duration(microseconds: stats.uptimeMs * 1000)),
            ])
            facts.append(["generation", .init(String(stats.generation))])
            facts.append([
                "connections",
                .init(
                    "\(stats.connectionsOpen) open, \(stats.connectionsTotal) in all, "
                        + "\(stats.connectionsRejected) refused at the limit"),
            ])
            facts.append([
                "bytes in",
                .init(
                    "\(Formatting.bytes(stats.bytesIn)) (\(Formatting.bytes(stats.bytesInRaw)) raw)"
                ),
            ])
            facts.append([
                "bytes out",
                .init(
                    "\(Formatting.bytes(stats.bytesOut)) (\(Formatting.bytes(stats.bytesOutRaw)) raw)"
                ),
            ])
            facts.append(["corpus memory", .init(Formatting.bytes(stats.corpusMemoryBytes))])
            output.write(facts.render(style: output.style))
            output.line()
            var methods = TextTable(
                headers: ["METHOD", "COUNT", "P50", "P90", "P99", "P99.9", "MAX"],
                alignments: [.left, .right, .right, .right, .right, .right, .right])
            for method in stats.methods {
                methods.append(
                    [.init(method.name), .init(String(method.count))]
                        + [method.p50Us, method.p90Us, method.p99Us, method.p999Us, method.maxUs]
                        .map { .init(Formatting.duration(microseconds: $0)) })
            }
            output.write(methods.render(style: output.style))
            if !stats.errors.isEmpty {
                output.line()
                var errors = TextTable(headers: ["ERROR", "COUNT"], alignments: [.left, .right])
                for error in stats.errors {
                    errors.append([.init(error.code.name), .init(String(error.count))])
                }
                output.write(errors.render(style: output.style))
            }
        }
        return 1
    }
}

extension Stats {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Stats> {
        QuickSyntax()
    }
}
