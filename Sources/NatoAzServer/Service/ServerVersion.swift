/// The daemon's name and version, as announced in Hello and Info.
public enum ServerVersion {
    public static let name = "natoazd"
    public static let current = "0.1.0"
}
