import CZstd
import Foundation
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// Well-framed but hostile payloads: decompression bombs, wrong field types, unknown methods.
@Suite("Hostile clients: payloads", .hangGuard)
struct PayloadAttackTests {
    @Test("a zstd bomb declaring 1 GiB is refused with TOO_LARGE before it is inflated")
    func zstdBombDeclaringItsSize() throws {
        let daemon = try Daemon()
        let baseline = try daemon.baseline()
        // 1 GiB of zeros compresses to ~40 KiB; the frame header declares the 1 GiB.
        let bomb = try Zstd.compressZeros(count: 1 << 30, declareSize: true)
        #expect(bomb.count < 64 * 1024)
        let client = try ProtocolClient.connected(to: daemon.socketPath, compression: true)
        try client.socket.send(rawFrame(bomb, flags: .compressed))
        let responses = try client.receiveUntilClosed()
        #expect(responses.map(\.errorCode) == [.tooLarge])
        // Refused from the header: nothing near 1 GiB (nor the 16 MiB limit) was allocated.
        try daemon.checkHealthy(after: baseline)
    }

    @Test("a zstd bomb that hides its size is refused with MALFORMED_FRAME, not inflated")
    func zstdBombHidingItsSize() throws {
        let daemon = try Daemon()
        let baseline = try daemon.baseline()
        let bomb = try Zstd.compressZeros(count: 256 << 20, declareSize: false)
        let client = try ProtocolClient.connected(to: daemon.socketPath, compression: true)
        try client.socket.send(rawFrame(bomb, flags: .compressed))
        let responses = try client.receiveUntilClosed()
        #expect(responses.map(\.errorCode) == [.malformedFrame])
        #expect(responses.first?.error?.message.contains("content size") == true)
        try daemon.checkHealthy(after: baseline)
    }

    @Test("a zstd frame whose declared size lies is refused with MALFORMED_FRAME")
    func zstdLyingSize() throws {
        let daemon = try Daemon()
        let baseline = try daemon.baseline()
        let request = Request(
            id: 3, body: .search(SearchRequest(query: String(repeating: "NATO ", count: 200))))
        var packed = try ZstdCompressor().compress(request.encode())
        // The single-segment header stores the size in the byte(s) after the descriptor:
        // declare one byte less than the content.
        packed = try Zstd.withDeclaredSize(packed, lessBy: 1)
        let client = try ProtocolClient.connected(to: daemon.socketPath, compression: true)
        try client.socket.send(rawFrame(packed, flags: .compressed))
        let responses = try client.receiveUntilClosed()
        #expect(responses.map(\.errorCode) == [.malformedFrame])
        try daemon.checkHealthy(after: baseline)
    }

    @Test("compressed frames without negotiated compression or dictionary are refused")
    func compressedWithoutNegotiation() throws {
        let daemon = try Daemon()
        let baseline = try daemon.baseline()
        let packed = try ZstdCompressor().compress(
            Request(id: 4, body: .ping(PingRequest())).encode(), dictionary: .bundled)
        let client = try ProtocolClient.connected(to: daemon.socketPath, compression: false)
        try client.socket.send(rawFrame(packed, flags: [.compressed, .dictionary]))
        let responses = try client.receiveUntilClosed()
        #expect(responses.map(\.errorCode) == [.malformedFrame])
        try daemon.checkHealthy(after: baseline)
    }

    /// Payloads with a known field of the wrong wire type, and the field the error must name.
    static let wrongTypes: [(name: String, payload: [UInt8], id: UInt64, field: String)] = [
        ("id as a string", writer { $0.writeString(1, "seven") }, 0, "id"),
        (
            "search body as a number",
            writer {
                $0.writeUInt64(1, 21)
                $0.writeUInt64(15, 99)
            }, 21, "search"
        ),
        (
            "search.query as a number",
            writer {
                $0.writeUInt64(1, 22)
                $0.writeBytes(15, writer { $0.writeUInt64(1, 12345) })
            }, 22, "search.query"
        ),
        (
            "get.id as a fixed64",
            writer {
                $0.writeUInt64(1, 23)
                $0.writeBytes(16, writer { $0.writeDouble(1, 2.5) })
            }, 23, "get.id"
        ),
        (
            "search.limit over uint32",
            writer {
                $0.writeUInt64(1, 24)
                $0.writeBytes(15, writer { $0.writeUInt64(2, 1 << 40) })
            }, 24, "search.limit"
        ),
        (
            "ping payload longer than the message",
            writer { $0.writeUInt64(1, 25) } + [0x62, 0x05, 0x0A, 0x7F, 0x01], 25, "ping"
        ),
        (
            "search.query as invalid UTF-8",
            writer {
                $0.writeUInt64(1, 26)
                $0.writeBytes(15, writer { $0.writeBytes(1, [0x4E, 0xC3, 0x28]) })
            }, 26, "search.query"
        ),
    ]

