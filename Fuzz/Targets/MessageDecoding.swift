// libFuzzer target: the protobuf message decoders (Request and Response envelopes, and the
// Hello bodies a server decodes before anything else).
//
// Oracle, besides "no crash": a decoded message survives a round trip. Encoding it and
// decoding the result must give the same value (NaN-tolerant), and encoding is deterministic (a second
// encode of the re-decoded value gives the same bytes). Unknown method bodies are skipped on
// decode and not re-encoded, so they are compared as absent.
//
// Compiled into the NatoAzProtocol module by Fuzz/run.sh, so internal API is reachable.

private func checkRoundTrip<M: WireMessage>(_ message: M, normalized: (M) -> M = { $0 }) {
    let bytes = message.encode()
    let again: M
    do {
        again = try M(decoding: bytes)
    } catch {
        preconditionFailure("re-decoding an encoded \(M.protoName) failed: \(error)")
    }
    // Doubles may be NaN, which is unequal to itself: then compare the printed values.
    let (before, after) = (normalized(message), normalized(again))
    precondition(
        after == before || "\(after)" == "\(before)", "\(M.protoName) changed in a round trip")
    precondition(again.encode() == bytes, "\(M.protoName) encoding is not deterministic")
}

private func withoutUnknownBody(_ request: Request) -> Request {
    var copy = request
    if case .unknown? = copy.body { copy.body = nil }
    return copy
}

private func withoutUnknownBody(_ response: Response) -> Response {
    var copy = response
    if case .unknown? = copy.body { copy.body = nil }
    return copy
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessageDecoding(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let request = try? Request(decoding: bytes) {
        checkRoundTrip(request, normalized: withoutUnknownBody)
    }
    if let response = try? Response(decoding: bytes) {
        checkRoundTrip(response, normalized: withoutUnknownBody)
    }
    if let hello = try? HelloRequest(decoding: bytes) { checkRoundTrip(hello) }
    if let hello = try? HelloResponse(decoding: bytes) { checkRoundTrip(hello) }
    _ = Request.peekID(in: bytes)
    return 0
}
