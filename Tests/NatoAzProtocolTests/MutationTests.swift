import NatoAzProtocol
import Testing

/// Hostile variations of valid messages: every truncation and many single-byte changes must
/// either decode or throw a ProtocolError, never crash, hang or allocate without bound.
@Suite("Mutated payloads")
struct MutationTests {
    static let payloads: [[UInt8]] =
        Fixtures.requests.map { Request(id: 42, deadlineMs: 250, body: $0.1).encode() }
        + Fixtures.responses.map { Response(id: 42, body: $0.1).encode() }

    @Test("every truncation of every message is handled")
    func truncations() {
        var rejected = 0
        for payload in Self.payloads {
            for length in 0..<payload.count {
                let prefix = Array(payload.prefix(length))
                do {
                    _ = try Request(decoding: prefix)
                    _ = try Response(decoding: prefix)
                } catch {
                    rejected += 1
                }
            }
        }
        // Cuts inside a field are errors; cuts between fields decode to fewer fields.
        #expect(rejected > 0)
    }

    @Test("single-byte changes at every position are handled")
    func byteFlips() {
        var decoded = 0
        var rejected = 0
        for payload in Self.payloads {
            for position in payload.indices {
                for replacement: UInt8 in [0x00, 0xFF, 0x80, payload[position] ^ 0x07] {
                    var mutated = payload
                    mutated[position] = replacement
                    if (try? Response(decoding: mutated)) != nil {
                        decoded += 1
                    } else {
                        rejected += 1
                    }
                    _ = try? Request(decoding: mutated)
                }
            }
        }
        #expect(decoded > 0 && rejected > 0)
    }
}
