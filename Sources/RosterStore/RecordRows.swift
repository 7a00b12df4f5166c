import Foundation
import GRDB
import RosterKit

/// Rows of the record tables to and from the spec's JSON pieces. People are written with
/// ``InstanceEncoder`` and read back through ``InstanceDecoder``, so a stored record means
/// exactly what the same record in an instance file means.
enum RecordRows {
    // MARK: Program

    static func upsertProgram(_ calendar: Instance, db: Database) throws -> ImportReport.Counts {
        let document =
            InstanceEncoder.document(
                Instance(
                    name: calendar.name, days: calendar.days, sessions: calendar.sessions,
                    modalities: calendar.modalities,
                    policy: calendar.policy, clinicians: [], patients: [])
            ).objectValue ?? JSONObject()
        let values: [DatabaseValueConvertible?] = [
            calendar.name, json(document["days"]), json(document["sessions"]),
            json(.array(calendar.modalities.map { .string($0.rawValue) })),
            json(document["policy"] ?? .object(JSONObject())),
        ]
        var counts = ImportReport.Counts()
        let old = try Row.fetchOne(db, sql: "SELECT name, days, sessions, modalities, policy FROM program WHERE id = 1")
        if let old, (0..<5).allSatisfy({ old[$0] as DatabaseValue == (values[$0]?.databaseValue ?? .null) }) {
            counts.unchanged = 1
            return counts
        }
        if old == nil { counts.added = 1 } else { counts.changed = 1 }
        try db.execute(
            sql: """
                INSERT INTO program (id, name, days, sessions, modalities, policy, updated_at)
                VALUES (1, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, days = excluded.days, sessions = excluded.sessions,
                modalities = excluded.modalities, policy = excluded.policy, updated_at = excluded.updated_at
                """,
            arguments: StatementArguments(values + [Date()]))
        return counts
    }

