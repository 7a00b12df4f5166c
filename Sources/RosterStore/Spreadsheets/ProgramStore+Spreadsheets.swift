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
        try importSheets(
            spreadsheets, readingProblems: readingProblems, asOf: asOf, dischargeMissing: dischargeMissing,
            actor: actor, form: nil)
    }

    /// One record from a form (the People page's add and edit), by the same rules as a
    /// spreadsheet import of a file holding just that row: `cells` by column name (a blank cell
    /// is an absent one), the problems named by column. `isNew` says whether the id must be new
    /// (add) or must be a current record (edit). A patient's separations may name any current
    /// patient; weekly hours that change take effect on `asOf`, a new patient is admitted then.
    public func saveRecord(
        _ table: SpreadsheetTable, cells: [String: String], isNew: Bool, asOf: String, actor: String
    ) throws -> ImportReport {
        let kept = cells.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }.mapValues {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let columns = table.columns.map(\.name).filter { !Self.formSkips.contains($0) }
        let sheet = Spreadsheet(
            file: "the \(table.rawValue) form", table: table, columns: columns,
            rows: [Spreadsheet.Row(number: 1, cells: kept)])
        return try importSheets(
            [sheet], readingProblems: [], asOf: asOf, dischargeMissing: false, actor: actor,
            form: (id: kept["id"] ?? "", isNew: isNew))
    }

    /// Columns a record form leaves out: admission dates come from the form's date, discharges from their own form.
    public static let formSkips: Set<String> = ["admittedOn", "plannedDischargeOn"]

    /// Discharges a current patient on `date` (the patient is in the weeks that start before it),
    /// in one transaction with its audit row.
    public func dischargePatient(_ id: String, on date: String, actor: String) throws {
        try write { db in
            guard
                let admitted = try String.fetchOne(
                    db, sql: "SELECT admitted_on FROM patients WHERE id = ? AND discharged_on IS NULL", arguments: [id])
            else { throw StoreError.notFound(kind: "current patient", key: "the chosen id") }
            guard date >= admitted else {
                throw StoreError.invalid("the discharge date is before the patient's admission (\(admitted))")
            }
            try db.execute(sql: "UPDATE patients SET discharged_on = ? WHERE id = ?", arguments: [date, id])
            try Self.insertAudit(db, actor: actor, action: "patient.discharge", targetKind: .patients, targetID: date)
        }
    }

    /// Retires an active clinician or room (it leaves the weeks planned from now on), with its audit row.
    public func retire(_ table: SpreadsheetTable, id: String, actor: String) throws {
        guard table == .clinicians || table == .rooms else {
            throw StoreError.invalid("only clinicians and rooms are retired; patients are discharged")
        }
        try write { db in
            try db.execute(sql: "UPDATE \(table.rawValue) SET active = 0 WHERE id = ? AND active = 1", arguments: [id])
            guard db.changesCount == 1 else { throw StoreError.notFound(kind: table.rawValue, key: id) }
            try Self.insertAudit(
                db, actor: actor, action: "\(table.rawValue).retire",
                targetKind: table == .rooms ? .rooms : .clinicians,
                targetID: id)
        }
    }

    private func importSheets(
        _ spreadsheets: [Spreadsheet], readingProblems: [SpreadsheetProblem], asOf: String, dischargeMissing: Bool,
        actor: String, form: (id: String, isNew: Bool)?
    ) throws -> ImportReport {
        let (made, problems) = SpreadsheetImport.make(spreadsheets, asOf: asOf)
        guard var spreadsheetImport = made else { throw SpreadsheetError(problems: readingProblems + problems) }
        let source = spreadsheets.map(\.file).joined(separator: " ")
        return try write { db in
            let stored = spreadsheetImport.setsCalendar ? nil : try? RecordRows.programDocument(db)
            var others: [JSONValue] = []
            if let form, let sheet = spreadsheets.first {
                try Self.checkFormID(form, table: sheet.table, file: sheet.file, db: db)
                if sheet.table == .patients { others = try Self.otherPatientObjects(than: form.id, db: db) }
            }
            let checked = spreadsheetImport.records(storedProgram: stored, otherPatients: others)
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

    /// An added record's id must be new, an edited one's a current record's.
    private static func checkFormID(
        _ form: (id: String, isNew: Bool), table: SpreadsheetTable, file: String, db: Database
    ) throws {
        guard !form.id.isEmpty else { return }
        let current = table == .patients ? "discharged_on IS NULL" : "active = 1"
        let exists =
            try Int.fetchOne(
                db, sql: "SELECT 1 FROM \(table.rawValue) WHERE id = ? AND \(current)", arguments: [form.id]) != nil
        if form.isNew, exists {
            throw SpreadsheetError(problems: [
                SpreadsheetProblem(file: file, row: 1, column: "id", message: "a new id; a current record has this one")
            ])
        }
        if !form.isNew, !exists {
            throw SpreadsheetError(problems: [
                SpreadsheetProblem(file: file, row: 1, column: "id", message: "the id of a current record")
            ])
        }
    }

    /// The current patients other than `id`, as spec objects, so that a form's separations may name them.
    private static func otherPatientObjects(than id: String, db: Database) throws -> [JSONValue] {
        var objects: [JSONValue] = []
        for row in try RecordRows.patientRows(db, weekStart: nil) where (row["id"] as String) != id {
            let steps = try RecordRows.steps(of: row["id"], db: db)
            objects.append(.object(try RecordRows.patientObject(row, steps: steps, on: nil, previous: nil)))
        }
        let stand: JSONValue = ["id": .string(id)]
        return Array(RecordRows.withoutUnknownSeparations(objects + [stand]).dropLast())
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
    func rows(of table: SpreadsheetTable) -> [JSONObject] {
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
    func cells(_ row: JSONObject, table: SpreadsheetTable) -> [String] {
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

extension SpreadsheetTable {
    /// The cells of `instance`'s record `id` in this table (clinicians, rooms, patients), by
    /// column, as an export writes them: what a form shows to edit; `nil` for an unknown id.
    public func cells(of id: String, in instance: Instance) -> [String: String]? {
        let export = SpreadsheetExport(
            instance: instance, patients: instance.patients.map { AdmittedPatient(patient: $0, admittedOn: "") })
        guard let row = export.rows(of: self).first(where: { $0["id"]?.stringValue == id }) else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(columns.map(\.name), export.cells(row, table: self)))
    }
}

extension Result<ProgramImport, SpreadsheetError> {
    /// The problems of a failure; none for a success.
    var failureProblems: [SpreadsheetProblem] {
        if case .failure(let error) = self { error.problems } else { [] }
    }
}
