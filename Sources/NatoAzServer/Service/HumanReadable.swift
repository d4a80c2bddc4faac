/// Sizes and durations as people read them in logs.
enum HumanReadable {
    /// "12.3 MiB", "15.1 KiB".
    static func bytes(_ bytes: Int) -> String {
        let (value, unit) =
            bytes >= 1 << 20
            ? (Double(bytes) / 1_048_576, "MiB")
            : (Double(bytes) / 1024, "KiB")
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(unit)"
    }

    /// "77.6 ms", "2.9 s".
    static func duration(_ duration: Duration) -> String {
        let microseconds = ServerContext.microseconds(duration)
        if microseconds >= 1_000_000 {
            let tenths = (microseconds + 50_000) / 100_000
            return "\(tenths / 10).\(tenths % 10) s"
        }
        let tenths = (microseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10) ms"
    }
}
