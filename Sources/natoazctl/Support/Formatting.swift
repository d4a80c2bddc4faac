import Glibc

/// Small text helpers shared by the renderers.
enum Formatting {
    /// `nil` for the empty string: proto3 sends "absent" as empty, JSON shows it as null.
    static func present(_ value: String) -> String? {
        value.isEmpty ? nil : value
    }

    /// A date as shown in tables: the ISO text, "?" appended when the year was inferred,
    /// "-" when unknown.
    static func date(_ iso: String, inferred: Bool) -> String {
        guard !iso.isEmpty else { return "-" }
        return inferred ? iso + "?" : iso
    }

    /// Unix milliseconds as "2026-11-25 20:13:05 UTC"; "-" for 0 (unknown).
    static func timestamp(unixMilliseconds: UInt64) -> String {
        guard unixMilliseconds > 0 else { return "-" }
        var seconds = time_t(unixMilliseconds / 1000)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "-" }
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S UTC", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A duration in microseconds as "850 µs", "12.3 ms", "4.1 s", "2 h 5 min".
    static func duration(microseconds: UInt64) -> String {
        switch microseconds {
        case ..<1_000: return "\(microseconds) µs"
        case ..<1_000_000: return fixed(Double(microseconds) / 1e3) + " ms"
        case ..<120_000_000: return fixed(Double(microseconds) / 1e6) + " s"
        default:
            let minutes = microseconds / 60_000_000
            return minutes < 120 ? "\(minutes) min" : "\(minutes / 60) h \(minutes % 60) min"
        }
    }

    /// A byte count as "512 B", "12.3 KiB", "4.0 MiB".
    static func bytes(_ count: UInt64) -> String {
        switch count {
        case ..<1024: return "\(count) B"
        case ..<(1 << 20): return fixed(Double(count) / 1024) + " KiB"
        case ..<(1 << 30): return fixed(Double(count) / 1_048_576) + " MiB"
        default: return fixed(Double(count) / 1_073_741_824) + " GiB"
        }
    }

    /// A number with one decimal (two below 10), without Foundation's formatters.
    static func fixed(_ value: Double, decimals: Int? = nil) -> String {
        let places = decimals ?? (abs(value) < 10 ? 2 : 1)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled.isFinite, scaled < 1e17 else { return String(value) }
        let integer = UInt64(scaled)
        let whole = integer / UInt64(scale)
        let fraction = String(integer % UInt64(scale))
        let sign = value < 0 && integer > 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        let padding = String(repeating: "0", count: places - fraction.count)
        return "\(sign)\(whole).\(padding)\(fraction)"
    }
}
