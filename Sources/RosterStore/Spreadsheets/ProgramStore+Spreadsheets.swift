import Foundation
import GRDB
import RosterKit

extension ProgramStore {
    /// Imports spreadsheets (one per table, see ``SpreadsheetTable``) in one transaction: every
    /// problem of every file is thrown at once as a ``SpreadsheetError`` and nothing changes.
    /// Records are upserted by id as ``importRecords(_:effectiveDate:dischargeMissing:actor:source:)``
    /// does; `asOf` is the admission date when `patients.csv` has no `admittedOn` column and the
    /// date a changed prescription takes effect then, and the date of discharges.
    ///
    /// `readingProblems` are those met while the files were read (``Spreadsheet/read(path:)``):
    /// the spreadsheets are still checked, so that one message lists everything.
    public func importSpreadsheets(
        _ spreadsheets: [Spreadsheet], readingProblems: [SpreadsheetProblem] = [], asOf: String,
        dischargeMissing: Bool = false,
        actor: String
    ) throws -> ImportReport {
        let (made, problems) = SpreadsheetImport.make(spreadsheets, asOf: asOf)
        guard var spreadsheetImport = made else { throw SpreadsheetError(problems: readingProblems + problems) }
        let source = spreadsheets.map(\.file).joined(separator: " ")
        return try write { db in
            let stored = spreadsheetImport.setsCalendar ? nil : try? RecordRows.programDocument(db)
            let checked = spreadsheetImport.records(storedProgram: stored)
            if !readingProblems.isEmpty {
                let later = checked.failureProblems
                throw SpreadsheetError(problems: readingProblems + later)
            }
            var records = try checked.get()
            if !spreadsheetImport.setsLaterSteps, let patients = records.patients {
                records.patients = try patients.map { try Self.keepingStoredLaterSteps($0, db: db) }
            }
            return try Self.apply(
                records, effectiveDate: asOf, dischargeMissing: dischargeMissing, actor: actor, source: source, db: db)
        }
    }

    /// An import without prescriptions.csv keeps a known patient's stored steps after admission.
    private static func keepingStoredLaterSteps(_ record: AdmittedPatient, db: Database) throws -> AdmittedPatient {
        guard record.datesAreKnown else { return record }
        var record = record
        let stored = try RecordRows.steps(of: record.patient.id.rawValue, db: db)
        record.steps = Array(record.steps.prefix(1)) + stored.filter { $0.fromDate > record.admittedOn }
        return record
    }

    /// The current records as CSV text, one file per table in ``SpreadsheetTable`` order: the
    /// active clinicians, rooms and patients (not the discharged ones). An import of these files
    /// into an empty database gives back the same files. Writes an audit row (`program.export`).
    public func exportSpreadsheets(actor: String) throws -> [(table: SpreadsheetTable, text: String)] {
        try write { db in
            let program = try RecordRows.programDocument(db)
            let instance = try RecordRows.decode(
                try RecordRows.instanceDocument(program: program, weekStart: nil, db: db, patients: []))
            let patients = try RecordRows.patients(db, activeOn: nil)
            try Self.insertAudit(
                db, actor: actor, action: "program.export", targetKind: .program, targetID: "spreadsheets")
            return try SpreadsheetExport(instance: instance, patients: patients).files()
        }
    }
}

/// The records as the rows of each ``SpreadsheetTable``, cells written the way an import reads
/// them; text a spreadsheet would run as a formula gets a leading `'` (``SpreadsheetFormula``),
/// which the import drops.
struct SpreadsheetExport {
    let instance: Instance
    let patients: [AdmittedPatient]

    func files() throws -> [(table: SpreadsheetTable, text: String)] {
        try SpreadsheetTable.allCases.map { table in
            (
                table,
                try Spreadsheet.text(
                    header: table.columns.map(\.name), rows: rows(of: table).map { cells($0, table: table) })
            )
        }
    }

    /// Each row's fields as spec JSON pieces, by column name.
    private func rows(of table: SpreadsheetTable) -> [JSONObject] {
        let document = InstanceEncoder.document(
            Instance(
                name: instance.name, days: instance.days, sessions: instance.sessions, modalities: instance.modalities,
                policy: instance.policy, clinicians: instance.clinicians, rooms: instance.rooms,
                patients: patients.map(\.patient)))
        let top = document.objectValue ?? JSONObject()
        func members(_ key: String) -> [JSONObject] { (top[key]?.arrayValue ?? []).compactMap(\.objectValue) }
        let policy = top["policy"]?.objectValue ?? JSONObject()
        switch table {
        case .program:
            var row = JSONObject()
            if let name = top["name"] { row["name"] = name }
            row["days"] = top["days"]
            for key in ["minGroupSize", "maxGroupSize", "maxSameModalityPerDay"] { row[key] = policy[key] }
            for key in Weights.keys { row[key] = policy["weights"]?.objectValue?[key] }
            return [row]
        case .sessions:
            return members("sessions")
        case .modalities:
            let sizes = policy["groupSize"]?.objectValue ?? JSONObject()
            return instance.modalities.map { modality in
                var row = JSONObject()
                row["modality"] = .string(modality.rawValue)
                row["min"] = sizes[modality.rawValue]?.objectValue?["min"]
                row["max"] = sizes[modality.rawValue]?.objectValue?["max"]
                return row
            }
        case .clinicians:
            return members("clinicians")
        case .rooms:
            return members("rooms")
        case .patients:
            return zip(members("patients"), patients).map { object, record in
                var row = object
                if let first = record.steps.first {
                    row["weeklyHours"] = .integer(first.hoursPerWeek)
                    row["maxDaysPerWeek"] = first.daysPerWeek.map(JSONValue.integer)
                }
                row["admittedOn"] = .string(record.admittedOn)
                row["plannedDischargeOn"] = record.plannedDischargeOn.map(JSONValue.string)
                return row
            }
        case .prescriptions:
            return patients.flatMap { record in
                record.steps.dropFirst().map { step in
                    var row = JSONObject()
                    row["patient"] = .string(record.patient.id.rawValue)
                    row["fromDate"] = .string(step.fromDate)
                    row["weeklyHours"] = .integer(step.hoursPerWeek)
                    row["maxDaysPerWeek"] = step.daysPerWeek.map(JSONValue.integer)
                    return row
                }
            }
        }
    }

    /// The cells of a row in the table's column order.
    private func cells(_ row: JSONObject, table: SpreadsheetTable) -> [String] {
        table.columns.map { column in
            guard let value = row[column.name] else { return "" }
            switch (column.kind, value) {
            case (.availability, .array(let items)):
                return items.isEmpty ? SpreadsheetColumn.never : items.compactMap(\.stringValue).joined(separator: " ")
            case (_, .array(let items)):
                return SpreadsheetFormula.disarmed(items.compactMap(\.stringValue).joined(separator: ";"))
            case (_, .string(let text)):
                return SpreadsheetFormula.disarmed(text)
            default:
                return value.numberValue.map(JSONWriter.format) ?? ""
            }
        }
    }
}

extension Result<ProgramImport, SpreadsheetError> {
    /// The problems of a failure; none for a success.
    var failureProblems: [SpreadsheetProblem] {
        if case .failure(let error) = self { error.problems } else { [] }
    }
}
