import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Who the peer is (SO_PEERCRED) and whether it may call administrative methods.
extension ConnectionHandler {
    func readPeerCredentials(_ context: ChannelHandlerContext) {
        guard let provider = context.channel as? any SocketOptionProvider else { return }
        provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SO_PEERCRED)
            .assumeIsolated().whenSuccess { (credentials: RawPeerCredentials) in
                self.peer = PeerCredentials(
                    pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
                self.logger[metadataKey: "peer_uid"] = "\(credentials.uid)"
            }
    }

    func isAdministrator() -> Bool {
        if let peerIsAdministrator { return peerIsAdministrator }
        let allowed = peer.map(server.accessPolicy.isAdministrator) ?? false
        peerIsAdministrator = allowed
        return allowed
    }
}

/// `struct ucred` as the kernel fills it for SO_PEERCRED (Glibc hides the C declaration
/// without _GNU_SOURCE): pid, uid, gid.
struct RawPeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
