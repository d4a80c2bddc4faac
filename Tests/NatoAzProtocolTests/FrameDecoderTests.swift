import NatoAzProtocol
import Testing

@Suite("Frame decoder")
struct FrameDecoderTests {
    static let frames: [Frame] = [
        Frame(payload: Request(id: 1, body: .ping(PingRequest())).encode()),
        Frame(payload: []),
        Frame(payload: Request(id: 2, body: .search(SearchRequest(query: "NATO"))).encode()),
        Frame(flags: .compressed, payload: [UInt8](repeating: 0xAA, count: 300)),
    ]
    static let stream = frames.flatMap(FrameEncoder.encode)

    @Test("a frame's bytes: big-endian length of flags + payload, flags, payload")
    func layout() {
        let bytes = FrameEncoder.encode(Frame(flags: .compressed, payload: [0x61, 0x62]))
        #expect(bytes == [0x00, 0x00, 0x00, 0x03, 0x01, 0x61, 0x62])
    }

    @Test("frames fed one byte at a time come out whole and in order")
    func byteAtATime() throws {
        var decoder = FrameDecoder()
        var decoded: [Frame] = []
        for byte in Self.stream {
            decoder.append([byte])
            while let frame = try decoder.nextFrame() { decoded.append(frame) }
        }
        #expect(decoded == Self.frames)
        try decoder.finish()
    }

    @Test("frames split at every possible point come out whole")
    func everySplit() throws {
        for split in 0...Self.stream.count {
            var decoder = FrameDecoder()
            var decoded: [Frame] = []
            decoder.append(Self.stream[..<split])
            while let frame = try decoder.nextFrame() { decoded.append(frame) }
            decoder.append(Self.stream[split...])
            while let frame = try decoder.nextFrame() { decoded.append(frame) }
            #expect(decoded == Self.frames, "split at \(split)")
            #expect(decoder.bufferedByteCount == 0)
        }
    }

    @Test("a length over the limit is refused from the header alone")
    func tooLarge() {
        var decoder = FrameDecoder(
            limits: ProtocolLimits(maxFrameBytes: 100, maxDecompressedBytes: 100))
        decoder.append([0x00, 0x00, 0x00, 0x65, 0x00])  // 101: one over, no payload sent
        let error = #expect(throws: ProtocolError.self) { try decoder.nextFrame() }
        #expect(error?.code == .tooLarge)
        #expect(error?.closesConnection == true)
        #expect(error?.message.contains("101") == true)
    }

    /// Session 15's QA: a frame of length 0 is its 4 bytes only; the decoder waited for a
    /// fifth, and natoazd answered only at the frame timeout, with "frame incomplete".
    @Test("a length of 0, or over the limit, is refused from its 4 bytes, not the fifth")
    func lengthRefusedFromFourBytes() {
        for prefix: [UInt8] in [[0, 0, 0, 0], [0x00, 0x00, 0x00, 0x65]] {
            var decoder = FrameDecoder(
                limits: ProtocolLimits(maxFrameBytes: 100, maxDecompressedBytes: 100))
            decoder.append(Array(prefix.prefix(3)))
            #expect((try? decoder.nextFrame()) == .some(nil))
            decoder.append(Array(prefix.suffix(1)))
            let error = #expect(throws: ProtocolError.self) { try decoder.nextFrame() }
            #expect(error?.code == (prefix[3] == 0 ? .malformedFrame : .tooLarge))
        }
        // A valid length waits for its flags byte.
        var decoder = FrameDecoder()
        decoder.append([0, 0, 0, 1])
        #expect((try? decoder.nextFrame()) == .some(nil))
    }

    @Test("a plain payload over the decompressed-size limit is refused from the header alone")
    func plainPayloadOverDecompressedLimit() throws {
        let limits = ProtocolLimits(maxFrameBytes: 1000, maxDecompressedBytes: 50)
        var decoder = FrameDecoder(limits: limits)
        decoder.append([0x00, 0x00, 0x00, 0x34, 0x00])  // plain, 51-byte payload: one over
        let error = #expect(throws: ProtocolError.self) { try decoder.nextFrame() }
        #expect(error?.code == .tooLarge)
        #expect(error?.closesConnection == true)
        #expect(error?.message.contains("51") == true)

        // At the limit it passes, and a compressed payload is the codec's to check (its
        // size after decompression is what counts).
        var atLimit = FrameDecoder(limits: limits)
        atLimit.append(FrameEncoder.encode(Frame(payload: [UInt8](repeating: 1, count: 50))))
        #expect(try atLimit.nextFrame()?.payload.count == 50)
        var compressed = FrameDecoder(limits: limits)
        compressed.append(
            FrameEncoder.encode(
                Frame(flags: .compressed, payload: [UInt8](repeating: 2, count: 80))))
        #expect(try compressed.nextFrame()?.payload.count == 80)
    }

    @Test("a length of exactly the limit is accepted")
    func atLimit() throws {
        var decoder = FrameDecoder(
            limits: ProtocolLimits(maxFrameBytes: 100, maxDecompressedBytes: 100))
        decoder.append(FrameEncoder.encode(Frame(payload: [UInt8](repeating: 1, count: 99))))
        #expect(try decoder.nextFrame()?.payload.count == 99)
    }

