import CSV
import Foundation

/// A CSV file read as text (RFC 4180, parsed by CSV.swift): a header row, then rows of fields,
/// each with its row number so that problems can name it (`arrivals.csv: line 17: weeklyHours`).
///
/// ```swift
/// let table = try CSVTable.parse("week,id\r\n2,\"n1\"\r\n")
/// table.header        // ["week", "id"]
/// table.rows[0].line  // 2
/// ```
///
/// Fields may be quoted (`"a, b"`, `"say ""hi"""`), lines end in CRLF or LF, a UTF-8
/// byte-order mark is skipped, and rows with no value at all are left out (their numbers are
/// not reused). Header names are trimmed. The program store's spreadsheets and the
/// simulation's arrival files are both read with it.
public struct CSVTable: Sendable {
    /// One record of the table.
    public struct Row: Sendable {
        /// The 1-based row number, the header being 1: the line the row starts on, unless a quoted
        /// field before it spans lines.
        public var line: Int
        /// The record's fields, unquoted and untrimmed.
        public var fields: [String]
    }

    /// Text that is not CSV, or a quote that is never closed.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        /// The line the problem is on, from 1.
        public var line: Int
        /// What is wrong there.
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The first record's fields, trimmed; empty for an empty file.
    public var header: [String]
    /// Every record after the header, rows with no value left out.
    public var rows: [Row]

    /// Parses `text`; rows may have fewer or more fields than the header (callers check).
    public static func parse(_ text: String) throws(SyntaxError) -> CSVTable {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false)
        } catch {
            throw SyntaxError(line: 1, message: "not CSV text (\(error))")
        }
        guard let first = reader.next() else { return CSVTable(header: [], rows: []) }
        var rows: [Row] = []
        var number = 1
        while let fields = reader.next() {
            number += 1
            if fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                rows.append(Row(line: number, fields: fields))
            }
        }
        // CSV.swift reads an unclosed quote to the end of the text, into the last record.
        if text.utf8.reduce(0, { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }) % 2 == 1 {
            throw SyntaxError(line: number, message: "a quoted field is never closed")
        }
        return CSVTable(header: first.map { $0.trimmingCharacters(in: .whitespaces) }, rows: rows)
    }
}
