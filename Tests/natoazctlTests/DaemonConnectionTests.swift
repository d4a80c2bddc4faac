import Foundation
import NatoAzClient
import NatoAzProtocol
import NatoAzTestSupport
import Testing

/// The client library against a scripted peer on a real socket: pipelining, answers out of
/// order, compression, and a peer that breaks the protocol.
@Suite struct DaemonConnectionTests {
    private func payload(_ index: Int) -> [UInt8] {
        // Large enough that the peer compresses its answers with the dictionary.
        Array("request \(index) ".utf8) + Array(repeating: UInt8(ascii: "x"), count: 600)
    }

    @Test func pipelinedAnswersComeBackToTheirRequests() throws {
        let directory = try TemporaryDirectory()
        let count = 8  // the peer waits for all, then answers in reverse order
        let peer = try ScriptedPeer(path: directory.path("peer.sock"), batch: count)
        let connection = try DaemonConnection(
            path: peer.path, clientName: "test", deadline: .after(seconds: 10))
        #expect(connection.hello.compression)
        #expect(connection.hello.dictionaryID == ZstdDictionary.bundled.id)

        var answers = [[UInt8]?](repeating: nil, count: count)
        var order: [Int] = []
        try connection.pipeline(
            (0..<count).map { .ping(PingRequest(payload: payload($0))) },
            deadline: .after(seconds: 10)
        ) { index, response in
            guard case .ping(let pong)? = response.body else { return }
            answers[index] = pong.payload
            order.append(index)
        }
        peer.wait()
        #expect(answers == (0..<count).map { payload($0) })
        #expect(order == Array((0..<count).reversed()))
    }

    @Test func aStrayResponseIsAProtocolViolation() throws {
        let directory = try TemporaryDirectory()
        let peer = try ScriptedPeer(path: directory.path("stray.sock"), batch: 1) { request in
            Response(id: request.id + 100, body: .ping(PingResponse()))
        }
        let connection = try DaemonConnection(
            path: peer.path, clientName: "test", deadline: .after(seconds: 10))
        #expect(throws: ClientError.self) {
            _ = try connection.call(.ping(PingRequest()), deadline: .after(seconds: 10))
        }
        peer.wait()
    }

    @Test func aFrameLevelErrorEndsTheExchangeWithTheServersMessage() throws {
        let directory = try TemporaryDirectory()
        let peer = try ScriptedPeer(path: directory.path("error.sock"), batch: 1) { _ in
            Response(
                id: 0, error: ResponseError(code: .malformedFrame, message: "bad frame, closing"))
        }
        let connection = try DaemonConnection(
            path: peer.path, clientName: "test", deadline: .after(seconds: 10))
        do {
            _ = try connection.call(.ping(PingRequest()), deadline: .after(seconds: 10))
            Issue.record("expected an error")
        } catch {
            guard case .refusedByServer(_, let reported) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reported.message == "bad frame, closing")
        }
        peer.wait()
    }
}
