import NatoAzProtocol
import Testing

@testable import NatoAzServer

@Suite("Response batch: answers encoded frame after frame, with their stats")
struct ResponseBatchTests {
    /// The frames in `bytes`, decoded back with the protocol's own decoder and codec.
    private static func responses(in bytes: [UInt8], codec: FrameCodec) throws -> [Response] {
        var decoder = FrameDecoder()
        decoder.append(bytes)
        var decoded: [Response] = []
        while let frame = try decoder.nextFrame() {
            decoded.append(try codec.decode(frame, as: Response.self))
        }
        #expect(decoder.bufferedByteCount == 0, "no partial frame left")
        return decoded
    }

    /// The frames not yet handed to the channel.
    private static func bytes(_ batch: ResponseBatch) -> [UInt8] {
        Array(batch.buffer.readableBytesView)
    }

    /// One turn of the connection's output: the frames taken and given back, as written.
    /// Returns the address of the storage they were in.
    private static func turn(_ batch: inout ResponseBatch) -> UInt {
        let frames = batch.take()
        #expect(batch.byteCount == 0)
        let address = frames.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        batch.reclaim(frames, retainedCapacity: 64 << 10)
        return address
    }

    @Test("answers come out in order, each one whole frame, and every byte is counted")
    func framesInOrderAndCounted() throws {
        let codec = FrameCodec()
        var batch = ResponseBatch()
        let sent = [
            Response(id: 1, body: .ping(PingResponse(payload: [1, 2, 3]))),
            Response(
                id: 2, error: ResponseError(code: .notFound, message: "no document 'x'")),
            Response(id: 3, body: .info(InfoResponse(serverVersion: "9.9", generation: 4))),
        ]
        for (index, response) in sent.enumerated() {
            let unrecorded = batch.append(
                response, errorCode: response.error?.code, method: .ping,
                startedNanoseconds: 0, codec: codec)
            #expect(unrecorded == nil, "a method's answer is counted with its method")
            #expect(try Self.responses(in: Self.bytes(batch), codec: codec).count == index + 1)
        }
        #expect(try Self.responses(in: Self.bytes(batch), codec: codec) == sent)

        let stats = ServerStats()
        stats.record(&batch.stats, nowNanoseconds: 1_000)
        let snapshot = stats.snapshot()
        #expect(snapshot.bytesOut == UInt64(Self.bytes(batch).count))
        #expect(snapshot.bytesOutRaw == UInt64(Self.bytes(batch).count - 3 * Frame.headerSize))
        #expect(snapshot.methods.first { $0.method == Int(Method.ping.rawValue) }?.count == 3)
        #expect(snapshot.errors.contains { $0.code == Int(ErrorCode.notFound.rawValue) })
    }

    @Test("answers of one read are counted as runs: every answer, error and latency recorded")
    func answersRecordedAsRuns() {
        var batch = ServerStats.Batch()
        // 16 Pings of one read, then two errors and a success of another method, then 24
        // Pings of a later read: four runs, 43 answers.
        for _ in 0..<16 {
            batch.answered(method: Int(Method.ping.rawValue), startedNanoseconds: 0, errorCode: nil)
        }
        let get = Int(Method.get.rawValue)
        let notFound = Int(ErrorCode.notFound.rawValue)
        batch.answered(method: get, startedNanoseconds: 0, errorCode: notFound)
        batch.answered(method: get, startedNanoseconds: 0, errorCode: notFound)
        batch.answered(method: get, startedNanoseconds: 0, errorCode: nil)
        for _ in 0..<24 {
            batch.answered(
                method: Int(Method.ping.rawValue), startedNanoseconds: 2_000_000, errorCode: nil)
        }
        #expect(batch.answerCount == 43)

        let stats = ServerStats()
        stats.record(&batch, nowNanoseconds: 3_000_000)
        #expect(batch.isEmpty)
        let snapshot = stats.snapshot()
        let ping = snapshot.methods.first { $0.method == Int(Method.ping.rawValue) }
        #expect(ping?.count == 40)
        // 16 answers took 3 ms and 24 took 1 ms: each run keeps its own latency.
        #expect((995...1_005).contains(ping?.p50Microseconds ?? 0))
        #expect((2_995...3_005).contains(ping?.maxMicroseconds ?? 0))
        #expect(snapshot.methods.first { $0.method == get }?.count == 3)
        #expect(snapshot.errors.first { $0.code == notFound }?.count == 2)
    }

