import CSV
import Foundation
import RosterKit

/// One CSV file of a ``SpreadsheetTable``, read by RosterKit's `CSVTable`: the header and the records with
/// their spreadsheet row numbers (the header is row 1; rows with no value at all are skipped).
public struct Spreadsheet: Sendable {
    /// The file's name, as messages name it.
    public var file: String
    public var table: SpreadsheetTable
    /// The header's known columns; unknown ones are left out (and warned about when read).
    public var columns: [String]
    public var rows: [Row]

    public struct Row: Sendable, Hashable {
        /// The spreadsheet row number.
        public var number: Int
        /// Non-empty cells by column name, trimmed.
        public var cells: [String: String]
    }

    /// A file read and split into cells; `problems` holds what makes it unusable, `warnings`
    /// the columns it ignores.
    public struct Reading: Sendable {
        public var spreadsheet: Spreadsheet?
        public var problems: [SpreadsheetProblem] = []
        public var warnings: [SpreadsheetProblem] = []
    }

    /// Reads the CSV file at `path` (UTF-8, with or without a byte-order mark, at most
    /// ``InputFile/maximumSize`` bytes).
    public static func read(path: String) -> Reading {
        let file = (path as NSString).lastPathComponent
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) > InputFile.maximumSize {
            return Reading(problems: [SpreadsheetProblem(
                file: file, message: "it is \(status.st_size) bytes, more than the \(InputFile.maximumSize >> 20) MB accepted; nothing was read")])
        }
        let data: Data
        do {
            data = try FileContents.data(path)
        } catch {
            return Reading(problems: [SpreadsheetProblem(file: file, message: "cannot read the file: \(error)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return Reading(problems: [SpreadsheetProblem(file: file, message: "not UTF-8 text; save it as \"CSV UTF-8\"")])
        }
        return parse(text, file: file)
    }

    /// Splits CSV text into a spreadsheet of the table its file name or header names.
    public static func parse(_ text: String, file: String) -> Reading {
        let csv: CSVTable
        do {
            csv = try CSVTable.parse(text)
        } catch {
            return Reading(problems: [SpreadsheetProblem(file: file, message: error.message)])
        }
        let header = csv.header
        guard header.contains(where: { !$0.isEmpty }) else {
            return Reading(problems: [SpreadsheetProblem(file: file, row: 1, message: "expected a header row of column names")])
        }
        guard let table = SpreadsheetTable.detect(fileName: file, header: header) else {
            let names = SpreadsheetTable.allCases.map(\.fileName).joined(separator: ", ")
            return Reading(problems: [SpreadsheetProblem(
                file: file, message: "cannot tell which table this is: name the file one of \(names), or give the columns of one of them")])
        }
        var reading = Reading()
        var known: [(index: Int, name: String)] = []
        for (index, name) in header.enumerated() {
            if table.column(name) == nil {
                if !name.isEmpty { reading.warnings.append(SpreadsheetProblem(
                    file: file, row: 1, column: name, message: "not a column of \(table.fileName); ignored, not stored")) }
            } else if known.contains(where: { $0.name == name }) {
                reading.problems.append(SpreadsheetProblem(file: file, row: 1, column: name, message: "the column is there twice"))
            } else {
                known.append((index, name))
            }
        }
        for column in table.columns where column.required && !known.contains(where: { $0.name == column.name }) {
            reading.problems.append(SpreadsheetProblem(file: file, row: 1, column: column.name, message: "missing required column"))
        }
        var rows: [Row] = []
        for row in csv.rows {
            let record = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if record.count > header.count, record[header.count...].contains(where: { !$0.isEmpty }) {
                reading.problems.append(SpreadsheetProblem(
                    file: file, row: row.line, message: "has \(record.count) cells, the header \(header.count) columns"))
            }
            var cells: [String: String] = [:]
            for (index, name) in known where index < record.count && !record[index].isEmpty { cells[name] = record[index] }
            rows.append(Row(number: row.line, cells: cells))
        }
        reading.spreadsheet = Spreadsheet(file: file, table: table, columns: known.map(\.name), rows: rows)
        return reading
    }

    /// CSV text (RFC 4180, CRLF line ends, written by CSV.swift) of a header and rows of cells.
    static func text(header: [String], rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        do {
            let writer = try CSVWriter(stream: stream, newline: .crlf)
            try writer.write(row: header)
            for row in rows { try writer.write(row: row) }
        } catch {
            throw StoreError.invalid("cannot write CSV text: \(error)")
        }
        stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\r\n"
    }
}