    /// The program row as the top of an instance document.
    static func programDocument(_ db: Database) throws -> JSONObject {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM program WHERE id = 1") else {
            throw StoreError.invalid(
                "the program database has no program yet: import it first (program import INSTANCE.json, or "
                    + "program.csv and sessions.csv)")
        }
        var object = JSONObject()
        if let name: String = row["name"] { object["name"] = .string(name) }
        object["days"] = try parse(row["days"])
        object["sessions"] = try parse(row["sessions"])
        object["modalities"] = try parse(row["modalities"])
        object["policy"] = try parse(row["policy"])
        return object
    }

    // MARK: Clinicians and rooms

    static func upsertClinicians(_ clinicians: [Clinician], retireMissing: Bool, db: Database) throws
        -> ImportReport.Counts
    {
        let objects = encoded(
            Instance(days: [], sessions: [], clinicians: clinicians, patients: []), member: "clinicians")
        let rows = objects.map { object -> [String: DatabaseValueConvertible?] in
            [
                "id": object["id"]?.stringValue, "name": object["name"]?.stringValue,
                "modalities": json(object["modalities"]),
                "availability": json(object["availability"] ?? .null),
                "max_hours_per_week": object["maxHoursPerWeek"]?.integerValue,
                "max_hours_per_day": object["maxHoursPerDay"]?.integerValue, "active": 1,
            ]
        }
        return try upsert(
            rows, table: "clinicians", retireMissing: retireMissing, retire: "active = 0", activeFilter: "active = 1",
            db: db)
    }

    static func upsertRooms(_ rooms: [Room], retireMissing: Bool, db: Database) throws -> ImportReport.Counts {
        let objects = encoded(
            Instance(days: [], sessions: [], clinicians: [], rooms: rooms, patients: []), member: "rooms")
        let rows = objects.map { object -> [String: DatabaseValueConvertible?] in
            [
                "id": object["id"]?.stringValue, "capacity": object["capacity"]?.integerValue,
                "availability": json(object["availability"] ?? .null), "active": 1,
            ]
        }
        return try upsert(
            rows, table: "rooms", retireMissing: retireMissing, retire: "active = 0", activeFilter: "active = 1", db: db
        )
    }

    static func clinicianObjects(_ db: Database) throws -> [JSONValue] {
        try Row.fetchAll(db, sql: "SELECT * FROM clinicians WHERE active = 1 ORDER BY rowid").map { row in
            var object = JSONObject()
            object["id"] = .string(row["id"])
            if let name: String = row["name"] { object["name"] = .string(name) }
            object["modalities"] = try parse(row["modalities"])
            if let availability = try parseOptional(row["availability"]) { object["availability"] = availability }
            if let hours: Int = row["max_hours_per_week"] { object["maxHoursPerWeek"] = .integer(hours) }
            if let hours: Int = row["max_hours_per_day"] { object["maxHoursPerDay"] = .integer(hours) }
            return .object(object)
        }
    }

    static func roomObjects(_ db: Database) throws -> [JSONValue] {
        try Row.fetchAll(db, sql: "SELECT * FROM rooms WHERE active = 1 ORDER BY rowid").map { row in
            var object = JSONObject()
            object["id"] = .string(row["id"])
            object["capacity"] = .integer(row["capacity"])
            if let availability = try parseOptional(row["availability"]) { object["availability"] = availability }
            return .object(object)
        }
    }

    // MARK: Patients

    static func upsertPatients(
        _ patients: [AdmittedPatient], effectiveDate: String, dischargeMissing: Bool, db: Database
    ) throws -> ImportReport.Counts {
        let objects = encoded(
            Instance(days: [], sessions: [], clinicians: [], patients: patients.map(\.patient)), member: "patients")
        var counts = ImportReport.Counts()
        for (record, object) in zip(patients, objects) {
            let id = record.patient.id.rawValue
            let existing = try Row.fetchOne(db, sql: "SELECT * FROM patients WHERE id = ?", arguments: [id])
            let storedSteps = try steps(of: id, db: db)
            let admittedOn = record.datesAreKnown ? record.admittedOn : (existing?["admitted_on"] ?? record.admittedOn)
            let plannedDischarge =
                record.datesAreKnown
                ? record.plannedDischargeOn : (existing?["planned_discharge_on"] ?? record.plannedDischargeOn)
            let values: [String: DatabaseValueConvertible?] = [
                "id": id, "name": object["name"]?.stringValue, "cohort": record.patient.cohort,
                "track": record.patient.track.rawValue,
                "secondary": record.patient.secondary?.rawValue, "availability": json(object["availability"] ?? .null),
                "max_days_per_week": nil, "separate_from": json(object["separateFrom"] ?? .array([])),
                "admitted_on": admittedOn, "planned_discharge_on": plannedDischarge, "discharged_on": nil,
            ]
            let newSteps =
                record.datesAreKnown || existing == nil
                ? record.steps : mergedSteps(storedSteps, with: record, on: effectiveDate)
            let rowChanged = existing.map { !matches($0, values) } ?? true
            if existing == nil {
                counts.added += 1
            } else if rowChanged || newSteps != storedSteps {
                counts.changed += 1
            } else {
                counts.unchanged += 1
                continue
            }
            if rowChanged { try upsertRow(values, table: "patients", db: db) }
            if newSteps != storedSteps {
                try db.execute(sql: "DELETE FROM prescription_steps WHERE patient_id = ?", arguments: [id])
                for step in newSteps {
                    try db.execute(
                        sql: "INSERT INTO prescription_steps (patient_id, from_date, days_per_week, "
                            + "hours_per_week) VALUES (?, ?, ?, ?)",
                        arguments: [id, step.fromDate, step.daysPerWeek, step.hoursPerWeek])
                }
            }
        }
        let listed = Set(patients.map(\.patient.id.rawValue))
        let missing = try String.fetchAll(db, sql: "SELECT id FROM patients WHERE discharged_on IS NULL").filter {
            !listed.contains($0)
        }
        counts.missing = missing.count
        if dischargeMissing {
            for id in missing {
                try db.execute(
                    sql: "UPDATE patients SET discharged_on = ? WHERE id = ?", arguments: [effectiveDate, id])
            }
            counts.discharged = missing.count
        }
        return counts
    }

    /// A spec instance knows only this week's prescription: keep the stored steps and add one
    /// from `date` when the prescription in force then differs.
    private static func mergedSteps(_ stored: [PrescriptionStep], with record: AdmittedPatient, on date: String)
        -> [PrescriptionStep]
    {
        let wanted = PrescriptionStep(
            fromDate: date, daysPerWeek: record.patient.maxDaysPerWeek, hoursPerWeek: record.patient.weeklyHours)
        let inForce = stored.last { $0.fromDate <= date } ?? stored.first
        if let inForce, inForce.daysPerWeek == wanted.daysPerWeek, inForce.hoursPerWeek == wanted.hoursPerWeek {
            return stored
        }
        return (stored.filter { $0.fromDate != date } + [wanted]).sorted { $0.fromDate < $1.fromDate }
    }

    static func steps(of id: String, db: Database) throws -> [PrescriptionStep] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM prescription_steps WHERE patient_id = ? ORDER BY from_date", arguments: [id]
        ).map {
            PrescriptionStep(
                fromDate: $0["from_date"], daysPerWeek: $0["days_per_week"], hoursPerWeek: $0["hours_per_week"])
        }
    }

    /// Patients not discharged (when `activeOn` is `nil`) or in the program during the week
    /// starting `activeOn`: admitted by its last day, not discharged nor due to leave before it starts.
    static func patientRows(_ db: Database, weekStart: String?) throws -> [Row] {
        guard let weekStart else {
            return try Row.fetchAll(db, sql: "SELECT * FROM patients WHERE discharged_on IS NULL ORDER BY rowid")
        }
        let weekEnd = ISODate.adding(days: 6, to: weekStart) ?? weekStart
        return try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM patients WHERE admitted_on <= ?
                AND (discharged_on IS NULL OR discharged_on > ?)
                AND (planned_discharge_on IS NULL OR planned_discharge_on >= ?)
                ORDER BY rowid
                """,
            arguments: [weekEnd, weekStart, weekStart])
    }

    /// The spec object of a stored patient with the prescription in force on `date`.
    static func patientObject(_ row: Row, steps: [PrescriptionStep], on date: String?, previous: [String]?) throws
        -> JSONObject
    {
        var object = JSONObject()
        object["id"] = .string(row["id"])
        if let name: String = row["name"] { object["name"] = .string(name) }
        object["cohort"] = .string(row["cohort"])
        object["track"] = .string(row["track"])
        if let secondary: String = row["secondary"] { object["secondary"] = .string(secondary) }
        let step =
            date.flatMap { day in steps.last { $0.fromDate <= day } } ?? (date == nil ? steps.last : nil) ?? steps.first
        object["weeklyHours"] = .integer(step?.hoursPerWeek ?? 0)
        if let availability = try parseOptional(row["availability"]) { object["availability"] = availability }
        if let days = step?.daysPerWeek { object["maxDaysPerWeek"] = .integer(days) }
        if let previous { object["previous"] = .array(previous.map(JSONValue.string)) }
        object["separateFrom"] = try parse(row["separate_from"])
        return object
    }

    static func patients(_ db: Database, activeOn weekStart: String?) throws -> [AdmittedPatient] {
        let rows = try patientRows(db, weekStart: weekStart)
        let program = try programDocument(db)
        var objects: [JSONValue] = []
        var records: [(Row, [PrescriptionStep])] = []
        for row in rows {
            let steps = try steps(of: row["id"], db: db)
            objects.append(.object(try patientObject(row, steps: steps, on: weekStart, previous: nil)))
            records.append((row, steps))
        }
        var document = program
        document["clinicians"] = .array([])
        document["patients"] = .array(withoutUnknownSeparations(objects))
        let instance = try decode(.object(document))
        return zip(instance.patients, records).map { patient, record in
            AdmittedPatient(
                patient: patient, admittedOn: record.0["admitted_on"],
                plannedDischargeOn: record.0["planned_discharge_on"],
                steps: record.1, datesAreKnown: true)
        }
    }

    // MARK: Instances

    /// The instance document of the week starting `weekStart` (or of the current records when
    /// `nil`) with the given patients' objects.
    static func instanceDocument(program: JSONObject, weekStart: String?, db: Database, patients: [JSONValue]) throws
        -> JSONValue
    {
        var document = program
        if let weekStart { document["weekOf"] = .string(weekStart) }
        document["clinicians"] = .array(try clinicianObjects(db))
        let rooms = try roomObjects(db)
        if !rooms.isEmpty { document["rooms"] = .array(rooms) }
        document["patients"] = .array(withoutUnknownSeparations(patients))
        return .object(document)
    }

    /// Drops separations from patients who are not in this week's list (they left or have not come yet).
    static func withoutUnknownSeparations(_ patients: [JSONValue]) -> [JSONValue] {
        let ids = Set(patients.compactMap { $0.objectValue?["id"]?.stringValue })
        return patients.map { value in
            guard var object = value.objectValue else { return value }
            let kept = (object["separateFrom"]?.arrayValue ?? []).filter { $0.stringValue.map(ids.contains) ?? false }
            if kept.isEmpty { object["separateFrom"] = nil } else { object["separateFrom"] = .array(kept) }
            return .object(object)
        }
    }

    static func decode(_ document: JSONValue) throws -> Instance {
        do {
            return try InstanceDecoder().decode(document).instance
        } catch {
            throw StoreError.invalid("the stored records do not make a valid instance:\n" + error.description)
        }
    }

    // MARK: Helpers

    private static func encoded(_ instance: Instance, member: String) -> [JSONObject] {
        (InstanceEncoder.document(instance).objectValue?[member]?.arrayValue ?? []).compactMap(\.objectValue)
    }

    /// JSON text of a piece, `nil` (SQL NULL) for a missing one.
    static func json(_ value: JSONValue?) -> String? {
        value.map { JSONWriter.write($0).trimmingCharacters(in: .newlines) }
    }

    static func parse(_ text: String?) throws -> JSONValue {
        guard let text else { return .null }
        do { return try JSONParser.parse(text) } catch {
            throw StoreError.invalid("a stored JSON column is damaged: \(error)")
        }
    }

    static func parseOptional(_ text: String?) throws -> JSONValue? {
        guard let text else { return nil }
        let value = try parse(text)
        return value == .null ? nil : value
    }

    private static func matches(_ row: Row, _ values: [String: DatabaseValueConvertible?]) -> Bool {
        values.allSatisfy { key, value in (row[key] as DatabaseValue) == (value?.databaseValue ?? .null) }
    }

    private static func upsertRow(_ values: [String: DatabaseValueConvertible?], table: String, db: Database) throws {
        let columns = values.keys.sorted()
        let updates = columns.filter { $0 != "id" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + "(\(columns.map { _ in "?" }.joined(separator: ", "))) ON CONFLICT (id) DO UPDATE SET \(updates)",
            arguments: StatementArguments(columns.map { values[$0]! }))
    }

    private static func upsert(
        _ rows: [[String: DatabaseValueConvertible?]], table: String, retireMissing: Bool, retire: String,
        activeFilter: String, db: Database
    ) throws -> ImportReport.Counts {
        var counts = ImportReport.Counts()
        for values in rows {
            let id = values["id"]! as? String ?? ""
            if let existing = try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [id]) {
                if matches(existing, values) {
                    counts.unchanged += 1
                    continue
                }
                counts.changed += 1
            } else {
                counts.added += 1
            }
            try upsertRow(values, table: table, db: db)
        }
        let listed = Set(rows.compactMap { $0["id"]! as? String })
        let missing = try String.fetchAll(db, sql: "SELECT id FROM \(table) WHERE \(activeFilter)").filter {
            !listed.contains($0)
        }
        counts.missing = missing.count
        if retireMissing {
            for id in missing { try db.execute(sql: "UPDATE \(table) SET \(retire) WHERE id = ?", arguments: [id]) }
            counts.discharged = missing.count
        }
        return counts
    }
}