    @Test("a compressed answer counts its size on the wire and its size before compression")
    func compressedSizes() throws {
        let codec = FrameCodec()
        codec.enableCompression(dictionary: nil)
        var batch = ResponseBatch()
        let text = String(repeating: "NATO and Azerbaijan; ", count: 200)
        let response = Response(id: 7, body: .info(InfoResponse(serverVersion: text)))
        _ = batch.append(
            response, errorCode: nil, method: .info, startedNanoseconds: 0, codec: codec)
        #expect(FrameFlags(rawValue: Self.bytes(batch)[4]).contains(.compressed))
        #expect(try Self.responses(in: Self.bytes(batch), codec: codec) == [response])

        let stats = ServerStats()
        stats.record(&batch.stats, nowNanoseconds: 0)
        let snapshot = stats.snapshot()
        #expect(snapshot.bytesOut == UInt64(Self.bytes(batch).count))
        #expect(snapshot.bytesOutRaw == UInt64(response.encode().count))
        #expect(snapshot.bytesOutRaw > snapshot.bytesOut)
    }

    @Test("an answer over the peer's frame limit is replaced by TOO_LARGE, in its place")
    func tooLargeIsReplaced() throws {
        let codec = FrameCodec(peerMaxFrameBytes: 200)
        var batch = ResponseBatch()
        _ = batch.append(
            Response(id: 1, body: .ping(PingResponse())), errorCode: nil, method: .ping,
            startedNanoseconds: 0, codec: codec)
        let big = Response(
            id: 2, body: .ping(PingResponse(payload: Array(repeating: 7, count: 500))))
        let unrecorded = batch.append(
            big, errorCode: nil, method: nil, startedNanoseconds: 0, codec: codec)
        #expect(unrecorded == .tooLarge, "with no method, the caller records the error")

        let decoded = try Self.responses(in: Self.bytes(batch), codec: codec)
        #expect(decoded.count == 2)
        #expect(decoded[0] == Response(id: 1, body: .ping(PingResponse())))
        #expect(decoded[1].id == 2)
        #expect(decoded[1].body == nil)
        #expect(decoded[1].error?.code == .tooLarge)
        #expect(decoded[1].error?.message.contains("ask for fewer results") == true)
    }

    @Test(
        "an answer that cannot be paged (Get, Info) over the limit says how to get it whole",
        arguments: [Method.get, .info])
    func tooLargeUnpagedAnswerNamesTheFrameLimit(method: Method) throws {
        // A 5 MB article loads (files up to 8 MiB do) but did not fit a 4 MiB frame, and the
        // error told the client to "ask for fewer results", which Get and Info cannot.
        let codec = FrameCodec(peerMaxFrameBytes: 200)
        var batch = ResponseBatch()
        let text = String(repeating: "x", count: 500)
        let body: Response.Body =
            method == .get
            ? .get(GetResponse(article: Article(id: "long", paragraphs: [text])))
            : .info(InfoResponse(serverVersion: text))
        _ = batch.append(
            Response(id: 3, body: body), errorCode: nil, method: method, startedNanoseconds: 0,
            codec: codec)
        let decoded = try Self.responses(in: Self.bytes(batch), codec: codec)
        let message = try #require(decoded.first?.error?.message)
        #expect(decoded.first?.error?.code == .tooLarge)
        #expect(!message.contains("fewer results"), "\(message)")
        #expect(message.contains("max-frame-bytes"), "\(message)")
        #expect(message.contains("compression"), "\(message)")
    }

