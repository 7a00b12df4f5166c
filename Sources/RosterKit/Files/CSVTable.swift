import Foundation

/// A CSV file read as text (RFC 4180): a header row, then rows of fields, each row with the
/// line it starts on so that problems can name it (`arrivals.csv: line 17: weeklyHours`).
///
/// ```swift
/// let table = try CSVTable.parse("week,id\r\n2,\"n1\"\r\n")
/// table.header        // ["week", "id"]
/// table.rows[0].line  // 2
/// ```
///
/// Fields may be quoted (`"a, b"`, `"say ""hi"""`), lines end in CRLF or LF, a UTF-8
/// byte-order mark is skipped, and blank lines are ignored. Header names are trimmed.
public struct CSVTable: Sendable {
    /// One record of the table.
    public struct Row: Sendable {
        /// The 1-based line the row starts on (the header is line 1).
        public var line: Int
        /// The record's fields, unquoted and untrimmed.
        public var fields: [String]
    }

    /// A quote that is never closed, or text after a closing quote.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        /// The line the problem is on, from 1.
        public var line: Int
        /// What is wrong there.
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The first record's fields, trimmed; empty for an empty file.
    public var header: [String]
    /// Every record after the header, blank lines left out.
    public var rows: [Row]

    /// Parses `text`; rows may have fewer or more fields than the header (callers check).
    public static func parse(_ text: String) throws(SyntaxError) -> CSVTable {
        var records: [Row] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var quoted = false
        var closedQuote = false
        var characters = Substring(text)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }

        func endField() {
            fields.append(field)
            field = ""
            closedQuote = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Row(line: recordLine, fields: fields)) }
            fields = []
        }

        var iterator = characters.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    quoted = false
                    closedQuote = true
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where closedQuote:
                // A doubled quote inside a quoted field.
                field.append("\"")
                quoted = true
                closedQuote = false
            case "\"" where field.isEmpty:
                quoted = true
            case ",":
                endField()
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                guard !closedQuote else {
                    throw SyntaxError(line: line, message: "text after a closing quote (a quote inside a field is written \"\")")
                }
                field.append(character)
            }
        }
        if quoted { throw SyntaxError(line: recordLine, message: "a quoted field is never closed") }
        endRecord()
        guard let first = records.first else { return CSVTable(header: [], rows: []) }
        let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        return CSVTable(header: header, rows: Array(records.dropFirst()))
    }
}
