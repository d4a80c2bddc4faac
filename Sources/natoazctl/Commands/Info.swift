import ArgumentParser
import NatoAzClient
import NatoAzProtocol

/// `natoazctl info`: what natoazd is serving, and which files it rejected or repaired.
struct Info: QuickParsable {
    static let configuration = CommandConfiguration(
        // Named explicitly: deriving the name from the type costs a runtime type lookup
        // per subcommand at every start (measured, see BENCHMARKS.md).
        commandName: "info",
        abstract: "Show what natoazd serves: versions, corpus, load report, limits.",
        discussion: """
            Lists the files natoazd rejected (not loaded) and repaired (loaded after a fix), \
            each with the reason.

            JSON: one object with the keys serverVersion, protocolVersion, generation, \
            documentCount, corpusPath, bytesRead, loadTimeMicros, loadedAt (UTC, \
            "YYYY-MM-DD hh:mm:ss UTC"), loadedAtUnixMs, uptimeMs, limits (object: \
            maxFrameBytes, maxDecompressedBytes, maxInFlight, idleTimeoutMs, maxResults, \
            handshakeTimeoutMs, frameTimeoutMs; 0 = none announced), rejected and repaired (arrays of \
            {file, reason}), ignored (array of file names), rejectedCount, repairedCount and \
            ignoredCount (how many there are: natoazd lists at most the first 1000 of each), \
            entityTable (the alias table's \
            state, or null), lastReload (null, or generation, \
            ok, message, finishedAtUnixMs, durationMicros, documentCount, rejectedCount), \
            corpusSource ("text" or "snapshot": where this generation came from; null from \
            an older natoazd), snapshotPath and snapshotWrittenAt (the snapshot file it was \
            reopened from and when that was written, or null), snapshotWrittenAtUnixMs (0 \
            when none), lookupsState ("building" or "ready": Suggest, Terms and Entities \
            wait until ready; null from an older natoazd).
            """
    )

    @OptionGroup var global: GlobalOptions

    func makeRequest() -> Request.Body {
        .info(InfoRequest())
    }

    func render(_ body: Response.Body, to output: inout Output) throws(ClientFailure) -> Int {
        guard case .info(let info) = body else { throw unexpected(body) }
        switch output.mode {
        case .json: output.emit(json(info, output.object()))
        case .human, .tsv: human(info, &output)
        }
        return 1
    }

    private func json(_ info: InfoResponse, _ start: JSONObject) -> JSONObject {
        var object = start
        object.add("serverVersion", Formatting.present(info.serverVersion))
        object.add("protocolVersion", info.protocolVersion)
        object.add("generation", info.generation)
        object.add("documentCount", info.documentCount)
        object.add("corpusPath", Formatting.present(info.corpusPath))
        object.add("bytesRead", info.bytesRead)
        object.add("loadTimeMicros", info.loadTimeUs)
        object.add(
            "loadedAt",
            info.loadedAtUnixMs == 0
                ? nil : Formatting.timestamp(unixMilliseconds: info.loadedAtUnixMs))
        object.add("loadedAtUnixMs", info.loadedAtUnixMs)
        object.add("uptimeMs", info.uptimeMs)
        object.add("limits", info.limits.map(Self.json(limits:)))
        object.add("rejected", info.rejected.map(Self.json(issue:)))
        object.add("repaired", info.repaired.map(Self.json(issue:)))
        object.add("ignored", info.ignored)
        object.add("rejectedCount", Self.count(info.rejectedCount, listed: info.rejected.count))
        object.add("repairedCount", Self.count(info.repairedCount, listed: info.repaired.count))
        object.add("ignoredCount", Self.count(info.ignoredCount, listed: info.ignored.count))
        object.add("entityTable", Formatting.present(info.entityTable))
        object.add("lastReload", info.lastReload.map(Self.json(reload:)))
        object.add("corpusSource", Self.name(info.corpusSource))
        object.add("snapshotPath", Formatting.present(info.snapshotPath))
        object.add(
            "snapshotWrittenAt",
            info.snapshotWrittenAtUnixMs == 0
                ? nil : Formatting.timestamp(unixMilliseconds: info.snapshotWrittenAtUnixMs))
        object.add("snapshotWrittenAtUnixMs", info.snapshotWrittenAtUnixMs)
        object.add("lookupsState", Self.name(info.lookupsState))
        return object
    }

    /// "text" or "snapshot"; nil when the server did not say; the enum's name for a value
    /// this build does not know.
    static func name(_ source: CorpusSource) -> String? {
        switch source {
        case .unspecified: nil
        case .text: "text"
        case .snapshot: "snapshot"
        default: source.name
        }
    }

    /// "building" or "ready"; nil when the server did not say; the enum's name otherwise.
    static func name(_ state: LookupsState) -> String? {
        switch state {
        case .unspecified: nil
        case .building: "building"
        case .ready: "ready"
        default: state.name
        }
    }

    /// Where the generation came from, as the human table shows it, or nil when not said.
    static func describeSource(_ info: InfoResponse) -> String? {
        guard let source = name(info.corpusSource) else { return nil }
        guard info.corpusSource == .snapshot else { return source }
        var text = "snapshot " + (info.snapshotPath.isEmpty ? "-" : info.snapshotPath)
        if info.snapshotWrittenAtUnixMs > 0 {
            text +=
                ", written \(Formatting.timestamp(unixMilliseconds: info.snapshotWrittenAtUnixMs))"
            if info.loadedAtUnixMs >= info.snapshotWrittenAtUnixMs {
                let age = (info.loadedAtUnixMs - info.snapshotWrittenAtUnixMs) * 1000
                text += " (\(Formatting.duration(microseconds: age)) before this load)"
            }
        }
        return text
    }

