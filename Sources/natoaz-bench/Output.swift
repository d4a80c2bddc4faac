#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a line to standard error.
func printError(_ message: String) {
    let line = Array((message + "\n").utf8)
    // write(2) on descriptor 2: the C `stderr` global is not concurrency-safe in Swift 6.
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// A number with a fixed count of decimals (no Foundation `String(format:)`).
func format(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    let sign = value < 0 && scaled > 0 ? "-" : ""
    guard digits > 0 else { return sign + String(whole) }
    let fractionText = String(fraction)
    return sign + String(whole) + "."
        + String(repeating: "0", count: digits - fractionText.count) + fractionText
}
