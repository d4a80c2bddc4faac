// Writes the seed corpora of the protocol fuzz targets (Fuzz/run.sh builds and runs this with
// the NatoAzProtocol sources):
//
//   <out>/frame-decoding/      whole frames, prefixed by the target's control byte
//   <out>/message-decoding/    Request and Response payloads
//   <out>/zstd-decompression/  zstd payloads, prefixed by the dictionary-choice byte
//
// from a sample of encoded messages (plain, zstd, zstd + dictionary) and, when present, the
// golden vectors in Protocol/vectors/ (the hex on each `*.txt` file's `frame:` line).

import Glibc

@main
enum ProtocolSeeds {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            print("usage: protocol-seeds VECTORS_DIR OUT_DIR")
            exit(2)
        }
        let (vectorsDir, out) = (arguments[1], arguments[2])
        var frames = try sampleFrames()
        frames.append(contentsOf: readVectors(in: vectorsDir))

        var count = 0
        for (index, frame) in frames.enumerated() {
            write([0x00] + frame, to: "\(out)/frame-decoding/sample-\(index)")
            write([0x83] + frame, to: "\(out)/frame-decoding/sample-\(index)-dict")
            guard frame.count > Frame.headerSize else { continue }
            let flags = frame[4]
            let payload = Array(frame[Frame.headerSize...])
            if flags == 0 {
                write(payload, to: "\(out)/message-decoding/sample-\(index)")
            } else if flags & 1 == 1 {
                write([flags >> 1 & 1] + payload, to: "\(out)/zstd-decompression/sample-\(index)")
            }
            count += 1
        }
        print("protocol-seeds: \(frames.count) frames (\(count) with payloads) into \(out)")
    }

    /// One request per method and a few responses, each plain, compressed, and compressed
    /// with the bundled dictionary.
    static func sampleFrames() throws -> [[UInt8]] {
        let requests: [Request.Body] = [
            .hello(
                Handshake.hello(clientName: "fuzz-seed", dictionaryIDs: [ZstdDictionary.bundled.id])
            ),
            .ping(PingRequest(payload: Array("natoaz".utf8))),
            .info(InfoRequest()),
            .describe(DescribeRequest()),
            .search(
                SearchRequest(
                    query: "NATO \"partnership for peace\" lang:en -Russia", limit: 10, offset: 5)),
            .get(GetRequest(id: "000_b63174de97e40d1a")),
            .kwic(KwicRequest(query: "Azerbaijan", width: 40, limit: 20)),
            .terms(TermsRequest(lang: "az", prefix: "türk", limit: 50)),
            .suggest(SuggestRequest(prefix: "stolt", limit: 8)),
            .similar(SimilarRequest(id: "002_163f1bbd0ac872e2", limit: 5)),
            .stats(StatsRequest()),
            .reload(ReloadRequest()),
        ]
        let hits = (0..<5).map { number in
            Hit(
                id: "00\(number)_b63174de97e40d1a", score: 1.5 / Double(number + 1),
                title: "Ильхам Алиев встретился с генеральным секретарем НАТО", date: "2021-12-14",
                lang: "ru",
                snippet: "NATO Secretary General thanked Azerbaijan for its contribution",
                highlights: [ByteRange(start: 0, end: 4)])
        }
        let responses: [Response] = [
            Response(id: 7, body: .search(SearchResponse(total: 42, hits: hits, generation: 3))),
            Response(id: 8, body: .ping(PingResponse(payload: Array("natoaz".utf8)))),
            Response(
                id: 9,
                error: ResponseError(
                    code: .invalidArgument, message: "unbalanced quote at column 7",
                    field: "search.query")),
        ]
        let messages: [any WireMessage] =
            requests.enumerated().map {
                Request(id: UInt64($0.offset + 1), deadlineMs: 500, body: $0.element)
            }
            + responses

        var frames: [[UInt8]] = []
        for dictionary in [nil, ZstdDictionary.bundled] as [ZstdDictionary?] {
            for compressed in [false, true] where compressed || dictionary == nil {
                let codec = FrameCodec()
                if compressed {
                    codec.enableCompression(dictionary: dictionary)
                    codec.compressionThreshold = 0
                }
                for message in messages { frames.append(try codec.encodeFrame(message)) }
            }
        }
        return frames
    }

    static func readVectors(in directory: String) -> [[UInt8]] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var frames: [[UInt8]] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            guard name.hasSuffix(".txt"), let text = read("\(directory)/\(name)") else { continue }
            for line in String(decoding: text, as: UTF8.self).split(separator: "\n")
            where line.hasPrefix("frame:") {
                if let frame = hexBytes(line.dropFirst("frame:".count)) { frames.append(frame) }
            }
        }
        return frames
    }

    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.filter { !$0.isWhitespace }.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for at in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[at..<at + 2], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    static func write(_ bytes: [UInt8], to path: String) {
        guard let file = fopen(path, "wb") else {
            print("protocol-seeds: cannot write \(path)")
            exit(1)
        }
        _ = fwrite(bytes, 1, bytes.count, file)
        fclose(file)
    }
}
