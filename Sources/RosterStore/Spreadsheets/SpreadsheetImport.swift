import Foundation
import RosterKit

/// Spreadsheets turned into the records of an import. Cells are read by their column's kind
/// (whole numbers, dates, `;` lists, availability), the rows assembled into a spec instance
/// document and validated by ``InstanceDecoder`` (one set of rules for JSON and CSV); its
/// problems are reported at their spreadsheet row and column.
struct SpreadsheetImport {
    /// The spreadsheets by table.
    let sheets: [SpreadsheetTable: Spreadsheet]
    /// The admission date of patients when `patients.csv` has no `admittedOn` column.
    let asOf: String

    private var problems: [SpreadsheetProblem] = []
    /// Cells that already have a problem, so the decoder's view of them is not reported twice.
    private var faultyCells: Set<CellKey> = []

    private struct CellKey: Hashable {
        var table: SpreadsheetTable
        var row: Int
        var column: String
    }

    /// Sorts `spreadsheets` by table; two files of one table are a problem.
    static func make(_ spreadsheets: [Spreadsheet], asOf: String) -> (SpreadsheetImport?, [SpreadsheetProblem]) {
        var sheets: [SpreadsheetTable: Spreadsheet] = [:]
        var problems: [SpreadsheetProblem] = []
        for sheet in spreadsheets {
            if let earlier = sheets[sheet.table] {
                problems.append(
                    SpreadsheetProblem(
                        file: sheet.file,
                        message:
                            "\(earlier.file) already holds the \(sheet.table.rawValue) table; give one file per table"))
            } else {
                sheets[sheet.table] = sheet
            }
        }
        return problems.isEmpty ? (SpreadsheetImport(sheets: sheets, asOf: asOf), []) : (nil, problems)
    }

    init(sheets: [SpreadsheetTable: Spreadsheet], asOf: String) {
        self.sheets = sheets
        self.asOf = asOf
    }

    /// Whether the import gives the patients' later prescription steps (else the stored ones stay).
    var setsLaterSteps: Bool { sheets[.prescriptions] != nil }

    /// Whether the import replaces the program's calendar and policy.
    var setsCalendar: Bool { SpreadsheetTable.calendarTables.contains { sheets[$0] != nil } }

    /// The records, or every problem found. `storedProgram` is the program's calendar and policy
    /// (the top of an instance document) when the import does not set them.
    /// `otherPatients` (spec objects) are validated with the rows, so their separations may name
    /// them, but are not part of the records.
    mutating func records(storedProgram: JSONObject?, otherPatients: [JSONValue] = []) -> Result<
        ProgramImport, SpreadsheetError
    > {
        var document = JSONObject()
        if setsCalendar {
            document = calendarDocument()
        } else if let storedProgram {
            document = storedProgram
        } else {
            let file = SpreadsheetTable.allCases.compactMap { sheets[$0]?.file }.first ?? "the spreadsheets"
            problems.append(
                SpreadsheetProblem(
                    file: file,
                    message: "the program database has no program yet: import program.csv, sessions.csv and "
                        + "modalities.csv with these (or first)"))
            return .failure(SpreadsheetError(problems: problems))
        }
        document["clinicians"] = .array(objects(of: .clinicians))
        if sheets[.rooms] != nil { document["rooms"] = .array(objects(of: .rooms)) }
        document["patients"] = .array(objects(of: .patients) + otherPatients)
        checkStayDates()
        let steps = laterSteps()

        var decoded: Instance?
        do {
            decoded = try InstanceDecoder().decode(.object(document)).instance
        } catch {
            for problem in error.problems { report(problem) }
        }
        guard problems.isEmpty, let instance = decoded else { return .failure(SpreadsheetError(problems: problems)) }
        return .success(
            ProgramImport(
                calendar: setsCalendar ? instance : nil,
                clinicians: sheets[.clinicians] != nil ? instance.clinicians : nil,
                rooms: sheets[.rooms] != nil ? instance.rooms : nil,
                patients: sheets[.patients].map { admitted(instance.patients, rows: $0.rows, laterSteps: steps) }))
    }

    // MARK: Cells

    /// The rows of `table` as spec objects, without the cells that have a problem.
    private mutating func objects(of table: SpreadsheetTable) -> [JSONValue] {
        guard let sheet = sheets[table] else { return [] }
        return sheet.rows.map { row in .object(object(of: row, in: sheet, columns: table.columns.map(\.name))) }
    }