    @Test(
        "malformed headers are refused before the payload arrives",
        arguments: [
            ("zero length", [0x00, 0x00, 0x00, 0x00, 0x00], "length 0"),
            ("reserved flag bit 2", [0x00, 0x00, 0x00, 0x01, 0x04], "reserved flag bits"),
            ("reserved flag bit 7", [0x00, 0x00, 0x00, 0x01, 0x80], "reserved flag bits"),
            ("dictionary without compressed", [0x00, 0x00, 0x00, 0x01, 0x02], "without bit 0"),
            ("HTTP request", Array("GET / HTTP/1.1\r\n".utf8), "reads as text (\"GET \")"),
            ("HTTP POST", Array("POST /search HTTP/1.1\r\n".utf8), "reads as text"),
        ] as [(String, [UInt8], String)])
    func malformedHeader(name: String, bytes: [UInt8], expected: String) {
        var decoder = FrameDecoder()
        decoder.append(bytes)
        let error = #expect(throws: ProtocolError.self, "\(name)") { try decoder.nextFrame() }
        #expect(error?.code == .malformedFrame, "\(name)")
        #expect(error?.closesConnection == true, "\(name)")
        #expect(error?.message.contains(expected) == true, "\(name): \(String(describing: error))")
        // The decoder stays failed: the stream is out of sync.
        decoder.append(FrameEncoder.encode(Frame(payload: [])))
        #expect(throws: ProtocolError.self, "\(name)") { try decoder.nextFrame() }
    }

    @Test("random bytes before a handshake are refused within the handshake limit")
    func garbage() {
        var state: UInt32 = 12345
        var refused = 0
        for _ in 0..<200 {
            var decoder = FrameDecoder(limits: .handshake)
            var bytes: [UInt8] = []
            for _ in 0..<8 {
                state = state &* 1_103_515_245 &+ 12345
                bytes.append(UInt8(truncatingIfNeeded: state >> 16))
            }
            decoder.append(bytes)
            do {
                _ = try decoder.nextFrame()
            } catch {
                refused += 1
            }
        }
        // A random header passes only with a length under 4096 (top 20 bits zero) and no
        // reserved flag bits: practically never. What passes waits for the handshake timeout.
        #expect(refused == 200)
    }

    @Test("a stream that ends inside a frame is reported by finish()")
    func truncatedAtEnd() throws {
        var decoder = FrameDecoder()
        decoder.append(Self.stream.dropLast(3))
        while try decoder.nextFrame() != nil {}
        let error = #expect(throws: ProtocolError.self) { try decoder.finish() }
        #expect(error?.message.contains("ended inside a frame") == true)
    }

    @Test("a stream that ends inside a header is reported by finish()")
    func truncatedHeader() throws {
        var decoder = FrameDecoder()
        decoder.append([0x00, 0x00])
        #expect(try decoder.nextFrame() == nil)
        #expect(throws: ProtocolError.self) { try decoder.finish() }
    }

    @Test("the buffer only holds what arrived: a huge announced length reserves nothing")
    func noReservation() throws {
        var decoder = FrameDecoder()
        decoder.append([0x00, 0x3F, 0xFF, 0xFF, 0x00, 0x01])  // 4 MiB announced, 1 byte sent
        #expect(try decoder.nextFrame() == nil)
        #expect(decoder.bufferedByteCount == 6)
    }

    @Test("limits can be raised after the handshake")
    func raiseLimits() throws {
        var decoder = FrameDecoder(limits: .handshake)
        let big = FrameEncoder.encode(Frame(payload: [UInt8](repeating: 7, count: 10_000)))
        decoder.limits = .standard
        decoder.append(big)
        #expect(try decoder.nextFrame()?.payload.count == 10_000)
    }

    @Test("withNextFrame lends the same frames in place, split anywhere or many per append")
    func inPlaceFrames() throws {
        for split in 0...Self.stream.count {
            var decoder = FrameDecoder()
            var decoded: [Frame] = []
            func drain() throws {
                while let frame = try decoder.withNextFrame({ Frame(flags: $0, payload: Array($1)) }
                ) {
                    decoded.append(frame)
                }
            }
            decoder.append(Self.stream[..<split])
            try drain()
            decoder.append(Self.stream[split...])
            try drain()
            #expect(decoded == Self.frames, "split at \(split)")
            #expect(decoder.bufferedByteCount == 0)
        }
    }

    @Test("withNextFrame checks the header as nextFrame does, and stays failed after an error")
    func inPlaceHeaderChecks() {
        var decoder = FrameDecoder(
            limits: ProtocolLimits(maxFrameBytes: 100, maxDecompressedBytes: 100))
        decoder.append([0x00, 0x00, 0x00, 0x65, 0x00])
        var calls = 0
        let error = #expect(throws: ProtocolError.self) {
            try decoder.withNextFrame { _, _ in calls += 1 }
        }
        #expect(error?.code == .tooLarge)
        #expect(calls == 0)
        decoder.append(FrameEncoder.encode(Frame(payload: [1])))
        #expect(throws: ProtocolError.self) { try decoder.nextFrame() }
    }
}
