/// The daemon's name and version, as announced in Hello and Info.
public enum ServerVersion {
    /// The server name sent in the Hello response and Info.
    public static let name = "natoazd"
    /// The daemon's version (semantic versioning), sent in the Hello response and Info.
    public static let current = "0.1.0"
}
