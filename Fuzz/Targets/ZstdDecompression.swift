// libFuzzer target: bounded zstd decompression of untrusted payloads, with and without the
// bundled dictionary, through one reused decompressor (as a connection uses it).
//
// Oracles, besides "no crash, no sanitizer report":
// - the output never exceeds the limit (no decompression bomb gets through);
// - compressing the input and decompressing it gives the input back, with and without the
//   dictionary.
//
// Compiled into the NatoAzProtocol module by Fuzz/run.sh, so internal API is reachable.

private let maxOutput = 256 << 10
nonisolated(unsafe) private let decompressor = try! ZstdDecompressor(maxWindowLog: 18)
nonisolated(unsafe) private let compressor = try! ZstdCompressor()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZstdDecompression(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let useDictionary = data[0] & 1 == 1
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let dictionary: ZstdDictionary? = useDictionary ? .bundled : nil

    if let output = try? decompressor.decompress(
        input, maxOutput: maxOutput, dictionary: dictionary)
    {
        precondition(output.count <= maxOutput, "decompressed past the limit")
    }

    if input.count <= maxOutput {
        do {
            let packed = try compressor.compress(input, dictionary: dictionary)
            let unpacked = try decompressor.decompress(
                packed, maxOutput: maxOutput, dictionary: dictionary)
            precondition(unpacked == input, "zstd round trip changed the data")
        } catch {
            preconditionFailure("zstd round trip failed: \(error)")
        }
    }
    return 0
}