    private mutating func object(of row: Spreadsheet.Row, in sheet: Spreadsheet, columns: [String]) -> JSONObject {
        var object = JSONObject()
        for name in columns {
            guard let column = sheet.table.column(name) else { continue }
            guard let cell = row.cells[name] else {
                if column.required, sheet.columns.contains(name) {
                    fail(sheet, row.number, name, "missing; every row needs a value")
                }
                continue
            }
            switch Self.value(of: cell, column: column) {
            case .success(let value): object[name] = value
            case .failure(let problem): fail(sheet, row.number, name, problem.message)
            }
        }
        return object
    }

    /// Why a cell does not hold what its column needs.
    struct CellProblem: Error { var message: String }

    /// A cell's value as the spec's JSON piece.
    static func value(of cell: String, column: SpreadsheetColumn) -> Result<JSONValue, CellProblem> {
        let got = column.quotable ? ", got \"\(cell)\"" : ""
        // `Double(_:)` reads a C string: it would take "9\0x" for 9.
        let decimal = cell.unicodeScalars.contains("\0") ? nil : Double(cell)
        switch column.kind {
        case .text:
            return .success(.string(cell))
        case .wholeNumber:
            guard
                let number = Int(cell) ?? decimal.flatMap({ $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) : nil })
            else {
                return .failure(CellProblem(message: "expected a whole number\(got)"))
            }
            // The spec's ranges are the decoder's to check; this is the store's own.
            if let lowest = column.minimum, number < lowest {
                return .failure(CellProblem(message: "expected a whole number \(lowest) or more\(got)"))
            }
            return .success(.integer(number))
        case .number:
            guard let number = decimal, number.isFinite else {
                return .failure(CellProblem(message: "expected a number\(got)"))
            }
            return .success(JSONValue.exactNumber(number))
        case .date:
            guard ISODate.isValid(cell) else {
                return .failure(CellProblem(message: "expected a date YYYY-MM-DD\(got)"))
            }
            return .success(.string(cell))
        case .list:
            let items = cell.split(separator: ";", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if let empty = items.firstIndex(where: \.isEmpty) {
                return .failure(CellProblem(message: "item \(empty + 1) is empty (items are separated by `;`)"))
            }
            return .success(.array(items.map(JSONValue.string)))
        case .availability:
            if cell.lowercased() == SpreadsheetColumn.never { return .success(.array([])) }
            let patterns = cell.split { $0.isWhitespace || $0 == ";" || $0 == "," }.map(String.init)
            return .success(.array(patterns.map(JSONValue.string)))
        }
    }

    // MARK: Calendar

    /// `days`, `sessions`, `modalities` and `policy` from program.csv, sessions.csv and modalities.csv.
    private mutating func calendarDocument() -> JSONObject {
        var document = JSONObject()
        for table in [SpreadsheetTable.program, .sessions] where sheets[table] == nil {
            let given = SpreadsheetTable.calendarTables.compactMap { sheets[$0]?.file }.joined(separator: ", ")
            problems.append(
                SpreadsheetProblem(
                    file: table.fileName,
                    message:
                        "missing: \(given) replace the program's settings, which need program.csv and sessions.csv too")
            )
        }
        if let program = sheets[.program] {
            if program.rows.count != 1 {
                problems.append(
                    SpreadsheetProblem(
                        file: program.file,
                        message: "expected one row of settings under the header, found \(program.rows.count)"))
            }
            if let row = program.rows.first {
                let fields = object(of: row, in: program, columns: program.table.columns.map(\.name))
                if let name = fields["name"] { document["name"] = name }
                document["days"] = fields["days"] ?? .array([])
                var policy = JSONObject()
                for key in ["minGroupSize", "maxGroupSize", "maxSameModalityPerDay"] {
                    if let value = fields[key] { policy[key] = value }
                }
                var weights = JSONObject()
                for key in Weights.keys { if let value = fields[key] { weights[key] = value } }
                if !weights.members.isEmpty { policy["weights"] = .object(weights) }
                if !policy.members.isEmpty { document["policy"] = .object(policy) }
            }
        }
        document["sessions"] = .array(objects(of: .sessions))
        if let modalities = sheets[.modalities] {
            var names: [JSONValue] = []
            var sizes = JSONObject()
            for row in modalities.rows {
                let fields = object(of: row, in: modalities, columns: ["modality", "min", "max"])
                guard let name = fields["modality"] else { continue }
                names.append(name)
                var size = JSONObject()
                if let min = fields["min"] { size["min"] = min }
                if let max = fields["max"] { size["max"] = max }
                if let key = name.stringValue, !size.members.isEmpty { sizes[key] = .object(size) }
            }
            document["modalities"] = .array(names)
            if !sizes.members.isEmpty {
                var policy = document["policy"]?.objectValue ?? JSONObject()
                policy["groupSize"] = .object(sizes)
                document["policy"] = .object(policy)
            }
        }
        return document
    }