    /// Session 15 recognised the decompression limit by the suffix of the codec's message;
    /// session 16's QA made it a field of ``ProtocolError``: the advice follows the limit,
    /// whatever the message says.
    @Test("the advice for TOO_LARGE follows the limit exceeded, not the message's wording")
    func tooLargeAdviceFollowsTheLimit() throws {
        let small = ProtocolLimits(maxFrameBytes: 1 << 20, maxDecompressedBytes: 300)
        let article = GetResponse(
            article: Article(id: "x", paragraphs: [String(repeating: "x", count: 500)]))
        let overDecompressed = #expect(throws: ProtocolError.self) {
            _ = try FrameCodec(limits: small).encodeFrame(Response(id: 1, body: .get(article)))
        }
        #expect(overDecompressed?.limit == .decompressedBytes)
        let overFrame = #expect(throws: ProtocolError.self) {
            _ = try FrameCodec(peerMaxFrameBytes: 200).encodeFrame(
                Response(id: 1, body: .get(article)))
        }
        #expect(overFrame?.limit == .frameBytes)
        var reworded = try #require(overDecompressed)
        reworded.message = "too big"
        #expect(ResponseBatch.tooLargeAdvice(for: .get, reworded).contains("max-decompressed"))
        reworded.limit = .frameBytes
        #expect(ResponseBatch.tooLargeAdvice(for: .get, reworded).contains("max-frame-bytes"))
        #expect(ResponseBatch.tooLargeAdvice(for: .kwic, reworded).contains("fewer results"))
        // Limits of received frames are named as well.
        var decoder = FrameDecoder(limits: small)
        decoder.append([0, 0, 2, 0, 0])  // a plain payload of 511 bytes
        let received = #expect(throws: ProtocolError.self) { _ = try decoder.nextFrame() }
        #expect(received?.limit == .decompressedBytes)
    }

    @Test("two buffers take turns, and one big answer does not pin its size")
    func buffersTakeTurns() throws {
        let codec = FrameCodec()
        var batch = ResponseBatch()
        let ping = PingAnswer(id: 1, payload: Array(repeating: 1, count: 900))
        _ = batch.append(ping, startedNanoseconds: 0, codec: codec)
        let first = Self.turn(&batch)
        _ = batch.append(ping, startedNanoseconds: 0, codec: codec)
        let second = Self.turn(&batch)
        _ = batch.append(ping, startedNanoseconds: 0, codec: codec)
        #expect(try Self.responses(in: Self.bytes(batch), codec: codec).map(\.id) == [1])
        let third = Self.turn(&batch)
        #expect(first != second)
        #expect(third == first, "the written buffer is reused, not a new one allocated")

        let huge = Response(
            id: 2, body: .info(InfoResponse(serverVersion: String(repeating: "x", count: 1 << 17))))
        _ = batch.append(huge, errorCode: nil, method: .info, startedNanoseconds: 0, codec: codec)
        #expect(batch.buffer.capacity > 64 << 10)
        _ = Self.turn(&batch)
        _ = Self.turn(&batch)
        #expect(batch.buffer.capacity <= 64 << 10, "one big answer does not pin its size")
    }

    @Test("a Ping's answer written straight is the frame of the same Response, and counted so")
    func pingAnswerWrittenStraight() throws {
        let codec = FrameCodec()
        var batch = ResponseBatch()
        for (id, count) in [(UInt64(0), 0), (1, 3), (300, 128), (UInt64.max, 1024)] {
            let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0) }
            _ = batch.append(
                PingAnswer(id: id, payload: payload), startedNanoseconds: 0, codec: codec)
            let expected = try codec.encodeFrame(
                Response(id: id, body: .ping(PingResponse(payload: payload))))
            #expect(Array(Self.bytes(batch).suffix(expected.count)) == expected)
        }
        let stats = ServerStats()
        stats.record(&batch.stats, nowNanoseconds: 1_000)
        let snapshot = stats.snapshot()
        #expect(snapshot.bytesOut == UInt64(batch.byteCount))
        #expect(snapshot.bytesOutRaw == UInt64(batch.byteCount - 4 * Frame.headerSize))
        #expect(snapshot.methods.first { $0.method == Int(Method.ping.rawValue) }?.count == 4)
    }
}
