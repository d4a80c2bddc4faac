/// The protocol version this module speaks. See `Protocol/PROTOCOL.md`, "Versioning".
public enum ProtocolVersion {
    /// Bumped only for changes that old peers cannot ignore.
    public static let current: UInt32 = 1
}
