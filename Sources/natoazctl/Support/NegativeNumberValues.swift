/// Keeps a negative number after a numeric option with its option.
///
/// argument-parser reads `--limit -1` as `--limit` without a value followed by an option
/// `-1`, and answers "Missing value for '--limit <limit>'": someone who typed a value is
/// told they typed none. None of natoazctl's numeric options can be followed by an option
/// that looks like a number, so `--limit -1` is read as `--limit=-1`, which argument-parser
/// refuses as "The value '-1' is invalid for '--limit <limit>'" (and `--timeout` with its
/// own range). A `-1` anywhere else is left alone: in a query it excludes the number 1.
enum NegativeNumberValues {
    /// The options whose value is a number.
    static let numericOptions = [
        "--limit", "--offset", "--width", "--window", "--min-frequency", "--timeout",
    ]

    /// `arguments` with each `--option -N` (a numeric option, then a word that reads as a
    /// negative number) joined into `--option=-N`.
    static func attached(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if index + 1 < arguments.count, numericOptions.contains(word),
                isNegativeNumber(arguments[index + 1])
            {
                result.append(word + "=" + arguments[index + 1])
                index += 2
            } else {
                result.append(word)
                index += 1
            }
        }
        return result
    }

    /// `-1`, `-0.5`, `-.5`: a minus sign, then digits with at most one decimal point.
    static func isNegativeNumber(_ word: String) -> Bool {
        let rest = word.utf8.dropFirst()
        guard word.utf8.first == UInt8(ascii: "-"), rest.contains(where: isDigit) else {
            return false
        }
        return rest.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") }
            && rest.filter { $0 == UInt8(ascii: ".") }.count <= 1
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
