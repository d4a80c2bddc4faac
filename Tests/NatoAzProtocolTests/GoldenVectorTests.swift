import CZstd
import NatoAzProtocol
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The frames in `Protocol/vectors/`: NatoAzProtocol must produce exactly those bytes and
/// decode them back to the fixtures; invalid ones must be refused with the stated code.
///
/// To regenerate after a deliberate change (new fields, new fixtures):
/// `NATOAZ_RECORD_VECTORS=1 swift test --filter GoldenVectorTests`, then
/// `/usr/bin/python3 clients/python/check_vectors.py --write-text` to add the readable text.
@Suite("Golden vectors")
struct GoldenVectorTests {
    enum Compression: String, CaseIterable {
        case plain, zstd, dict

        var flags: FrameFlags {
            switch self {
            case .plain: []
            case .zstd: .compressed
            case .dict: [.compressed, .dictionary]
            }
        }

        var suffix: String { self == .plain ? "" : "." + rawValue }
    }

    struct Vector: Sendable, CustomStringConvertible {
        var name: String
        var message: String
        var compression: Compression
        var payload: [UInt8]
        var description: String { name }
    }

    /// An invalid frame and the error every receiver must answer it with.
    struct Invalid: Sendable, CustomStringConvertible {
        var name: String
        var bytes: [UInt8]
        var code: ErrorCode
        var why: String
        var description: String { name }
    }

    static var recording: Bool { getenv("NATOAZ_RECORD_VECTORS") != nil }
    static var zstdVersion: UInt32 { ZSTD_versionNumber() }

    static let valid: [Vector] = {
        var vectors: [Vector] = []
        for compression in Compression.allCases {
            for (name, body) in Fixtures.requests {
                let request = Request(id: 42, deadlineMs: 250, body: body)
                vectors.append(
                    Vector(
                        name: "request-\(name)\(compression.suffix)", message: "natoaz.v1.Request",
                        compression: compression, payload: request.encode()))
            }
            for (name, body) in Fixtures.responses {
                vectors.append(
                    Vector(
                        name: "response-\(name)\(compression.suffix)",
                        message: "natoaz.v1.Response", compression: compression,
                        payload: Response(id: 42, body: body).encode()))
            }
            vectors.append(
                Vector(
                    name: "response-error\(compression.suffix)", message: "natoaz.v1.Response",
                    compression: compression,
                    payload: Response(id: 42, error: Fixtures.error).encode()))
        }
        return vectors
    }()

