/// Reads durations as written in flags and the config file: `250ms`, `5s`, `2m`, `1h`, or a
/// bare number of seconds.
enum DurationParser {
    static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, milliseconds: Int)] = [
            ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count)
            // "5ms" also ends in "s": only accept the longest suffix whose prefix is a number.
            guard let value = Int(number), value >= 0 else { continue }
            // "9223372036854775807s" overflowed the milliseconds and crashed natoazd.
            let (milliseconds, overflow) = value.multipliedReportingOverflow(by: unit.milliseconds)
            return overflow ? nil : .milliseconds(milliseconds)
        }
        guard let seconds = Int(text), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}
