import Foundation
import GRDB
import RosterKit

/// The program's people as they enter the store: an instance's records with the dates the
/// spec's instance does not carry.
public struct ProgramImport: Sendable {
    /// The calendar, policy and modalities, when the import sets them (a JSON instance does).
    public var calendar: Instance?
    /// The clinicians to upsert by id; `nil` leaves the stored ones untouched.
    public var clinicians: [Clinician]?
    /// The rooms to upsert by id; `nil` leaves the stored ones untouched.
    public var rooms: [Room]?
    /// The patient records to upsert by id; `nil` leaves the stored ones untouched.
    public var patients: [AdmittedPatient]?

    /// An import of just the parts given; the others stay as stored.
    public init(
        calendar: Instance? = nil, clinicians: [Clinician]? = nil, rooms: [Room]? = nil,
        patients: [AdmittedPatient]? = nil
    ) {
        self.calendar = calendar
        self.clinicians = clinicians
        self.rooms = rooms
        self.patients = patients
    }

    /// Everything in a spec instance; every patient admitted on `admittedOn` with their
    /// `weeklyHours` and `maxDaysPerWeek` as the first prescription step.
    public init(instance: Instance, admittedOn: String) {
        self.init(
            calendar: instance, clinicians: instance.clinicians, rooms: instance.rooms,
            patients: instance.patients.map { AdmittedPatient(patient: $0, admittedOn: admittedOn) })
    }
}

/// One prescription step: from `fromDate` on, the patient attends `hoursPerWeek` hours over at
/// most `daysPerWeek` days (no day limit when `nil`).
public struct PrescriptionStep: Sendable, Hashable {
    /// The ISO date (`YYYY-MM-DD`) the step takes effect.
    public var fromDate: String
    /// The most days a week the patient attends, or `nil` for no limit.
    public var daysPerWeek: Int?
    /// The hours a week the patient is prescribed (the spec's `weeklyHours`).
    public var hoursPerWeek: Int

}

/// A patient's record: the spec's fields (weekly hours and day limit come from the step in
/// force), the admission and planned discharge dates, and the prescription's steps.
public struct AdmittedPatient: Sendable, Hashable {
    /// The spec's patient; `weeklyHours`, `maxDaysPerWeek` and `previous` are not stored from it.
    public var patient: Patient
    /// The ISO date (`YYYY-MM-DD`) of admission.
    public var admittedOn: String
    /// The ISO date the discharge is planned for, when one is.
    public var plannedDischargeOn: String?
    /// Oldest first; the first starts at admission.
    public var steps: [PrescriptionStep]
    /// Whether the dates and steps are the record's own (a spreadsheet row) rather than made up
    /// for a spec instance, which knows only this week's prescription. An import keeps a known
    /// patient's stored admission and steps when they are not, and adds a step only when the
    /// prescription changed.
    public var datesAreKnown: Bool

    /// A record; without `steps`, one step from `admittedOn` with the patient's `weeklyHours` and `maxDaysPerWeek`.
    public init(
        patient: Patient, admittedOn: String, plannedDischargeOn: String? = nil, steps: [PrescriptionStep]? = nil,
        datesAreKnown: Bool = false
    ) {
        self.patient = patient
        self.admittedOn = admittedOn
        self.plannedDischargeOn = plannedDischargeOn
        self.datesAreKnown = datesAreKnown
        self.steps =
            steps ?? [
                PrescriptionStep(
                    fromDate: admittedOn, daysPerWeek: patient.maxDaysPerWeek, hoursPerWeek: patient.weeklyHours)
            ]
    }

    /// The step in force on `date`: the latest that started by then, else the first.
    public func step(on date: String) -> PrescriptionStep? {
        steps.last { $0.fromDate <= date } ?? steps.first
    }
}

