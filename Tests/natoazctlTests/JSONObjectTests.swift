import Foundation
import NatoAzClient
import Testing

/// The hand-written JSON must be valid and round-trip every string exactly.
@Suite struct JSONObjectTests {
    private func parse(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(
            with: Data(text.utf8), options: [.fragmentsAllowed])
        return try #require(value as? [String: Any])
    }

    @Test func everyControlCharacterQuoteAndBackslashRoundTrips() throws {
        let nasty =
            String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
            + "\"quoted\" back\\slash / \u{7F} \u{2028}\u{2029} é Алиев 🇦🇿"
        var object = JSONObject()
        object.add("text", nasty)
        let text = object.text
        #expect(!text.contains("\n"), "JSON Lines: one object per line")
        #expect(text.contains(#"\u0000"#))
        #expect(text.contains(#"\u001f"#))
        #expect(text.contains(#"\u2028"#))
        #expect(try parse(text)["text"] as? String == nasty)
    }

    @Test func keysKeepTheirOrderAndAbsentValuesAreNull() throws {
        var object = JSONObject()
        object.add("id", "a")
        object.add("date", nil as String?)
        object.add("count", 3)
        object.add("score", 0.5)
        object.add("inferred", false)
        object.add("missing", nil as Double?)
        #expect(
            object.text
                == #"{"id":"a","date":null,"count":3,"score":0.5,"inferred":false,"missing":null}"#)
    }

    @Test func numbersJSONCannotExpressBecomeNull() throws {
        var object = JSONObject()
        object.add("nan", Double.nan)
        object.add("inf", -Double.infinity)
        object.add("tiny", 1e-5)
        object.add("whole", 2.0)
        let parsed = try parse(object.text)
        #expect(parsed["nan"] is NSNull)
        #expect(parsed["inf"] is NSNull)
        #expect((parsed["tiny"] as? Double) == 1e-5)
        #expect(object.text.contains(#""whole":2"#))
    }

    @Test func nestedArraysAndObjects() throws {
        var inner = JSONObject()
        inner.add("file", "bad\tname.txt")
        var object = JSONObject()
        object.add("rejected", [inner, inner])
        object.add("aliases", ["НАТО", "North \"Atlantic\""])
        object.add("highlights", pairs: [(UInt32(0), UInt32(4)), (10, 14)])
        object.add("ids", [1, 2, 3])
        object.add("none", [String]())
        let parsed = try parse(object.text)
        let rejected = try #require(parsed["rejected"] as? [[String: Any]])
        #expect(rejected.count == 2)
        #expect(rejected[0]["file"] as? String == "bad\tname.txt")
        #expect(parsed["aliases"] as? [String] == ["НАТО", "North \"Atlantic\""])
        #expect(parsed["highlights"] as? [[Int]] == [[0, 4], [10, 14]])
        #expect((parsed["none"] as? [Any])?.isEmpty == true)
    }
}