    @Test(
        "a field of the wrong type gets MALFORMED_FRAME naming it; the connection stays usable",
        arguments: 0..<wrongTypes.count)
    func wrongFieldTypes(index: Int) throws {
        let daemon = try Daemon()
        let baseline = try daemon.baseline()
        let (name, payload, id, field) = Self.wrongTypes[index]
        let client = try ProtocolClient.connected(to: daemon.socketPath)
        try client.socket.send(rawFrame(payload))
        let response = try client.receive()
        #expect(response.id == id, "\(name)")
        #expect(response.errorCode == .malformedFrame, "\(name): \(response)")
        #expect(response.error?.field == field, "\(name): \(response)")
        let after = try client.call(.ping(PingRequest(payload: [1, 2, 3])))
        #expect(after.error == nil, "\(name): the connection broke: \(after)")
        // The connection stays open by design: close it, or its fd counts against the baseline
        // (the end of `client`'s lifetime is up to the optimiser).
        client.socket.close()
        try daemon.checkHealthy(after: baseline)
    }

    /// Session 11's QA: a Get of a 4 MiB id was answered with a NOT_FOUND quoting the whole
    /// id, too large for a frame, so the client got "ask for fewer results" instead.
    @Test("an error repeats at most 64 characters of a huge value, and names its size")
    func hugeValuesAreNotEchoed() throws {
        let daemon = try Daemon()
        let client = try ProtocolClient.connected(to: daemon.socketPath)
        let huge = String(repeating: "x", count: 4_000_000)
        let shown = "'" + String(repeating: "x", count: 64) + "…' (4000000 bytes)"
        // Requests for a worker with such a field are refused before they are queued (see
        // oversizedFieldsAreRefusedBeforeTheyWait): their message names the size only.
        let bodies: [(Request.Body, ErrorCode)] = [
            (.get(GetRequest(id: huge)), .notFound),
            (.similar(SimilarRequest(id: huge)), .invalidArgument),
            (.entities(EntitiesRequest(name: huge)), .invalidArgument),
            (.entities(EntitiesRequest(docID: huge)), .invalidArgument),
            (.entities(EntitiesRequest(type: huge)), .invalidArgument),
            (
                .collocations(CollocationsRequest(word: String(repeating: "!", count: 100))),
                .invalidArgument
            ),
        ]
        for (body, code) in bodies {
            let response = try client.call(body)
            #expect(response.errorCode == code, "\(body)")
            let message = response.error?.message ?? ""
            #expect(message.utf8.count < 600, "\(message.prefix(200))")
            if code == .notFound {
                #expect(message.contains(shown), "\(message.prefix(200))")
            } else if !message.contains("(100 bytes)") {
                #expect(message.contains("is too long (4000000 bytes"), "\(message.prefix(200))")
            }
        }
        let ping = try client.call(.ping(PingRequest()))
        #expect(ping.error == nil)
    }

