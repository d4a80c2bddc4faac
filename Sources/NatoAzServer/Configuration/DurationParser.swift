/// Reads durations as written in flags and the config file: `50us` (or `50µs`), `250ms`,
/// `5s`, `2m`, `1h`, or a bare number of seconds. Which of them a setting accepts is the
/// setting's to say (the timeouts take whole milliseconds, `busy-poll` microseconds).
enum DurationParser {
    static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, microseconds: Int)] = [
            ("us", 1), ("µs", 1), ("ms", 1000), ("s", 1_000_000), ("m", 60_000_000),
            ("h", 3_600_000_000),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count)
            // "5ms" also ends in "s": only accept the longest suffix whose prefix is a number.
            guard let value = Int(number), value >= 0 else { continue }
            // "9223372036854775807s" overflowed the milliseconds and crashed natoazd.
            let (microseconds, overflow) = value.multipliedReportingOverflow(
                by: unit.microseconds)
            return overflow ? nil : .microseconds(microseconds)
        }
        guard let seconds = Int(text), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}