    // MARK: Patients

    /// A planned discharge before the admission is a problem of the discharge's cell.
    private mutating func checkStayDates() {
        guard let sheet = sheets[.patients] else { return }
        for row in sheet.rows {
            guard let admitted = row.cells["admittedOn"], let leaving = row.cells["plannedDischargeOn"],
                ISODate.isValid(admitted), ISODate.isValid(leaving), leaving < admitted
            else { continue }
            fail(sheet, row.number, "plannedDischargeOn", "expected a date on or after admittedOn, got \"\(leaving)\"")
        }
    }

    /// The steps of prescriptions.csv by patient id, oldest first, checked against patients.csv.
    private mutating func laterSteps() -> [String: [PrescriptionStep]] {
        guard let sheet = sheets[.prescriptions] else { return [:] }
        guard let patients = sheets[.patients], patients.columns.contains("admittedOn") else {
            problems.append(
                SpreadsheetProblem(
                    file: sheet.file,
                    message: "prescription steps need patients.csv with its admittedOn column in the same import"))
            return [:]
        }
        let admissions = Dictionary(
            patients.rows.compactMap { row in row.cells["id"].map { ($0, row.cells["admittedOn"] ?? "") } },
            uniquingKeysWith: { first, _ in first })
        var steps: [String: [PrescriptionStep]] = [:]
        for row in sheet.rows {
            let fields = object(of: row, in: sheet, columns: sheet.table.columns.map(\.name))
            guard let patient = fields["patient"]?.stringValue, let from = fields["fromDate"]?.stringValue,
                let hours = fields["weeklyHours"]?.integerValue
            else { continue }
            guard let admitted = admissions[patient] else {
                fail(sheet, row.number, "patient", "names an unknown patient (no row of patients.csv has this id)")
                continue
            }
            if from <= admitted {
                fail(
                    sheet, row.number, "fromDate",
                    "expected a date after the patient's admittedOn (the first step is in patients.csv), got "
                        + "\"\(from)\"")
            } else if steps[patient, default: []].contains(where: { $0.fromDate == from }) {
                fail(sheet, row.number, "fromDate", "the patient has another step from this date")
            } else {
                steps[patient, default: []].append(
                    PrescriptionStep(
                        fromDate: from, daysPerWeek: fields["maxDaysPerWeek"]?.integerValue, hoursPerWeek: hours))
            }
        }
        return steps.mapValues { $0.sorted { $0.fromDate < $1.fromDate } }
    }

    /// The decoded patients with their dates and steps.
    private mutating func admitted(
        _ patients: [Patient], rows: [Spreadsheet.Row], laterSteps: [String: [PrescriptionStep]]
    ) -> [AdmittedPatient] {
        let datesAreKnown = sheets[.patients]?.columns.contains("admittedOn") == true
        return zip(patients, rows).map { patient, row in
            let admittedOn = datesAreKnown ? row.cells["admittedOn"] ?? asOf : asOf
            let first = PrescriptionStep(
                fromDate: admittedOn, daysPerWeek: patient.maxDaysPerWeek, hoursPerWeek: patient.weeklyHours)
            return AdmittedPatient(
                patient: patient, admittedOn: admittedOn, plannedDischargeOn: row.cells["plannedDischargeOn"],
                steps: [first] + (laterSteps[patient.id.rawValue] ?? []), datesAreKnown: datesAreKnown)
        }
    }

    // MARK: Problems

