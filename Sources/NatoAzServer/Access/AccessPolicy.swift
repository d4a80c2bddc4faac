#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Decides who may call administrative methods (Reload; Stats unless `publicStats`).
///
/// Allowed: root, the daemon's own uid, the configured uids, and members (primary or
/// supplementary group) of the configured groups. Everyone who can connect may call the
/// read-only lookups: the socket file's mode and group decide that.
public struct AccessPolicy: Sendable {
    private let daemonUID: UInt32
    private let adminUIDs: Set<UInt32>
    private let adminGroupIDs: Set<UInt32>

    /// The policy for a daemon running as `daemonUID` (its effective uid when nil).
    public init(configuration: ServerConfiguration, daemonUID: UInt32? = nil) {
        self.daemonUID = daemonUID ?? geteuid()
        self.adminUIDs = Set(configuration.adminUIDs)
        self.adminGroupIDs = Set(configuration.adminGroupIDs)
    }

    /// Whether a peer with these credentials may call administrative methods. Group
    /// membership is looked up once per connection, when the first admin call is made.
    public func isAdministrator(_ peer: PeerCredentials) -> Bool {
        if peer.uid == 0 || peer.uid == daemonUID || adminUIDs.contains(peer.uid) { return true }
        guard !adminGroupIDs.isEmpty else { return false }
        if adminGroupIDs.contains(peer.gid) { return true }
        return UserDatabase.groupIDs(ofUser: peer.uid, primaryGroup: peer.gid)
            .contains { adminGroupIDs.contains($0) }
    }
}
