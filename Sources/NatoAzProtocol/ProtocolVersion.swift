/// The protocol versions this module speaks. See `Protocol/PROTOCOL.md`, "Versioning".
public enum ProtocolVersion {
    /// Bumped only for changes that old peers cannot ignore.
    public static let current: UInt32 = 1
    /// Every version this build can speak; the handshake picks the highest both sides share.
    public static let supported: ClosedRange<UInt32> = 1...current
}
