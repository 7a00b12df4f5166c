/// A syntax error in a JSON text, located by line and column (both from 1).
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The line of the problem, from 1.
    public var line: Int
    /// The column of the problem, in characters (Unicode scalars) from 1.
    public var column: Int
    /// What the parser expected there (`a digit`, `the end of the document`).
    public var expected: String

    public var description: String { "line \(line), column \(column): expected \(expected)" }
}

/// A strict RFC 8259 JSON parser (no comments, no trailing commas, no NaN).
///
/// Duplicate keys in one object are an error: in a roster or an instance they are always a mistake.
public struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    private static let maximumDepth = 256

    /// Parses a whole document; anything but white space after the value is an error.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        if parser.position == bytes.count { throw parser.error("a JSON value, but the file is empty") }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("the end of the document") }
        return value
    }

    /// Parses a whole document given as text.
    ///
    /// ```swift
    /// let value = try JSONParser.parse(#"{"days": ["Mon", "Tue"]}"#)
    /// value.objectValue?["days"]?.arrayValue?.count  // 2
    /// ```
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ expected: String) -> JSONSyntaxError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONSyntaxError(line: line, column: column, expected: expected)
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            position += 1
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard let byte = current else { throw error("a value, but the file ends here (is it truncated?)") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("a value (object, list, string, number, true, false or null)")
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        let start = position
        for expected in literal.utf8 {
            guard current == expected else {
                position = start
                throw error("`\(literal)`")
            }
            position += 1
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("at most \(Self.maximumDepth) nested lists and objects") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        var object = JSONObject()
        try parseEntries(closedBy: UInt8(ascii: "}")) { parser throws(JSONSyntaxError) in
            guard parser.current == UInt8(ascii: "\"") else { throw parser.error("a member name in double quotes") }
            let keyStart = parser.position
            let key = try parser.parseString()
            if object[key] != nil {
                parser.position = keyStart
                throw parser.error("a member name used once, but \"\(key)\" repeats")
            }
            parser.skipWhitespace()
            guard parser.current == UInt8(ascii: ":") else { throw parser.error("`:` after a member name") }
            parser.position += 1
            parser.skipWhitespace()
            object[key] = try parser.parseValue()
        }
        return .object(object)
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        var elements: [JSONValue] = []
        try parseEntries(closedBy: UInt8(ascii: "]")) { parser throws(JSONSyntaxError) in
            elements.append(try parser.parseValue())
        }
        return .array(elements)
    }

    /// Reads an object's members or a list's elements, from the opening bracket to `closer`:
    /// `entry` reads one (white space around it is skipped here), and entries are separated by commas.
    private mutating func parseEntries(
        closedBy closer: UInt8, _ entry: (inout JSONParser) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try enterContainer()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        if current == closer {
            position += 1
            return
        }
        var separators: String { "`,` or `\(Character(Unicode.Scalar(closer)))`" }
        while true {
            skipWhitespace()
            try entry(&self)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case closer:
                position += 1
                return
            case nil: throw error("\(separators), but the file ends here (is it truncated?)")
            default: throw error(separators)
            }
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flushRun(_ parser: JSONParser, upTo end: Int) throws(JSONSyntaxError) {
            guard runStart < end else { return }
            guard let text = String(validating: parser.bytes[runStart..<end], as: UTF8.self) else {
                throw parser.error("valid UTF-8 text")
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard let byte = current else { throw error("a closing `\"`, but the file ends here (is it truncated?)") }
            switch byte {
            case UInt8(ascii: "\""):
                try flushRun(self, upTo: position)
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flushRun(self, upTo: position)
                position += 1
                scalars.append(try parseEscape())
                runStart = position
            case 0..<0x20:
                throw error("no control characters inside a string (write them as \\n, \\t, \\u0000)")
            default:
                position += 1
            }
        }
    }

    private mutating func parseEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        guard let byte = current else { throw error("an escape sequence") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHexQuad()
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count,
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw error("a low surrogate \\uDC00-\\uDFFF after a high surrogate") }
                position += 2
                let low = try parseHexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw error("a low surrogate \\uDC00-\\uDFFF") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("a Unicode scalar, not a lone surrogate") }
            return scalar
        default:
            position -= 1
            throw error("an escape sequence (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
    }

    private mutating func parseHexQuad() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexDigit(byte) else { throw error("four hexadecimal digits") }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = position
        var isWhole = true
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else if try skipDigits() == 0 {
            throw error("a digit")
        }
        if current == UInt8(ascii: ".") {
            isWhole = false
            position += 1
            guard try skipDigits() > 0 else { throw error("a digit after the decimal point") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isWhole = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard try skipDigits() > 0 else { throw error("a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isWhole, let whole = Int(text) { return .integer(whole) }
        if isWhole, Double(text)?.isFinite == true { return .largeInteger(text) }
        guard let value = Double(text), value.isFinite else {
            position = start
            throw error("a number within range")
        }
        return .number(value)
    }

    private mutating func skipDigits() throws(JSONSyntaxError) -> Int {
        let start = position
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        return position - start
    }
}
