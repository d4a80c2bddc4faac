/// Parses the config file: a flat subset of TOML, so any TOML tool reads it too.
///
/// ```
/// # comment
/// socket = "/run/natoaz/natoaz.sock"
/// socket-mode = 0o660          # TOML octal; "0660" as a string works too
/// admin-uids = [1000, 1001]
/// public-stats = false
/// idle-timeout = "5m"
/// ```
///
/// Supported: bare keys, `=`, basic strings (`"..."` with `\\ \" \n \t` escapes), literal
/// strings (`'...'`), integers (with `_`, `0x`, `0o`, `0b`), booleans, one-line arrays of
/// those, `#` comments. Tables (`[section]`) are refused with a clear message: every key is
/// top-level. A repeated key is an error, as in TOML.
public struct ConfigFileParser {
    private let path: String

    /// A parser for text read from `path`, which only labels errors and origins
    /// (`path:line`); the caller reads the file.
    public init(path: String) {
        self.path = path
    }

    /// The file's settings in order, each with the line it came from.
    public func parse(_ text: String) throws(ConfigurationError) -> [(
        key: String, value: ConfigValue, origin: ConfigOrigin
    )] {
        var entries: [(key: String, value: ConfigValue, origin: ConfigOrigin)] = []
        var seen: Set<String> = []
        var lineNumber = 0
        // Split on the bytes: split on Characters, a CRLF file was one line ("\r\n" is one
        // Character), and its first value had "unexpected text after" it. A BOM (Notepad
        // writes one) is not a key. (Session 15's QA.)
        var utf8 = Substring(text).utf8
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8 = utf8.dropFirst(3) }
        for rawLine in utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var scanner = Scanner(Array(rawLine), path: path, line: lineNumber)
            scanner.skipSpaces()
            if scanner.atEndOrComment { continue }
            if scanner.peek == UInt8(ascii: "[") {
                throw scanner.error(
                    "tables are not supported; write every key at the top level (key = value)")
            }
            let key = try scanner.readKey()
            scanner.skipSpaces()
            guard scanner.consume(UInt8(ascii: "=")) else {
                throw scanner.error("expected '=' after key '\(key)'")
            }
            scanner.skipSpaces()
            let value = try scanner.readValue()
            scanner.skipSpaces()
            guard scanner.atEndOrComment else {
                throw scanner.error("unexpected text after the value of '\(key)'")
            }
            guard seen.insert(key).inserted else {
                throw scanner.error("'\(key)' is set twice")
            }
            entries.append((key, value, .file(path: path, line: lineNumber)))
        }
        return entries
    }
}

/// A cursor over one line of the config file.
private struct Scanner {
    private let bytes: [UInt8]
    private var index = 0
    private let path: String
    private let line: Int

    init(_ bytes: [UInt8], path: String, line: Int) {
        // Tolerate CRLF files.
        self.bytes = bytes.last == UInt8(ascii: "\r") ? Array(bytes.dropLast()) : bytes
        self.path = path
        self.line = line
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    var atEndOrComment: Bool { peek == nil || peek == UInt8(ascii: "#") }

    func error(_ message: String) -> ConfigurationError {
        ConfigurationError("\(path):\(line):\(index + 1): \(message)")
    }

    mutating func skipSpaces() {
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
            index += 1
        }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    mutating func readKey() throws(ConfigurationError) -> String {
        let start = index
        while let byte = peek, Self.isKeyByte(byte) { index += 1 }
        guard index > start else {
            throw error("expected a key (letters, digits, '-', '_')")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func readValue() throws(ConfigurationError) -> ConfigValue {
        guard let byte = peek else { throw error("missing value after '='") }
        switch byte {
        case UInt8(ascii: "\""): return .string(try readBasicString())
        case UInt8(ascii: "'"): return .string(try readLiteralString())
        case UInt8(ascii: "["): return try readArray()
        default: return try readBareValue()
        }
    }

    private mutating func readBasicString() throws(ConfigurationError) -> String {
        index += 1
        var out: [UInt8] = []
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { break }
                index += 1
                switch escaped {
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                default:
                    index -= 1
                    throw error("unsupported escape '\\\(Character(Unicode.Scalar(escaped)))'")
                }
            default:
                out.append(byte)
            }
        }
        throw error("unterminated string (strings end on the same line with '\"')")
    }

    private mutating func readLiteralString() throws(ConfigurationError) -> String {
        index += 1
        let start = index
        while let byte = peek {
            index += 1
            if byte == UInt8(ascii: "'") {
                return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
            }
        }
        throw error("unterminated string (strings end on the same line with \"'\")")
    }

    private mutating func readArray() throws(ConfigurationError) -> ConfigValue {
        index += 1
        var items: [ConfigValue] = []
        while true {
            skipSpaces()
            if consume(UInt8(ascii: "]")) { return .array(items) }
            guard peek != nil, !atEndOrComment else {
                throw error("unterminated array (arrays end on the same line with ']')")
            }
            let item = try readValue()
            if case .array = item { throw error("nested arrays are not supported") }
            items.append(item)
            skipSpaces()
            if consume(UInt8(ascii: ",")) { continue }
            guard peek != nil, !atEndOrComment else {
                throw error("unterminated array (arrays end on the same line with ']')")
            }
            guard consume(UInt8(ascii: "]")) else { throw error("expected ',' or ']' in array") }
            return .array(items)
        }
    }

    private mutating func readBareValue() throws(ConfigurationError) -> ConfigValue {
        let start = index
        while let byte = peek, byte != UInt8(ascii: ","), byte != UInt8(ascii: "]"),
            byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "#")
        {
            index += 1
        }
        let word = String(decoding: bytes[start..<index], as: UTF8.self)
        if word == "true" { return .boolean(true) }
        if word == "false" { return .boolean(false) }
        if let number = Self.parseInteger(word) { return .integer(number) }
        index = start
        let digits = word.first == "-" || word.first == "+" ? word.dropFirst() : word[...]
        if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            // An integer all the same: "expected ... an integer" would puzzle.
            throw error("the integer \(word) is out of range (at most \(Int.max))")
        }
        throw error(
            "cannot read value '\(word)': expected a \"string\", an integer, true/false or [array]")
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// TOML integers: optional sign, `_` between digits, `0x` / `0o` / `0b` prefixes.
    static func parseInteger(_ word: String) -> Int? {
        var text = Substring(word)
        var negative = false
        if text.first == "+" || text.first == "-" {
            negative = text.first == "-"
            text = text.dropFirst()
        }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
            radix = base
            text = text.dropFirst(2)
        }
        guard !text.isEmpty, text.first != "_", text.last != "_", !text.contains("__") else {
            return nil
        }
        guard let magnitude = Int(text.filter { $0 != "_" }, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }
}