extension ProgramStore {
    /// Upserts everything in `records` by id in one transaction with its audit entry; returns
    /// what changed. Active records the import does not list are reported as missing, and
    /// discharged (patients) or retired (clinicians, rooms) only when `dischargeMissing`, as of `effectiveDate`.
    @discardableResult
    public func importRecords(
        _ records: ProgramImport, effectiveDate: String, dischargeMissing: Bool = false, actor: String, source: String
    ) throws -> ImportReport {
        try write { db in
            try Self.apply(
                records, effectiveDate: effectiveDate, dischargeMissing: dischargeMissing, actor: actor, source: source,
                db: db)
        }
    }

    /// Upserts `records` inside the caller's transaction and writes the import's audit row. Every
    /// write of the program's records comes here (files, forms, `serve --instance`, simulated
    /// weeks), so the instance rule for control characters (``ControlCharacters/problems(in:)``)
    /// is kept here: records breaking it are refused before anything is written, and what the
    /// store holds always exports as a valid instance.
    static func apply(
        _ records: ProgramImport, effectiveDate: String, dischargeMissing: Bool, actor: String, source: String,
        db: Database
    ) throws -> ImportReport {
        try refuseControlCharacters(in: records)
        var report = ImportReport()
        if let calendar = records.calendar { report.program = try RecordRows.upsertProgram(calendar, db: db) }
        if let clinicians = records.clinicians {
            report.clinicians = try RecordRows.upsertClinicians(clinicians, retireMissing: dischargeMissing, db: db)
        }
        if let rooms = records.rooms {
            report.rooms = try RecordRows.upsertRooms(rooms, retireMissing: dischargeMissing, db: db)
        }
        if let patients = records.patients {
            report.patients = try RecordRows.upsertPatients(
                patients, effectiveDate: effectiveDate, dischargeMissing: dischargeMissing, db: db)
        }
        try insertAudit(db, actor: actor, action: "program.import", targetKind: .program, targetID: source)
        return report
    }

    /// Throws ``StoreError/invalid(_:)`` naming the place of every id or name of `records` that
    /// holds a control character (by path, never the text): the first ``InputError/problemsShown``
    /// and a count of the rest.
    static func refuseControlCharacters(in records: ProgramImport) throws {
        let calendar = records.calendar
        let problems = ControlCharacters.problems(
            in: Instance(
                name: calendar?.name, days: calendar?.days ?? [], sessions: calendar?.sessions ?? [],
                clinicians: records.clinicians ?? [], rooms: records.rooms ?? [],
                patients: records.patients?.map(\.patient) ?? []))
        guard !problems.isEmpty else { return }
        let shown = problems.prefix(InputError.problemsShown).map { "  \($0)" }
        let rest =
            problems.count > InputError.problemsShown
            ? ["  and \(problems.count - InputError.problemsShown) more problems"] : []
        throw StoreError.invalid(
            (["the records were not stored (nothing was):"] + shown + rest).joined(separator: "\n"))
    }

    /// Whether the program's calendar has been imported.
    public func hasProgram() throws -> Bool {
        try read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM program") != nil }
    }

    /// Counts of the active records, for `program show`.
    public func recordCounts() throws -> (clinicians: Int, rooms: Int, patients: Int, discharged: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM clinicians WHERE active = 1") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM rooms WHERE active = 1") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM patients WHERE discharged_on IS NULL") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM patients WHERE discharged_on IS NOT NULL") ?? 0
            )
        }
    }

    /// Every patient record not discharged, in import order.
    public func currentPatients() throws -> [AdmittedPatient] {
        try read { db in try RecordRows.patients(db, activeOn: nil) }
    }

    /// The active clinicians and rooms, in import order.
    public func currentStaffAndRooms() throws -> (clinicians: [Clinician], rooms: [Room]) {
        try read { db in
            let program = try RecordRows.programDocument(db)
            let document = try RecordRows.instanceDocument(program: program, weekStart: nil, db: db, patients: [])
            let instance = try RecordRows.decode(document)
            return (instance.clinicians, instance.rooms)
        }
    }
}