    private mutating func fail(_ sheet: Spreadsheet, _ row: Int, _ column: String, _ message: String) {
        faultyCells.insert(CellKey(table: sheet.table, row: row, column: column))
        problems.append(SpreadsheetProblem(file: sheet.file, row: row, column: column, message: message))
    }

    /// A decoder problem at the spreadsheet cell its JSON path comes from.
    private mutating func report(_ problem: InputProblem) {
        let path = JSONPathComponents(problem.path)
        guard let place = place(of: path) else {
            let file = SpreadsheetTable.allCases.compactMap { sheets[$0]?.file }.first ?? "the spreadsheets"
            problems.append(
                SpreadsheetProblem(
                    file: file, message: problem.path.isEmpty ? problem.message : "\(problem.path): \(problem.message)")
            )
            return
        }
        if let row = place.row, let column = place.column {
            if faultyCells.contains(CellKey(table: place.sheet.table, row: row, column: column)) { return }
            // A column missing from the header is reported once, as the header's problem.
            if place.sheet.table.column(column) != nil, !place.sheet.columns.contains(column) { return }
        }
        let message = place.item.map { "item \($0 + 1): \(problem.message)" } ?? problem.message
        problems.append(
            SpreadsheetProblem(file: place.sheet.file, row: place.row, column: place.column, message: message))
    }

    private struct Place {
        var sheet: Spreadsheet
        var row: Int?
        var column: String?
        var item: Int?
    }

    /// The sheet, row, column and list item a JSON path of the assembled document points at.
    private func place(of path: JSONPathComponents) -> Place? {
        let parts = path.parts
        guard case .key(let top)? = parts.first else { return nil }
        func rowPlace(_ table: SpreadsheetTable, index: Int?, column: String?, item: Int?) -> Place? {
            guard let sheet = sheets[table] else { return nil }
            guard let index else { return Place(sheet: sheet) }
            guard sheet.rows.indices.contains(index) else { return nil }
            return Place(sheet: sheet, row: sheet.rows[index].number, column: column, item: item)
        }
        let index = parts.count > 1 ? parts[1].index : nil
        let field = parts.count > 2 ? parts[2].key : nil
        let item = parts.count > 3 ? parts[3].index : nil
        switch top {
        case "clinicians", "rooms", "patients", "sessions":
            return rowPlace(SpreadsheetTable(rawValue: top)!, index: index, column: field, item: item)
        case "modalities":
            return rowPlace(.modalities, index: index, column: "modality", item: nil)
        case "name", "days":
            return rowPlace(.program, index: 0, column: top, item: index)
        case "policy":
            guard parts.count > 1, let key = parts[1].key else {
                return rowPlace(.program, index: 0, column: nil, item: nil)
            }
            if key == "weights" {
                return rowPlace(.program, index: 0, column: parts.count > 2 ? parts[2].key : nil, item: nil)
            }
            if key == "groupSize" {
                guard parts.count > 2, let modality = parts[2].key, let sheet = sheets[.modalities],
                    let row = sheet.rows.firstIndex(where: { $0.cells["modality"] == modality })
                else { return rowPlace(.modalities, index: nil, column: nil, item: nil) }
                return rowPlace(.modalities, index: row, column: parts.count > 3 ? parts[3].key : "modality", item: nil)
            }
            return rowPlace(.program, index: 0, column: key, item: nil)
        default:
            return nil
        }
    }
}

/// A JSON path as ``JSONPath`` prints it (`patients[3].availability[0]`, `policy.groupSize["Art therapy"].min`), split
/// into members and indices.
struct JSONPathComponents {
    enum Part: Equatable {
        case key(String)
        case index(Int)

        var key: String? { if case .key(let key) = self { key } else { nil } }
        var index: Int? { if case .index(let index) = self { index } else { nil } }
    }

    private(set) var parts: [Part] = []

    init(_ text: String) {
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            if rest.hasPrefix("[\"") {
                let body = rest.dropFirst(2)
                guard let end = body.range(of: "\"]") else { return }
                parts.append(.key(String(body[..<end.lowerBound])))
                rest = body[end.upperBound...]
            } else if rest.hasPrefix("[") {
                guard let end = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<end])
                else { return }
                parts.append(.index(index))
                rest = rest[rest.index(after: end)...]
            } else {
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                parts.append(.key(String(rest[..<end])))
                rest = rest[end...]
            }
        }
    }
}
