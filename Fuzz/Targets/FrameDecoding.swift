// libFuzzer target: the incremental frame decoder and the per-connection codec, fed the way a
// socket feeds them (bytes split at arbitrary points), then every payload decoded as a Request
// and as a Response.
//
// Oracle, besides "no crash, no sanitizer report": the decoder must not care how the stream is
// split. The frames (and the error, if any) from one append of the whole input must equal
// those from appends of the chunk sizes the first input byte chooses.
//
// Compiled into the NatoAzProtocol module by Fuzz/run.sh, so internal API is reachable.

/// Small limits, so the fuzzer reaches the over-limit paths and memory stays bounded.
private let fuzzLimits = ProtocolLimits(maxFrameBytes: 64 << 10, maxDecompressedBytes: 256 << 10)

private struct Outcome: Equatable {
    var frames: [Frame] = []
    var error: ProtocolError?
    var endError: ProtocolError?
}

private func decodeFrames(_ input: [UInt8], chunkSizes: [Int]) -> Outcome {
    var decoder = FrameDecoder(limits: fuzzLimits)
    var outcome = Outcome()
    var start = 0
    var sizeIndex = 0
    feeding: while start < input.count {
        let size = chunkSizes.isEmpty ? input.count : chunkSizes[sizeIndex % chunkSizes.count]
        sizeIndex += 1
        let end = min(input.count, start + max(size, 1))
        decoder.append(input[start..<end])
        start = end
        do {
            while let frame = try decoder.nextFrame() { outcome.frames.append(frame) }
        } catch {
            outcome.error = error
            break feeding
        }
    }
    if outcome.error == nil {
        do { try decoder.finish() } catch { outcome.endError = error }
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoding(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))

    let whole = decodeFrames(input, chunkSizes: [])
    // Chunk sizes from the control byte: 1-byte feeding, small primes, or header-straddling.
    let patterns: [[Int]] = [[1], [2, 3], [4, 1, 7], [5], [13, 1], [64], [3, 5, 8, 13]]
    let split = decodeFrames(input, chunkSizes: patterns[Int(control) % patterns.count])
    precondition(whole == split, "frame decoding depends on how the stream is split")

    let codec = FrameCodec(limits: fuzzLimits)
    if control & 0x80 != 0 { codec.enableCompression(dictionary: .bundled) }
    for frame in whole.frames {
        guard let payload = try? codec.payload(of: frame) else { continue }
        precondition(payload.count <= fuzzLimits.maxDecompressedBytes, "payload over the limit")
        _ = try? Request(decoding: payload)
        _ = try? Response(decoding: payload)
        _ = Request.peekID(in: payload)
    }
    return 0
}
