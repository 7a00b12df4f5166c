import Testing

@testable import RosterKit

@Suite("JSON parser")
struct JSONParserTests {
    @Test func keepsWholeNumbersApartFromFractionsAndBooleans() throws {
        let value = try JSONParser.parse(#"{"a": 9, "b": 9.0, "c": true, "d": 1e2, "e": -0, "f": null}"#)
        let object = try #require(value.objectValue)
        #expect(object["a"] == .integer(9))
        #expect(object["b"] == .number(9))
        #expect(object["c"] == .bool(true))
        #expect(object["d"] == .number(100))
        #expect(object["e"] == .integer(0))
        #expect(object["f"] == .null)
    }

    @Test func keepsWholeNumbersBeyond64BitsAsWritten() throws {
        let value = try JSONParser.parse(
            #"[9223372036854775807, 9223372036854775808, -123456789012345678901234, 1e30]"#)
        #expect(
            value == [
                .integer(.max), .largeInteger("9223372036854775808"), .largeInteger("-123456789012345678901234"),
                .number(1e30),
            ])
        #expect(value.arrayValue?[2].numberValue == -123456789012345678901234.0)
        #expect(
            JSONWriter.write(value) == "[9223372036854775807, 9223372036854775808, -123456789012345678901234, 1e+30]\n")
    }

    @Test func keepsMemberOrder() throws {
        let object = try #require(try JSONParser.parse(#"{"z": 1, "a": 2, "m": 3}"#).objectValue)
        #expect(object.keys == ["z", "a", "m"])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#"["tab\there", "\u00e9", "\ud83d\ude00", "a\/b"]"#)
        #expect(value == ["tab\there", "é", "😀", "a/b"])
    }

    @Test(arguments: [
        ("", 1, 1, "empty"),
        ("{\"days\": [", 1, 11, "truncated"),
        ("{\"a\": 1,}", 1, 9, "member name"),
        ("[1, 2", 1, 6, "truncated"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "repeats"),
        ("plain text", 1, 1, "a value"),
        ("[01]", 1, 3, "`,` or `]`"),
        ("{\n  \"a\": tru\n}", 2, 8, "`true`"),
        ("\"unterminated", 1, 14, "truncated"),
        ("[1] [2]", 1, 5, "end of the document"),
    ])
    func reportsWhereTheSyntaxBreaks(text: String, line: Int, column: Int, expected: String) {
        #expect {
            _ = try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == line && error.column == column && error.expected.contains(expected)
        }
    }

    @Test func rejectsDeepNestingWithoutCrashing() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func writerRoundTrips() throws {
        let text = #"{"name": "a\"b\n", "n": [1, 2.5, true, null], "o": {"k": []}}"#
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(JSONWriter.write(value)) == value)
    }
}