    static func json(limits: Limits) -> JSONObject {
        var object = JSONObject()
        object.add("maxFrameBytes", limits.maxFrameBytes)
        object.add("maxDecompressedBytes", limits.maxDecompressedBytes)
        object.add("maxInFlight", limits.maxInFlight)
        object.add("idleTimeoutMs", limits.idleTimeoutMs)
        object.add("maxResults", limits.maxResults)
        object.add("handshakeTimeoutMs", limits.handshakeTimeoutMs)
        object.add("frameTimeoutMs", limits.frameTimeoutMs)
        return object
    }

    private static func json(issue: FileIssue) -> JSONObject {
        var object = JSONObject()
        object.add("file", issue.file)
        object.add("reason", issue.reason)
        return object
    }

    static func json(reload: ReloadOutcome) -> JSONObject {
        var object = JSONObject()
        object.add("generation", reload.generation)
        object.add("ok", reload.ok)
        object.add("message", Formatting.present(reload.message))
        object.add("finishedAtUnixMs", reload.finishedAtUnixMs)
        object.add("durationMicros", reload.durationUs)
        object.add("documentCount", reload.documentCount)
        object.add("rejectedCount", reload.rejectedCount)
        return object
    }

    private func human(_ info: InfoResponse, _ output: inout Output) {
        let style = output.style
        var table = TextTable(columns: 2)
        let version = info.serverVersion.isEmpty ? "natoazd" : "natoazd \(info.serverVersion)"
        output.line(style.bold(version) + ", protocol \(info.protocolVersion)")
        table.append(["uptime", .init(Formatting.duration(microseconds: info.uptimeMs * 1000))])
        table.append([
            "corpus",
            .init(
                "\(info.corpusPath.isEmpty ? "-" : info.corpusPath) (generation \(info.generation))"
            ),
        ])
        table.append([
            "documents",
            .init(
                "\(info.documentCount), \(Formatting.bytes(info.bytesRead)) read, loaded in "
                    + "\(Formatting.duration(microseconds: info.loadTimeUs)) at "
                    + Formatting.timestamp(unixMilliseconds: info.loadedAtUnixMs)),
        ])
        if let source = Self.describeSource(info) { table.append(["source", .init(source)]) }
        if let state = Self.name(info.lookupsState) {
            table.append([
                "lookups",
                .init(
                    info.lookupsState == .building
                        ? "building (Suggest, Terms and Entities wait for it)" : state),
            ])
        }
        if let limits = info.limits {
            table.append(["limits", .init(Self.describe(limits))])
        }
        if let reload = info.lastReload {
            let outcome = reload.ok ? "ok" : "FAILED"
            let detail = reload.message.isEmpty ? "" : ": \(reload.message)"
            table.append([
                "last reload",
                .init(
                    "\(outcome) at \(Formatting.timestamp(unixMilliseconds: reload.finishedAtUnixMs))"
                        + detail),
            ])
        }
        table.append(["rejected", .init(Self.files(info.rejectedCount, listed: info.rejected))])
        table.append(["repaired", .init(Self.files(info.repairedCount, listed: info.repaired))])
        table.append(["ignored", .init(Self.files(info.ignoredCount, listed: info.ignored))])
        if !info.entityTable.isEmpty { table.append(["entities", .init(info.entityTable)]) }
        output.write(table.render(style: style))
        for (title, issues) in [("rejected", info.rejected), ("repaired", info.repaired)]
        where !issues.isEmpty {
            output.line()
            var list = TextTable(headers: [title.uppercased(), "REASON"])
            for issue in issues { list.append([.init(issue.file), .init(issue.reason)]) }
            output.write(list.render(style: style))
        }
        if !info.ignored.isEmpty {
            output.line()
            output.line("ignored (not articles): " + info.ignored.joined(separator: ", "))
        }
    }

    /// How many files there are: natoazd lists at most 1000 and counts them all; an older
    /// natoazd sends no count and lists every one.
    private static func count(_ count: UInt32, listed: Int) -> Int {
        max(Int(count), listed)
    }

    /// "3 files", or "150000 files (the first 1000 listed)".
    private static func files<List: Collection>(_ count: UInt32, listed: List) -> String {
        let all = Self.count(count, listed: listed.count)
        return all > listed.count
            ? "\(all) files (the first \(listed.count) listed)" : "\(all) files"
    }

    private static func describe(_ limits: Limits) -> String {
        var parts: [String] = []
        if limits.maxFrameBytes > 0 {
            parts.append("frames \(Formatting.bytes(UInt64(limits.maxFrameBytes)))")
        }
        if limits.maxDecompressedBytes > 0 {
            parts.append(
                "decompressed \(Formatting.bytes(UInt64(limits.maxDecompressedBytes)))")
        }
        if limits.maxInFlight > 0 { parts.append("\(limits.maxInFlight) in flight") }
        if limits.maxResults > 0 { parts.append("\(limits.maxResults) results") }
        if limits.idleTimeoutMs > 0 {
            parts.append(
                "idle \(Formatting.duration(microseconds: UInt64(limits.idleTimeoutMs) * 1000))")
        }
        return parts.isEmpty ? "none announced" : parts.joined(separator: ", ")
    }
}

extension Info {
    /// The options above, for `QuickParse`; keep the two in step (`QuickParseTests` checks).
    static var quickSyntax: QuickSyntax<Info> {
        QuickSyntax()
    }
}
