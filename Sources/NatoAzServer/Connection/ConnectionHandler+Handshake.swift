import Logging
import NIOCore
import NatoAzProtocol

/// The Hello: agreeing on version and compression, then switching to the server's limits.
extension ConnectionHandler {
    func handshake(
        _ hello: HelloRequest, id: UInt64, started: NIODeadline, _ context: ChannelHandlerContext
    ) {
        handshakeTimer?.cancel()
        handshakeTimer = nil
        let agreement: Handshake.Agreement
        do {
            agreement = try Handshake.agree(to: hello, offer: server.handshakeOffer)
        } catch {
            fail(
                context, RequestFailure(error.code, error.message, field: error.field), id: id,
                recordAs: .hello)
            return
        }
        // The Hello reply is never compressed; compression starts with the next frame.
        send(
            .success(.hello(agreement.response)), id: id, method: .hello, started: started,
            context)
        if agreement.response.compression {
            codec.enableCompression(dictionary: agreement.dictionary)
        }
        decoder.limits = server.protocolLimits
        codec.limits = server.protocolLimits
        codec.peerMaxFrameBytes = server.configuration.maxFrameBytes
        state = .open
        logger.debug(
            "handshake done",
            metadata: [
                "client": "\(hello.clientName)",
                "compression": "\(agreement.response.compression)",
                "dictionary": "\(agreement.response.dictionaryID)",
            ])
    }
}
