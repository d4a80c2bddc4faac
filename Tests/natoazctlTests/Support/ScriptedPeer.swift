import Foundation
import Glibc
import NatoAzProtocol
import NatoAzTestSupport

/// A natoaz peer on a real Unix socket that answers like natoazd would at the frame level,
/// but in an order the test chooses: enough to check what only a hostile or unusual server
/// shows (answers out of order, compressed answers, a frame-level error).
///
/// It serves one connection in a background thread: handshake (with compression and the
/// bundled dictionary when offered), then it reads `batch` requests and answers them with
/// `answer`, in reverse order (only the first `answering` of them, when given: then it closes
/// the connection, as a natoazd that stops would). It echoes Ping payloads so answers are
/// checkable.
final class ScriptedPeer: @unchecked Sendable {
    let path: String
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)

    init(
        path: String, batch: Int, answering: Int? = nil,
        answer: @escaping @Sendable (Request) -> Response = ScriptedPeer.echo
    ) throws {
        self.path = path
        listener = try UnixSocket.bind(path, listen: 4)
        let listener = self.listener
        let done = self.done
        Thread {
            defer { done.signal() }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            defer { close(connection) }
            Self.serve(connection, batch: batch, answering: answering, answer: answer)
        }.start()
    }

    deinit {
        close(listener)
    }

    /// Waits (bounded) for the served connection to finish.
    func wait() {
        _ = done.wait(timeout: .now() + 10)
    }

    static func echo(_ request: Request) -> Response {
        switch request.body {
        case .ping(let ping)?:
            return Response(id: request.id, body: .ping(PingResponse(payload: ping.payload)))
        default:
            return Response(
                id: request.id,
                error: ResponseError(code: .unknownMethod, message: "scripted peer: ping only"))
        }
    }

    private static func serve(
        _ connection: Int32, batch: Int, answering: Int?, answer: (Request) -> Response
    ) {
        var decoder = FrameDecoder(limits: .standard)
        let codec = FrameCodec()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var requests: [Request] = []
        var greeted = false
        while requests.count < batch {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            decoder.append(buffer[..<count])
            while let frame = try? decoder.nextFrame() {
                guard let request = try? codec.decode(frame, as: Request.self) else { return }
                if !greeted, case .hello(let hello)? = request.body {
                    greeted = true
                    let offer = Handshake.Offer(
                        dictionaries: [.bundled], limits: Limits(maxInFlight: 8),
                        serverVersion: "scripted")
                    guard let agreement = try? Handshake.agree(to: hello, offer: offer) else {
                        return
                    }
                    send(
                        Response(id: request.id, body: .hello(agreement.response)), codec,
                        connection)
                    if agreement.response.compression {
                        codec.enableCompression(dictionary: agreement.dictionary)
                    }
                } else {
                    requests.append(request)
                }
            }
        }
        for request in requests.prefix(answering ?? requests.count).reversed() {
            send(answer(request), codec, connection)
        }
    }

    private static func send(_ response: Response, _ codec: FrameCodec, _ connection: Int32) {
        guard let bytes = try? codec.encodeFrame(response) else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                write(connection, $0.baseAddress, $0.count)
            }
            guard written > 0 else { return }
            offset += written
        }
    }
}
