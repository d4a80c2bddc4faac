/// Builds one JSON object as UTF-8 text, by hand (the client links no Foundation).
///
/// Keys come out in the order they are added, so each command's output has a stable,
/// documented shape. Absent (`nil`) values are written as `null` rather than left out, so a
/// `jq` filter can rely on every documented key being present.
///
///     var object = JSONObject()
///     object.add("id", "000_b63174de97e40d1a")
///     object.add("score", 1.25)
///     object.add("date", nil as String?)
///     object.text  // {"id":"000_b63174de97e40d1a","score":1.25,"date":null}
public struct JSONObject: Sendable {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var isEmpty = true

    /// An empty object.
    public init() {}

    /// The finished object as text.
    public var text: String {
        String(decoding: bytes + [UInt8(ascii: "}")], as: UTF8.self)
    }

    private mutating func key(_ key: String) {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        isEmpty = false
        JSON.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Adds a string, or `null`.
    public mutating func add(_ name: String, _ value: String?) {
        key(name)
        if let value { JSON.appendString(value, to: &bytes) } else { JSON.appendNull(to: &bytes) }
    }

    /// Adds an integer, or `null`.
    public mutating func add<Integer: BinaryInteger>(_ name: String, _ value: Integer?) {
        key(name)
        if let value {
            bytes.append(contentsOf: String(value).utf8)
        } else {
            JSON.appendNull(to: &bytes)
        }
    }

    /// Adds a number; `nil`, infinities and NaN (which JSON cannot express) become `null`.
    public mutating func add(_ name: String, _ value: Double?) {
        key(name)
        bytes.append(contentsOf: JSON.number(value).utf8)
    }

    /// Adds `true`/`false`, or `null`.
    public mutating func add(_ name: String, _ value: Bool?) {
        key(name)
        bytes.append(contentsOf: (value.map { $0 ? "true" : "false" } ?? "null").utf8)
    }

    /// Adds a nested object, or `null`.
    public mutating func add(_ name: String, _ value: JSONObject?) {
        key(name)
        if let value {
            bytes.append(contentsOf: value.bytes)
            bytes.append(UInt8(ascii: "}"))
        } else {
            JSON.appendNull(to: &bytes)
        }
    }

    /// Adds an array of strings.
    public mutating func add(_ name: String, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSON.appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Adds an array of integers.
    public mutating func add<Integer: BinaryInteger>(_ name: String, _ values: [Integer]) {
        key(name)
        bytes.append(contentsOf: "[\(values.map { String($0) }.joined(separator: ","))]".utf8)
    }

    /// Adds an array of integer pairs, e.g. highlight ranges `[[0,4],[10,14]]`.
    public mutating func add<Integer: BinaryInteger>(_ name: String, pairs: [(Integer, Integer)]) {
        key(name)
        let items = pairs.map { "[\(String($0.0)),\(String($0.1))]" }
        bytes.append(contentsOf: "[\(items.joined(separator: ","))]".utf8)
    }

    /// Adds an array of objects.
    public mutating func add(_ name: String, _ values: [JSONObject]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: value.bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
    }
}

/// JSON text primitives shared by `JSONObject`.
public enum JSON {
    /// `value` as a JSON string literal, quotes included.
    public static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 2)
        appendString(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON number, or `null` for `nil` and the values JSON cannot express (inf, NaN).
    public static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)  // Swift prints the shortest round-tripping form, e.g. 1e-05.
    }

    static func appendNull(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "null".utf8)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `value` quoted and escaped per RFC 8259: `"` and `\` escaped, every control
    /// character below U+0020 written as `\u00XX` (the common `\n`, `\r`, `\t` in short form),
    /// and U+2028/U+2029 escaped too so the output is also safe to embed in JavaScript.
    static func appendString(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var utf8 = value.utf8.makeIterator()
        var pending: [UInt8] = []
        while let byte = utf8.next() {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0xF)])
            case 0xE2:
                // U+2028 is E2 80 A8 and U+2029 is E2 80 A9 in UTF-8.
                pending = [byte]
                if let second = utf8.next() {
                    pending.append(second)
                    if let third = utf8.next() { pending.append(third) }
                }
                if pending.count == 3, pending[1] == 0x80, pending[2] == 0xA8 || pending[2] == 0xA9
                {
                    bytes.append(contentsOf: (pending[2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                } else {
                    bytes.append(contentsOf: pending)
                }
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
