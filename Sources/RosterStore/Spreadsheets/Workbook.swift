import Foundation
import RosterKit
import XMLCoder
import ZIPFoundation

/// An Excel workbook (`.xlsx`, Office Open XML) read as spreadsheets: each worksheet is one
/// table, named by its sheet name (`patients`) or else by its header; other sheets are skipped
/// with a warning. The archive is opened with
/// ZIPFoundation and its XML parts decoded with XMLCoder; only cell values are read (no
/// formulas are evaluated: a formula cell gives the value Excel last saved). A number in a date
/// column (`admittedOn`, `plannedDischargeOn`, `fromDate`) is an Excel date serial (1900 system).
enum Workbook {
    /// Reads every worksheet of the workbook at `path`; messages name `FILE[SHEET]`.
    static func read(path: String) -> [Spreadsheet.Reading] {
        let file = (path as NSString).lastPathComponent
        func failure(_ message: String) -> [Spreadsheet.Reading] {
            [Spreadsheet.Reading(problems: [SpreadsheetProblem(file: file, message: message)])]
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            return failure("not an Excel workbook (.xlsx is a ZIP archive; this file cannot be opened as one)")
        }
        do {
            let parts = Parts(archive: archive)
            let workbook = try parts.decode(WorkbookPart.self, at: "xl/workbook.xml")
            let relationships = try parts.decode(RelationshipsPart.self, at: "xl/_rels/workbook.xml.rels")
            let shared = try parts.optional(SharedStringsPart.self, at: "xl/sharedStrings.xml")?.items.map(\.text) ?? []
            let targets = Dictionary(
                relationships.relationships.map { ($0.id, $0.target) }, uniquingKeysWith: { first, _ in first })
            return try workbook.sheets.sheets.map { sheet in
                let label = "\(file)[\(sheet.name)]"
                guard let target = targets[sheet.relationship] else {
                    return Spreadsheet.Reading(problems: [
                        SpreadsheetProblem(file: label, message: "the workbook names no part for this sheet")
                    ])
                }
                let part = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                let rows = records(of: try parts.decode(WorksheetPart.self, at: part), shared: shared)
                let header = (rows.first ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
                guard SpreadsheetTable.detect(fileName: sheet.name, header: header) != nil else {
                    // A workbook may hold other sheets (notes, lookups): they are not read.
                    return Spreadsheet.Reading(warnings: [
                        SpreadsheetProblem(file: label, message: "not one of the tables; ignored, not stored")
                    ])
                }
                return Spreadsheet.make(records: rows, file: label, tableName: sheet.name)
            }
        } catch let error as WorkbookError {
            return failure(error.message)
        } catch {
            return failure("not a workbook Excel wrote: \(error)")
        }
    }

    /// The worksheet's cells as rows of text, row `n` of the sheet at index `n - 1`.
    private static func records(of worksheet: WorksheetPart, shared: [String]) -> [[String]] {
        var records: [[String]] = []
        var dateColumns: Set<Int> = []
        for row in worksheet.sheetData.rows {
            let number = row.number ?? records.count + 1
            guard number >= 1, number <= 1_048_576 else { continue }
            while records.count < number { records.append([]) }
            var cells = records[number - 1]
            for (position, cell) in row.cells.enumerated() {
                let column = cell.reference.flatMap(columnIndex) ?? position
                while cells.count <= column { cells.append("") }
                var text = cell.text(shared: shared)
                if number > 1, dateColumns.contains(column), cell.isNumber, let serial = Double(text) {
                    text = isoDate(serial: serial) ?? text
                }
                cells[column] = text
            }
            records[number - 1] = cells
            if number == 1 {
                dateColumns = Set(
                    cells.indices.filter { dateColumnNames.contains(cells[$0].trimmingCharacters(in: .whitespaces)) })
            }
        }
        return records
    }

    private static let dateColumnNames = Set(
        SpreadsheetTable.allCases.flatMap(\.columns).filter { $0.kind == .date }.map(\.name))

    /// `C17` -> 2 (A is 0).
    static func columnIndex(_ reference: String) -> Int? {
        let letters = reference.prefix { $0.isLetter }.uppercased().unicodeScalars
        guard !letters.isEmpty, letters.count <= 3 else { return nil }
        return letters.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    /// An Excel 1900-system date serial (day 1 = 1900-01-01, counting Excel's 1900-02-29) as `YYYY-MM-DD`.
    static func isoDate(serial: Double) -> String? {
        guard serial >= 61, serial < 2_958_466, serial == serial.rounded() else { return nil }
        let date = Date(timeIntervalSince1970: (serial - 25569) * 86400)
        var calendar = Foundation.Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    struct WorkbookError: Error { var message: String }

    /// The archive's XML parts, each at most ``InputFile/maximumSize`` bytes once inflated.
    private struct Parts {
        let archive: Archive

        func data(at path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(InputFile.maximumSize) else {
                throw WorkbookError(
                    message: "\(path) inflates to \(entry.uncompressedSize) bytes, more than the "
                        + "\(InputFile.maximumSize >> 20) MB accepted")
            }
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return data
        }

        func optional<Part: Decodable>(_ type: Part.Type, at path: String) throws -> Part? {
            guard let data = try data(at: path) else { return nil }
            do {
                return try XMLDecoder(trimValueWhitespaces: false).decode(Part.self, from: data)
            } catch {
                throw WorkbookError(message: "\(path) is not the XML an Excel workbook holds")
            }
        }

        func decode<Part: Decodable>(_ type: Part.Type, at path: String) throws -> Part {
            guard let part = try optional(type, at: path) else {
                throw WorkbookError(message: "not an Excel workbook: it has no \(path)")
            }
            return part
        }
    }
}

// MARK: The parts read, as XMLCoder decodes them

/// Text of an element that may carry attributes (`<t xml:space="preserve"> x</t>`).
private struct XMLText: Decodable {
    let value: String?
    enum CodingKeys: String, CodingKey { case value = "" }
}

private struct WorkbookPart: Decodable {
    let sheets: Sheets

    struct Sheets: Decodable {
        let sheets: [Sheet]
        enum CodingKeys: String, CodingKey { case sheets = "sheet" }
    }

    struct Sheet: Decodable {
        let name: String
        let relationship: String
        enum CodingKeys: String, CodingKey {
            case name
            case relationship = "r:id"
        }
    }
}

private struct RelationshipsPart: Decodable {
    let relationships: [Relationship]
    enum CodingKeys: String, CodingKey { case relationships = "Relationship" }

    struct Relationship: Decodable {
        let id: String
        let target: String
        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case target = "Target"
        }
    }
}

/// Rich text is runs of text; plain text one `t`.
private struct RichText: Decodable {
    let t: XMLText?
    let runs: [Run]?
    enum CodingKeys: String, CodingKey {
        case t
        case runs = "r"
    }

    struct Run: Decodable { let t: XMLText? }

    var text: String { t?.value ?? (runs ?? []).map { $0.t?.value ?? "" }.joined() }
}

private struct SharedStringsPart: Decodable {
    let items: [RichText]
    enum CodingKeys: String, CodingKey { case items = "si" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([RichText].self, forKey: .items) ?? []
    }
}

private struct WorksheetPart: Decodable {
    let sheetData: SheetData

    struct SheetData: Decodable {
        let rows: [Row]
        enum CodingKeys: String, CodingKey { case rows = "row" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            rows = try container.decodeIfPresent([Row].self, forKey: .rows) ?? []
        }
    }

    struct Row: Decodable {
        let number: Int?
        let cells: [Cell]
        enum CodingKeys: String, CodingKey {
            case number = "r"
            case cells = "c"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            number = try container.decodeIfPresent(Int.self, forKey: .number)
            cells = try container.decodeIfPresent([Cell].self, forKey: .cells) ?? []
        }
    }

    struct Cell: Decodable {
        let reference: String?
        let type: String?
        let value: XMLText?
        let inline: RichText?
        enum CodingKeys: String, CodingKey {
            case reference = "r"
            case type = "t"
            case value = "v"
            case inline = "is"
        }

        var isNumber: Bool { type == nil || type == "n" }

        func text(shared: [String]) -> String {
            let raw = value?.value ?? ""
            switch type {
            case "s": return Int(raw).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? ""
            case "inlineStr": return inline?.text ?? ""
            case "b": return raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw
            default: return raw
            }
        }
    }
}
