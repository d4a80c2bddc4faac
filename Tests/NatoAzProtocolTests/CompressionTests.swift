import CZstd
import NatoAzProtocol
import Testing

@Suite("zstd compression")
struct CompressionTests {
    /// A search response big enough to be compressed.
    static let response = Response(id: 5, body: Fixtures.responses.first { $0.0 == "info" }!.1)
    static let text = Array(
        String(repeating: "NATO Azerbaijan Столтенберг Türkiye ", count: 40).utf8)

    static func compressedFrame(_ payload: [UInt8]) throws -> Frame {
        Frame(flags: .compressed, payload: try ZstdCompressor().compress(payload))
    }

    @Test("a codec with compression on sends large payloads compressed and reads them back")
    func roundTrip() throws {
        let sender = FrameCodec()
        sender.enableCompression(dictionary: nil)
        let bytes = try sender.encodeFrame(Self.response)
        var decoder = FrameDecoder()
        decoder.append(bytes)
        let frame = try #require(try decoder.nextFrame())
        #expect(frame.flags == .compressed)
        #expect(frame.payload.count < Self.response.encode().count)
        // The receiver never negotiated compression: compressed frames are always accepted.
        #expect(try FrameCodec().decode(frame, as: Response.self) == Self.response)
    }

    @Test("small payloads and incompressible ones are sent plain")
    func threshold() throws {
        let codec = FrameCodec()
        codec.enableCompression(dictionary: nil)
        let small = Request(id: 1, body: .ping(PingRequest()))
        #expect(try codec.encodeFrame(small)[4] == 0)
        var random: [UInt8] = []
        var state: UInt64 = 88_172_645_463_325_252
        for _ in 0..<2000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            random.append(UInt8(truncatingIfNeeded: state))
        }
        let noise = Request(id: 2, body: .ping(PingRequest(payload: random)))
        let frame = try codec.encodeFrame(noise)
        #expect(frame[4] == 0, "compression that does not shrink is not used")
        #expect(Array(frame[5...]) == noise.encode())
    }

    @Test("one compressor and decompressor serve many frames (contexts are reused)")
    func reuse() throws {
        let compressor = try ZstdCompressor()
        let decompressor = try ZstdDecompressor()
        for count in [1, 100, 3000, 10] {
            let input = Array(Self.text.prefix(count))
            let compressed = try compressor.compress(input)
            #expect(try decompressor.decompress(compressed, maxOutput: 1 << 20) == input)
        }
    }

    @Test("a frame declaring more than the limit is refused before allocating")
    func bomb() throws {
        let codec = FrameCodec(
            limits: ProtocolLimits(maxFrameBytes: 1 << 20, maxDecompressedBytes: 4096))
        let bomb = try Self.compressedFrame([UInt8](repeating: 0, count: 4097))
        #expect(bomb.payload.count < 64, "4 KiB of zeros compress to a few bytes")
        let error = #expect(throws: ProtocolError.self) { try codec.payload(of: bomb) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("declares 4097 bytes") == true)
        let exact = try Self.compressedFrame([UInt8](repeating: 0, count: 4096))
        #expect(try codec.payload(of: exact).count == 4096)
    }

    @Test("a 64 MiB bomb against the standard limit costs nothing")
    func bigBomb() throws {
        // A zstd frame header declaring 64 MiB (8-byte content size field), no blocks.
        // magic, FHD = 0b11_1_0_0_0_00 (FCS 8 bytes, single segment), size LE.
        var header: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xE0]
        withUnsafeBytes(of: UInt64(64 << 20).littleEndian) { header += $0 }
        let error = #expect(throws: ProtocolError.self) {
            try FrameCodec().payload(of: Frame(flags: .compressed, payload: header))
        }
        #expect(error?.code == .tooLarge)
    }

    @Test("a frame without a declared content size is refused")
    func unknownContentSize() throws {
        let cctx = try #require(ZSTD_createCCtx())
        defer { ZSTD_freeCCtx(cctx) }
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0)
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(Self.text.count))
        let size = output.withUnsafeMutableBytes { out in
            Self.text.withUnsafeBytes { src in
                ZSTD_compress2(cctx, out.baseAddress, out.count, src.baseAddress, src.count)
            }
        }
        #expect(ZSTD_isError(size) == 0)
        let frame = Frame(flags: .compressed, payload: Array(output.prefix(size)))
        let error = #expect(throws: ProtocolError.self) { try FrameCodec().payload(of: frame) }
        #expect(error?.message.contains("does not declare its content size") == true)
    }

    @Test("a content size that lies, either way, is refused", arguments: [-1, 1])
    func lyingContentSize(delta: Int) throws {
        var frame = try Self.compressedFrame(Array(Self.text.prefix(1000)))
        // FHD 0x60: 2-byte content size (value - 256), single segment, no dictionary id.
        try #require(frame.payload[4] == 0x60)
        let lie = UInt16(1000 - 256 + delta)
        frame.payload[5] = UInt8(lie & 0xFF)
        frame.payload[6] = UInt8(lie >> 8)
        let error = #expect(throws: ProtocolError.self) { try FrameCodec().payload(of: frame) }
        #expect(error?.code == .malformedFrame)
        #expect(error?.closesConnection == true)
    }

    @Test("corrupt zstd data is refused, never a crash")
    func corrupt() throws {
        let good = try Self.compressedFrame(Self.text)
        let codec = FrameCodec()
        var failures = 0
        for position in stride(from: 8, to: good.payload.count, by: 3) {
            var bad = good
            bad.payload[position] ^= 0x5A
            do {
                let payload = try codec.payload(of: bad)
                // A flip in a literal can decode to other text of the declared size: that is
                // caught later by protobuf decoding; here it must at least not grow.
                #expect(payload.count == Self.text.count)
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
        // After all that, the same codec still works.
        #expect(try codec.payload(of: good) == Self.text)
    }

    @Test(
        "payloads that are not exactly one zstd frame are refused",
        arguments: [
            ("not zstd at all", Array("hello, world".utf8), "not a zstd frame"),
            ("empty", [], "not a zstd frame"),
        ] as [(String, [UInt8], String)])
    func notZstd(name: String, payload: [UInt8], expected: String) {
        let error = #expect(throws: ProtocolError.self, "\(name)") {
            try FrameCodec().payload(of: Frame(flags: .compressed, payload: payload))
        }
        #expect(error?.message.contains(expected) == true, "\(name): \(String(describing: error))")
    }

    @Test("bytes after the zstd frame are refused")
    func trailingBytes() throws {
        let frame = try Self.compressedFrame(Self.text)
        for extra in [[0x00], frame.payload] as [[UInt8]] {
            let padded = Frame(flags: .compressed, payload: frame.payload + extra)
            let error = #expect(throws: ProtocolError.self) { try FrameCodec().payload(of: padded) }
            #expect(error?.message.contains("after its zstd frame") == true)
        }
    }

    @Test("a frame flagged with a dictionary when none was negotiated is refused")
    func dictionaryNotNegotiated() throws {
        var frame = try Self.compressedFrame(Self.text)
        frame.flags = [.compressed, .dictionary]
        let error = #expect(throws: ProtocolError.self) { try FrameCodec().payload(of: frame) }
        #expect(error?.message.contains("none was negotiated") == true)
    }

    @Test("a plain payload over the decompressed limit is refused")
    func plainOverLimit() {
        let codec = FrameCodec(
            limits: ProtocolLimits(maxFrameBytes: 1 << 20, maxDecompressedBytes: 10))
        #expect(throws: ProtocolError.self) {
            try codec.payload(of: Frame(payload: [UInt8](repeating: 1, count: 11)))
        }
    }

    @Test("a message over the peer's frame limit is refused, not sent")
    func peerLimit() throws {
        let codec = FrameCodec(peerMaxFrameBytes: 100)
        var output: [UInt8] = [0xEE]
        let error = #expect(throws: ProtocolError.self) {
            try codec.encodeFrame(Self.response, appendingTo: &output)
        }
        #expect(error?.code == .tooLarge)
        #expect(output == [0xEE], "nothing half-written stays in the buffer")
    }
}
