import CSV
import Foundation
import RosterKit

/// One CSV file of a ``SpreadsheetTable``, read by RosterKit's `CSVTable`: the header and the records with
/// their spreadsheet row numbers (the header is row 1; rows with no value at all are skipped).
public struct Spreadsheet: Sendable {
    /// The file's name, as messages name it.
    public var file: String
    /// The table the file holds, by its name or its header.
    public var table: SpreadsheetTable
    /// The header's known columns; unknown ones are left out (and warned about when read).
    public var columns: [String]
    /// The records, in file order, without the header and the empty rows.
    public var rows: [Row]

    /// One record of the file.
    public struct Row: Sendable, Hashable {
        /// The spreadsheet row number.
        public var number: Int
        /// Non-empty cells by column name, trimmed.
        public var cells: [String: String]
    }

    /// A file read and split into cells; `problems` holds what makes it unusable, `warnings`
    /// the columns it ignores.
    public struct Reading: Sendable {
        /// The parsed file, when it could be read as CSV with a header of a known table.
        public var spreadsheet: Spreadsheet?
        /// What makes the file unusable; an import stops when there are any.
        public var problems: [SpreadsheetProblem] = []
        /// The header's columns that are not the table's and were ignored.
        public var warnings: [SpreadsheetProblem] = []
    }

    /// Whether `path` names a file ``read(path:)`` reads: `.csv` or `.xlsx`.
    public static func isSpreadsheet(_ path: String) -> Bool {
        ["csv", "xlsx"].contains((path as NSString).pathExtension.lowercased())
    }

    /// Reads the spreadsheets of the file at `path`: one for a CSV file, one per worksheet of an
    /// Excel workbook (`.xlsx`).
    public static func read(path: String) -> [Reading] {
        (path as NSString).pathExtension.lowercased() == "xlsx" ? Workbook.read(path: path) : [readCSV(path: path)]
    }

    /// Reads the CSV file at `path` (UTF-8, with or without a byte-order mark, at most
    /// ``InputFile/maximumSize`` bytes).
    static func readCSV(path: String) -> Reading {
        let file = (path as NSString).lastPathComponent
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) > InputFile.maximumSize {
            return Reading(problems: [
                SpreadsheetProblem(
                    file: file,
                    message: "it is \(status.st_size) bytes, more than the \(InputFile.maximumSize >> 20) MB "
                        + "accepted; nothing was read")
            ])
        }
        let data: Data
        do {
            data = try FileContents.data(path)
        } catch {
            return Reading(problems: [SpreadsheetProblem(file: file, message: "cannot read the file: \(error)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return Reading(problems: [
                SpreadsheetProblem(file: file, message: "not UTF-8 text; save it as \"CSV UTF-8\"")
            ])
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
        // Rows keep their numbers: the rows CSVTable leaves out (no value at all) come back empty.
        var records = [csv.header]
        for row in csv.rows {
            while records.count < row.line - 1 { records.append([]) }
            records.append(row.fields)
        }
        return make(records: records, file: file, tableName: file)
    }

    /// A spreadsheet of rows of cells (the header first), of the table `tableName` (a file or
    /// sheet name) or its header names.
    static func make(records: [[String]], file: String, tableName: String) -> Reading {
        let records = records.map { $0.map { SpreadsheetFormula.restored($0.trimmingCharacters(in: .whitespaces)) } }
        guard let header = records.first, header.contains(where: { !$0.isEmpty }) else {
            return Reading(problems: [
                SpreadsheetProblem(file: file, row: 1, message: "expected a header row of column names")
            ])
        }
        guard let table = SpreadsheetTable.detect(fileName: tableName, header: header) else {
            let names = SpreadsheetTable.allCases.map(\.fileName).joined(separator: ", ")
            return Reading(problems: [
                SpreadsheetProblem(
                    file: file,
                    message:
                        "cannot tell which table this is: name it one of \(names), or give the columns of one of them")
            ])
        }
        var reading = Reading()
        var known: [(index: Int, name: String)] = []
        for (index, name) in header.enumerated() {
            if table.column(name) == nil {
                if !name.isEmpty {
                    reading.warnings.append(
                        SpreadsheetProblem(
                            file: file, row: 1, column: name,
                            message: "not a column of \(table.fileName); ignored, not stored"))
                }
            } else if known.contains(where: { $0.name == name }) {
                reading.problems.append(
                    SpreadsheetProblem(file: file, row: 1, column: name, message: "the column is there twice"))
            } else {
                known.append((index, name))
            }
        }
        for column in table.columns where column.required && !known.contains(where: { $0.name == column.name }) {
            reading.problems.append(
                SpreadsheetProblem(file: file, row: 1, column: column.name, message: "missing required column"))
        }
        var rows: [Row] = []
        for (offset, record) in records.enumerated().dropFirst() where record.contains(where: { !$0.isEmpty }) {
            if record.count > header.count, record[header.count...].contains(where: { !$0.isEmpty }) {
                reading.problems.append(
                    SpreadsheetProblem(
                        file: file, row: offset + 1,
                        message: "has \(record.count) cells, the header \(header.count) columns"))
            }
            var cells: [String: String] = [:]
            for (index, name) in known where index < record.count && !record[index].isEmpty {
                cells[name] = record[index]
            }
            rows.append(Row(number: offset + 1, cells: cells))
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