    /// Session 14's QA: a 1.4 KB zstd frame decompresses to a 15 MB query, and a request
    /// waiting for a worker keeps its decoded body: one client pipelining 128 such Searches
    /// (180 KB sent) took a release natoazd from 82 MB to 1.8 GB resident. A text field
    /// longer than any a worker can use is refused where the request is decoded.
    @Test("oversized fields are refused before they wait for a worker, and hold no memory")
    func oversizedFieldsAreRefusedBeforeTheyWait() throws {
        let daemon = try Daemon()
        let baseline = try daemon.baseline()
        let peakBefore = try Self.peakResidentKiB(daemon.pid)
        let client = try ProtocolClient.connected(to: daemon.socketPath, compression: true)
        let query = String(repeating: "nato ", count: 2_000_000)
        let count = 64
        var frames: [UInt8] = []
        for number in 0..<count {
            let body: Request.Body =
                number % 2 == 0
                ? .search(SearchRequest(query: query)) : .kwic(KwicRequest(query: query))
            let request = Request(id: UInt64(100 + number), body: body)
            frames += rawFrame(try ZstdCompressor().compress(request.encode()), flags: .compressed)
        }
        #expect(frames.count < count * 4_096)
        try client.socket.send(frames)
        for _ in 0..<count {
            let response = try client.receive()
            #expect(response.errorCode == .invalidArgument)
            #expect(response.error?.field == "query")
            #expect(
                response.error?.message
                    == "query is too long (10000000 bytes; a query is at most 1000 characters)")
        }
        // 64 queued queries of 10 MB would be 640 MB; decoded one at a time they are a few.
        let peakAfter = try Self.peakResidentKiB(daemon.pid)
        #expect(peakAfter - peakBefore < 200 * 1024, "peak \(peakBefore) -> \(peakAfter) KiB")
        // The connection stays open by design: close it, or its fd counts against the baseline
        // (see wrongFieldTypes; session 17's CI failed on it once: 6 fds against 5).
        client.socket.close()
        try daemon.checkHealthy(after: baseline, allowedGrowthKiB: 64 * 1024)
    }

    static func peakResidentKiB(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw TestFailure("no VmHWM in /proc/\(pid)/status") }
        return value
    }

    @Test("unknown method numbers get UNKNOWN_METHOD naming the number; the connection stays")
    func unknownMethods() throws {
        let daemon = try Daemon()
        let baseline = try daemon.baseline()
        let client = try ProtocolClient.connected(to: daemon.socketPath)
        // Fields 11-999 are method bodies (PROTOCOL.md): one this server lacks is named.
        for (id, field) in [(UInt64(31), UInt32(40)), (32, 26), (33, 999)] {
            let payload = writer {
                $0.writeUInt64(1, id)
                $0.writeBytes(field, writer { $0.writeString(1, "x") })
            }
            try client.socket.send(rawFrame(payload))
            let response = try client.receive()
            #expect(response.id == id)
            #expect(response.errorCode == .unknownMethod, "field \(field): \(response)")
            #expect(
                response.error?.message.contains("\(field - 10)") == true,
                "field \(field): \(response)")
        }
        // Other unknown fields are skipped, leaving a request with no method body.
        for (id, field) in [(UInt64(36), UInt32(10)), (37, 1000), (38, 536_870_911)] {
            let payload = writer {
                $0.writeUInt64(1, id)
                $0.writeBytes(field, writer { $0.writeString(1, "x") })
            }
            try client.socket.send(rawFrame(payload))
            let response = try client.receive()
            #expect(response.id == id)
            #expect(response.errorCode == .unknownMethod, "field \(field): \(response)")
        }
        // No body at all.
        try client.socket.send(rawFrame(writer { $0.writeUInt64(1, 35) }))
        let empty = try client.receive()
        #expect(empty.id == 35)
        #expect(empty.errorCode == .unknownMethod)
        #expect(try client.call(.ping(PingRequest())).error == nil)
        client.socket.close()  // still open by design; see wrongFieldTypes
        try daemon.checkHealthy(after: baseline)
    }
}

/// Protobuf bytes written by hand, for payloads no generated message would produce. A nested
/// message is written with `writeBytes` (same wire encoding as a submessage).
func writer(_ build: (inout ProtobufWriter) -> Void) -> [UInt8] {
    var writer = ProtobufWriter()
    build(&writer)
    return writer.bytes
}

/// libzstd used directly, to make frames no well-behaved sender makes.
enum Zstd {
    /// `count` zeros as one zstd frame, streamed so the input is never in memory; with
    /// `declareSize` false the frame header omits the content size.
    static func compressZeros(count: Int, declareSize: Bool) throws -> [UInt8] {
        guard let context = ZSTD_createCCtx() else { throw TestFailure("ZSTD_createCCtx") }
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, 19)
        if declareSize {
            ZSTD_CCtx_setPledgedSrcSize(context, UInt64(count))
        } else {
            ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 0)
        }
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var remaining = count
        while true {
            let last = remaining <= zeros.count
            let size = min(remaining, zeros.count)
            remaining -= size
            var pending = 1
            try zeros.withUnsafeBytes { source in
                var input = ZSTD_inBuffer(src: source.baseAddress, size: size, pos: 0)
                repeat {
                    try chunk.withUnsafeMutableBytes { out in
                        var buffer = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                        pending = ZSTD_compressStream2(
                            context, &buffer, &input, last ? ZSTD_e_end : ZSTD_e_continue)
                        if ZSTD_isError(pending) != 0 {
                            throw TestFailure(String(cString: ZSTD_getErrorName(pending)))
                        }
                        output += out[..<buffer.pos]
                    }
                } while input.pos < input.size || (last && pending != 0)
            }
            if last { return output }
        }
    }

    /// The frame with its single-byte Frame_Content_Size field lowered by `lessBy`
    /// (RFC 8878 3.1.1.1: descriptor at byte 4; FCS follows when Single_Segment is set).
    static func withDeclaredSize(_ frame: [UInt8], lessBy: UInt8) throws -> [UInt8] {
        let descriptor = frame[4]
        let singleSegment = descriptor & 0x20 != 0
        let sizeFlag = descriptor >> 6
        let dictionaryIDBytes = [0, 1, 2, 4][Int(descriptor & 3)]
        guard singleSegment else { throw TestFailure("not a single-segment frame") }
        var copy = frame
        let at = 5 + dictionaryIDBytes
        switch sizeFlag {
        case 0: copy[at] -= lessBy
        case 1:
            // Two bytes, little endian, value - 256.
            let value = UInt16(copy[at]) | UInt16(copy[at + 1]) << 8
            let lowered = value - UInt16(lessBy)
            copy[at] = UInt8(lowered & 0xFF)
            copy[at + 1] = UInt8(lowered >> 8)
        default: throw TestFailure("unexpected content size field width")
        }
        return copy
    }
}
