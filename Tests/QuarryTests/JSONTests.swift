import Foundation
import Quarry
import Testing

@Suite("JSON values")
struct JSONTests {
    @Test("serializes compactly with sorted keys")
    func serialization() throws {
        let json: JSON = ["b": [1, 2.5, "x", nil, true], "a": ["nested": "ok"]]
        #expect(try json.serialized() == #"{"a":{"nested":"ok"},"b":[1,2.5,"x",null,true]}"#)
    }

    @Test("parses back to an equal value, keeping integers and doubles apart")
    func parsing() throws {
        let text = #"{"int": 3, "double": 3.25, "big": 9007199254740993, "list": [], "empty": {}}"#
        let json = try JSON(parsing: text)
        #expect(json == ["int": 3, "double": 3.25, "big": .int(9_007_199_254_740_993), "list": [], "empty": [:]])
    }

    @Test("malformed text is invalidValue", arguments: ["", "{", "[1 2]", "{'a': 1}", "nul"])
    func malformed(_ text: String) {
        #expect {
            try JSON(parsing: text)
        } throws: { error in
            if case QuarryError.invalidValue = error { true } else { false }
        }
    }

    @Test("converts to and from SQL values")
    func sqlValues() throws {
        let json: JSON = ["k": "v"]
        #expect(json.sqlValue == .json(json))
        #expect(try JSON(sqlValue: .text(#"{"k":"v"}"#)) == json)
        #expect(throws: QuarryError.self) { try JSON(sqlValue: .int(1)) }
    }

    @Test("13 · integers past Int64 keep every digit through parse, serialize and Codable", arguments: [
        "18446744073709551616", "-9223372036854775809", "12345678901234567890123456789012345678", "99999999999999999999",
    ])
    func bigIntegers(_ digits: String) throws {
        let parsed = try JSON(parsing: #"{"n": \#(digits), "f": 1.5, "i": 7}"#)
        #expect(parsed["n"] == .decimal(Decimal(string: digits)!))
        #expect(parsed["f"] == .double(1.5) && parsed["i"] == .int(7))
        #expect(try parsed.serialized() == #"{"f":1.5,"i":7,"n":\#(digits)}"#)
        let encoded = String(decoding: try JSONEncoder().encode(parsed), as: UTF8.self)
        #expect(encoded.contains(#""n":\#(digits)"#), "\(encoded)")
    }
}