    static let invalid: [Invalid] = {
        let ping = FrameEncoder.encode(
            Frame(payload: Request(id: 1, body: .ping(.init())).encode()))
        let text = Array(String(repeating: "NATO Azerbaijan ", count: 20).utf8)
        let zstd = try! ZstdCompressor().compress(text)
        // A zstd frame header declaring 64 MiB (8-byte content size), and nothing else.
        var bomb: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xE0]
        withUnsafeBytes(of: UInt64(64 << 20).littleEndian) { bomb += $0 }
        return [
            Invalid(
                name: "invalid-zero-length", bytes: [0, 0, 0, 0, 0], code: .malformedFrame,
                why: "length 0: the length must count at least the flags byte"),
            Invalid(
                name: "invalid-reserved-flag", bytes: [0, 0, 0, 1, 0x04], code: .malformedFrame,
                why: "flag bit 2 is reserved"),
            Invalid(
                name: "invalid-dictionary-without-compressed", bytes: [0, 0, 0, 1, 0x02],
                code: .malformedFrame, why: "flag bit 1 needs bit 0"),
            Invalid(
                name: "invalid-http", bytes: Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
                code: .malformedFrame,
                why: "an HTTP request: its first 4 bytes read as a length of 1195725856"),
            Invalid(
                name: "invalid-too-large", bytes: [0x00, 0x40, 0x00, 0x01, 0x00],
                code: .tooLarge, why: "length 4 MiB + 1 exceeds the default max_frame_bytes"),
            Invalid(
                name: "invalid-truncated", bytes: Array(ping.dropLast()), code: .malformedFrame,
                why: "the stream ends inside a frame"),
            Invalid(
                name: "invalid-zstd-corrupt",
                bytes: FrameEncoder.encode(
                    Frame(flags: .compressed, payload: Array(zstd.prefix(9)) + [0xFF, 0xFF, 0xFF])),
                code: .malformedFrame, why: "the zstd data is corrupt"),
            Invalid(
                name: "invalid-zstd-bomb",
                bytes: FrameEncoder.encode(Frame(flags: .compressed, payload: bomb)),
                code: .tooLarge,
                why: "the zstd frame declares 64 MiB, over max_decompressed_bytes (16 MiB)"),
            Invalid(
                name: "invalid-zstd-trailing-bytes",
                bytes: FrameEncoder.encode(Frame(flags: .compressed, payload: zstd + [0])),
                code: .malformedFrame, why: "a byte follows the zstd frame"),
        ]
    }()

    static func frame(_ vector: Vector) throws -> [UInt8] {
        let payload: [UInt8]
        switch vector.compression {
        case .plain: payload = vector.payload
        case .zstd: payload = try ZstdCompressor().compress(vector.payload)
        case .dict: payload = try ZstdCompressor().compress(vector.payload, dictionary: .bundled)
        }
        return FrameEncoder.encode(Frame(flags: vector.compression.flags, payload: payload))
    }

    static func path(_ name: String) -> String { "Protocol/vectors/\(name).txt" }

    @Test("every valid vector: exact bytes both ways", arguments: valid)
    func validVector(vector: Vector) throws {
        let expected = try Self.frame(vector)
        if Self.recording {
            try record(vector, expected)
            return
        }
        let file = try VectorFile(text: RepositoryFile.text(Self.path(vector.name)))
        #expect(file.message == vector.message)
        #expect(file.flags == vector.compression.flags.rawValue)
        // Encoding: the plain payload always; compressed bytes only with the libzstd that
        // recorded them (another version may pick other, equally valid, zstd bytes).
        #expect(try frameOrPayload(file.frame, vector.compression) == vector.payload)
        if vector.compression == .plain || file.zstdVersion == Self.zstdVersion {
            #expect(file.frame == expected, "\(vector.name): encoding differs from the vector")
        }
        // Decoding: the vector's bytes give back the fixture.
        var decoder = FrameDecoder()
        decoder.append(file.frame)
        let frame = try #require(try decoder.nextFrame())
        try decoder.finish()
        let codec = FrameCodec()
        codec.enableCompression(dictionary: .bundled)
        let payload = try codec.payload(of: frame)
        if vector.message == "natoaz.v1.Request" {
            #expect(try Request(decoding: payload) == Request(decoding: vector.payload))
        } else {
            #expect(try Response(decoding: payload) == Response(decoding: vector.payload))
        }
    }

    @Test("every invalid vector is refused with its code", arguments: invalid)
    func invalidVector(vector: Invalid) throws {
        if Self.recording {
            try recordInvalid(vector)
            return
        }
        let file = try VectorFile(text: RepositoryFile.text(Self.path(vector.name)))
        #expect(file.frame == vector.bytes)
        #expect(file.expect == vector.code.name)
        var decoder = FrameDecoder()
        decoder.append(file.frame)
        let error = #expect(throws: ProtocolError.self, "\(vector.name)") {
            let codec = FrameCodec()
            while let frame = try decoder.nextFrame() { _ = try codec.payload(of: frame) }
            try decoder.finish()
        }
        #expect(error?.code == vector.code, "\(vector.name): \(String(describing: error))")
    }

    @Test("the directory holds exactly these vectors, none stale")
    func noStaleVectors() throws {
        if Self.recording {
            try writeIndex()
            return
        }
        let expected = Set(Self.valid.map(\.name) + Self.invalid.map(\.name))
        let index = try RepositoryFile.text("Protocol/vectors/INDEX")
        let listed = Set(index.split(separator: "\n").map(String.init).filter { !$0.isEmpty })
        #expect(listed == expected)
    }

    /// The payload a frame carries, decompressed.
    private func frameOrPayload(_ bytes: [UInt8], _ compression: Compression) throws -> [UInt8] {
        var decoder = FrameDecoder()
        decoder.append(bytes)
        let frame = try #require(try decoder.nextFrame())
        let codec = FrameCodec()
        if compression == .dict { codec.enableCompression(dictionary: .bundled) }
        return try codec.payload(of: frame)
    }

    private func record(_ vector: Vector, _ frame: [UInt8]) throws {
        var flagNames: [String] = []
        if vector.compression.flags.contains(.compressed) { flagNames.append("compressed") }
        if vector.compression.flags.contains(.dictionary) { flagNames.append("dictionary") }
        let flags = vector.compression.flags.rawValue
        var text = VectorFile.header
        text += "name: \(vector.name)\n"
        text += "message: \(vector.message)\n"
        text +=
            "flags: 0x0\(flags)\(flagNames.isEmpty ? "" : " " + flagNames.joined(separator: " "))\n"
        if vector.compression == .dict { text += "dictionary: \(ZstdDictionary.bundled.id)\n" }
        if vector.compression != .plain { text += "zstd: \(Self.zstdVersion)\n" }
        text += "payload-bytes: \(vector.payload.count)\n"
        text += "frame: \(VectorFile.hex(frame))\n"
        text += "text:\n"
        try RepositoryFile.write(Self.path(vector.name), text)
    }

    private func recordInvalid(_ vector: Invalid) throws {
        var text = VectorFile.header
        text += "name: \(vector.name)\n"
        text += "expect: \(vector.code.name)\n"
        text += "why: \(vector.why)\n"
        text += "frame: \(VectorFile.hex(vector.bytes))\n"
        try RepositoryFile.write(Self.path(vector.name), text)
    }

    private func writeIndex() throws {
        let names = (Self.valid.map(\.name) + Self.invalid.map(\.name)).sorted()
        try RepositoryFile.write("Protocol/vectors/INDEX", names.joined(separator: "\n") + "\n")
    }
}

/// One vector file: `key: value` lines, then `text:` and the message in protobuf text format.
struct VectorFile {
    static let header = """
        # natoaz golden vector: one frame, as hex (Protocol/PROTOCOL.md, "Golden vectors").
        # Regenerate: NATOAZ_RECORD_VECTORS=1 swift test --filter GoldenVectorTests
        #             /usr/bin/python3 clients/python/check_vectors.py --write-text

        """

    var fields: [String: String] = [:]
    var frame: [UInt8] = []

    var message: String? { fields["message"] }
    var expect: String? { fields["expect"] }
    var flags: UInt8? { fields["flags"].flatMap { UInt8($0.prefix(4).dropFirst(2), radix: 16) } }
    var zstdVersion: UInt32? { fields["zstd"].flatMap { UInt32($0) } }

    struct Malformed: Error {}

    init(text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "text:" { break }
            if line.hasPrefix("#") || line.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else { throw Malformed() }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            fields[key] = String(value)
        }
        guard let hex = fields["frame"] else { throw Malformed() }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { throw Malformed() }
            bytes.append(byte)
            index = next
        }
        frame = bytes
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return out
    }
}
