import NatoAzProtocol

/// Finds document ids for `get` requests by asking the daemon itself: a few searches on the
/// given queries (one connection, one request at a time), keeping the ids of the hits.
public enum IDCollector {
    /// Up to `limit` distinct document ids from the hits of `queries` on the daemon at
    /// `socketPath`.
    ///
    /// - Throws: ``LoadError`` when the daemon cannot be reached, refuses the handshake or
    ///   does not answer within `timeoutMilliseconds`.
    public static func collect(
        socketPath: String, queries: [String], limit: UInt32 = 100, timeoutMilliseconds: Int32
    ) throws(LoadError) -> [String] {
        let socket = try BenchSocket(path: socketPath, timeoutMilliseconds: timeoutMilliseconds)
        let codec = FrameCodec(limits: .handshake)
        var decoder = FrameDecoder(limits: .handshake)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }

        func call(_ request: Request) throws(LoadError) -> Response {
            do {
                try socket.write(
                    codec.encodeFrame(request))
            } catch let error as LoadError {
                throw error
            } catch {
                throw LoadError("cannot encode a request: \(error)")
            }
            while true {
                do {
                    if let frame = try decoder.nextFrame() {
                        return try codec.decode(frame, as: Response.self)
                    }
                } catch {
                    throw LoadError(
                        "bad response while collecting ids: \(error)", code: error.code.name)
                }
                let count = try socket.read(into: buffer)
                if count == 0 {
                    throw LoadError("the server closed the connection", code: "closed")
                }
                decoder.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }

        let reply = try call(
            Request(
                id: 1, body: .hello(Handshake.hello(clientName: "natoaz-bench", compression: false))
            ))
        guard case .hello(let agreed)? = reply.body else {
            throw LoadError(
                "handshake refused: \(reply.error?.message ?? "no Hello in the reply")",
                code: "handshake")
        }
        let limits = agreed.limits.map(ProtocolLimits.init(announced:)) ?? .standard
        codec.limits = limits
        decoder.limits = limits

        var ids: [String] = []
        var seen = Set<String>()
        var next: UInt64 = 2
        for query in queries {
            let response = try call(
                Request(id: next, body: .search(SearchRequest(query: query, limit: limit))))
            next += 1
            guard case .search(let search)? = response.body else { continue }
            for hit in search.hits where seen.insert(hit.id).inserted { ids.append(hit.id) }
        }
        return ids
    }
}
