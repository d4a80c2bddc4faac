// Frame codec and zstd: the per-request protocol work both natoazd and its clients do.
import Benchmark
import NatoAzProtocol

/// A Search response like the daemon sends for a ten-hit page (realistic sizes and text).
private func searchResponse() -> Response {
    let hits = (0..<10).map { index in
        Hit(
            id: "0000\(index)_b63174de97e40d1a", score: 12.5 - Double(index),
            title: "Ilham Aliyev receives NATO delegation in Brussels",
            date: "2021-12-14", lang: index % 3 == 0 ? "ru" : "en",
            snippet: "President of the Republic of Azerbaijan Ilham Aliyev received a NATO "
                + "delegation. The services of Azerbaijani Armed Forces in the Resolute Support "
                + "operation in Afghanistan were praised.",
            highlights: [ByteRange(start: 43, end: 48), ByteRange(start: 70, end: 74)])
    }
    return Response(id: 42, body: .search(SearchResponse(total: 1_234, hits: hits, generation: 1)))
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        maxDuration: .seconds(2), maxIterations: 1_000_000)

    let response = searchResponse()
    let request = Request(id: 42, body: .search(SearchRequest(query: "nato resolute", limit: 10)))

    // What the harness itself allocates per sample: subtract it from the rows below.
    Benchmark("Baseline: empty loop") { benchmark in
        for index in benchmark.scaledIterations { blackHole(index) }
    }

    Benchmark("Frame encode: Search request") { benchmark in
        let codec = FrameCodec()
        for _ in benchmark.scaledIterations { blackHole(try codec.encodeFrame(request)) }
    }

    Benchmark("Frame encode: Search response, 10 hits") { benchmark in
        let codec = FrameCodec()
        for _ in benchmark.scaledIterations { blackHole(try codec.encodeFrame(response)) }
    }

    Benchmark("Frame decode: Search request") { benchmark in
        let codec = FrameCodec()
        let bytes = try codec.encodeFrame(request)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var decoder = FrameDecoder()
            decoder.append(bytes)
            if let frame = try decoder.nextFrame() {
                blackHole(try codec.decode(frame, as: Request.self))
            }
        }
    }

    Benchmark("Frame decode: Search response, 10 hits") { benchmark in
        let codec = FrameCodec()
        let bytes = try codec.encodeFrame(response)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var decoder = FrameDecoder()
            decoder.append(bytes)
            if let frame = try decoder.nextFrame() {
                blackHole(try codec.decode(frame, as: Response.self))
            }
        }
    }

    Benchmark(
        "Frame decoder: 1000 Ping frames fed 7 bytes at a time",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark in
        let codec = FrameCodec()
        var stream: [UInt8] = []
        for id in 0..<1_000 {
            try codec.encodeFrame(
                Request(id: UInt64(id), body: .ping(PingRequest())), appendingTo: &stream)
        }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations
            .lowerBound..<max(1, benchmark.scaledIterations.count / 1_000)
        {
            var decoder = FrameDecoder()
            var offset = 0
            while offset < stream.count {
                let end = min(offset + 7, stream.count)
                decoder.append(stream[offset..<end])
                while let frame = try decoder.nextFrame() { blackHole(frame) }
                offset = end
            }
        }
    }

    // zstd on a Search response payload (about 1.6 KB), with and without the dictionary.
    let payload: [UInt8] = {
        var writer = ProtobufWriter(reservingCapacity: 2_048)
        response.encode(to: &writer)
        return writer.bytes
    }()
    let dictionary = ZstdDictionary.bundled

    Benchmark("zstd compress: Search response, no dictionary") { benchmark in
        let compressor = try ZstdCompressor()
        for _ in benchmark.scaledIterations { blackHole(try compressor.compress(payload)) }
    }

    Benchmark("zstd compress: Search response, with dictionary") { benchmark in
        let compressor = try ZstdCompressor()
        for _ in benchmark.scaledIterations {
            blackHole(try compressor.compress(payload, dictionary: dictionary))
        }
    }

    Benchmark("zstd decompress: Search response, no dictionary") { benchmark in
        let compressed = try ZstdCompressor().compress(payload)
        let decompressor = try ZstdDecompressor()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try decompressor.decompress(compressed, maxOutput: 1 << 20))
        }
    }

    Benchmark("zstd decompress: Search response, with dictionary") { benchmark in
        let compressed = try ZstdCompressor().compress(payload, dictionary: dictionary)
        let decompressor = try ZstdDecompressor()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(
                try decompressor.decompress(compressed, maxOutput: 1 << 20, dictionary: dictionary))
        }
    }
}
