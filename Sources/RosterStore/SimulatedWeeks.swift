import Foundation
import GRDB
import RosterKit
import RosterSolvers

extension ProgramStore {
    /// Simulates the program week by week through the store, as if it had run those weeks: each
    /// week's patients are imported as records effective on its first day (arrivals admitted,
    /// those who left discharged, changed prescriptions as new steps), its instance is built from
    /// the records as `week plan` builds it (`previous` from the stored week before, or BASE's
    /// own for a first week with none stored), and the roster planned for it is stored as a
    /// revision and published as `week publish` does. Week 1 also imports the program's calendar,
    /// clinicians and rooms (those not in it retired).
    ///
    /// Each week is one transaction: a week that fails leaves the weeks before it stored and
    /// nothing of itself. A simulation is kept only in weeks without a roster: when one of its
    /// weeks already has one, nothing is simulated (``StoreError/weekAlreadyPublished(week:revision:)``
    /// or ``StoreError/invalid(_:)``); simulate into a fresh database, or from a later first week.
    ///
    /// - Parameters:
    ///   - simulator: The simulation (its `program` is the one stored).
    ///   - firstWeek: The ISO date of week 1's first day; week N starts 7 × (N − 1) days later.
    ///   - actor: Who the audit log names.
    ///   - source: What the imports' audit entries name (`simulate BASE.json`).
    /// - Returns: The run (the same as ``ProgramSimulator/run()`` with the same seed) and the
    ///   published rosters, week by week.
    public func simulate(_ simulator: ProgramSimulator, from firstWeek: String, actor: String, source: String) throws
        -> (run: SimulationRun, stored: [StoredRoster])
    {
        guard ISODate.isValid(firstWeek) else {
            throw StoreError.invalid("\(firstWeek): expected a week start date YYYY-MM-DD")
        }
        let weekStarts = (0..<max(1, simulator.settings.weeks)).map {
            ISODate.adding(days: 7 * $0, to: firstWeek) ?? firstWeek
        }
        try refuseStoredWeeks(weekStarts)
        let ledger = StoreSimulation(
            store: self, program: simulator.program, weekStarts: weekStarts, seed: simulator.settings.seed,
            actor: actor, source: source)
        let run = try simulator.run(through: ledger)
        return (run, ledger.stored)
    }

    /// Refuses a simulation of which a week already has a roster.
    private func refuseStoredWeeks(_ weekStarts: [String]) throws {
        let planned = Set(try plannedWeeks())
        for weekStart in weekStarts where planned.contains(weekStart) {
            if let published = try publishedRoster(of: weekStart) {
                throw StoreError.weekAlreadyPublished(week: weekStart, revision: published.revision)
            }
            throw StoreError.invalid(
                "week \(weekStart) already has rosters in \(path); a simulation is kept only in weeks without "
                    + "one: simulate into a fresh database, or from a later first week")
        }
    }
}

/// A simulation's weeks planned through the store's records (``ProgramStore/simulate(_:from:actor:source:)``).
final class StoreSimulation: SimulationLedger {
    let store: ProgramStore
    let program: Instance
    let weekStarts: [String]
    let seed: UInt64
    let actor: String
    let source: String
    /// The week's transaction, while ``inWeek(_:_:)`` runs.
    private var db: Database?
    /// The published rosters, week by week.
    private(set) var stored: [StoredRoster] = []

    init(store: ProgramStore, program: Instance, weekStarts: [String], seed: UInt64, actor: String, source: String) {
        self.store = store
        self.program = program
        self.weekStarts = weekStarts
        self.seed = seed
        self.actor = actor
        self.source = source
    }

    func inWeek(_ week: Int, _ body: () throws -> Void) throws {
        try store.write { db in
            self.db = db
            defer { self.db = nil }
            if week == 1 {
                let calendar = ProgramImport(calendar: program, clinicians: program.clinicians, rooms: program.rooms)
                _ = try ProgramStore.apply(
                    calendar, effectiveDate: weekStarts[0], dischargeMissing: true, actor: actor, source: source,
                    db: db)
            }
            try body()
        }
    }

    /// The week's instance from the records with `patients` imported; the import is undone (a
    /// savepoint) until ``keep(week:instance:roster:)`` imports the week's census.
    func instance(
        week: Int, patients: [Patient], newcomers: Set<PatientID>, after last: (instance: Instance, roster: Roster)?
    ) throws -> Instance {
        let db = try transaction()
        let weekStart = weekStarts[week - 1]
        var built: Instance?
        try db.inSavepoint {
            try importCensus(patients, weekStart: weekStart, db: db)
            built = try ProgramStore.buildWeek(weekStart, db: db)
            return .rollback
        }
        guard var instance = built else { throw StoreError.invalid("week \(weekStart): no instance was built") }
        let lastWeek = ISODate.adding(days: -7, to: weekStart) ?? weekStart
        if try ProgramStore.publishedRosterRow(lastWeek, db: db) == nil {
            // No stored week before: the simulation's own `previous` (BASE's, for week 1).
            let given = Dictionary(patients.map { ($0.id, $0.previous) }, uniquingKeysWith: { first, _ in first })
            for position in instance.patients.indices {
                instance.patients[position].previous = given[instance.patients[position].id] ?? nil
            }
        }
        return instance
    }

    func keep(week: Int, instance: Instance, roster: Roster) throws {
        let db = try transaction()
        let weekStart = weekStarts[week - 1]
        try importCensus(instance.patients, weekStart: weekStart, db: db)
        let outcome = SolveOutcome(
            roster: roster, solver: "simulate", status: .heuristic, detail: "simulated week \(week) (seed \(seed))",
            elapsed: 0)
        let row = try ProgramStore.RosterRowText(outcome, instance: instance, weekStart: weekStart)
        let saved = try ProgramStore.insertRoster(
            row, outcome: outcome, weekStart: weekStart, timeLimit: nil, keptFrom: nil, actor: actor, db: db)
        stored.append(try ProgramStore.publish(weekStart, revision: saved.revision, actor: actor, db: db))
    }

    /// The week's patients as records effective on its first day; the others are discharged.
    private func importCensus(_ patients: [Patient], weekStart: String, db: Database) throws {
        let records = ProgramImport(patients: patients.map { AdmittedPatient(patient: $0, admittedOn: weekStart) })
        _ = try ProgramStore.apply(
            records, effectiveDate: weekStart, dischargeMissing: true, actor: actor, source: source, db: db)
    }

    private func transaction() throws -> Database {
        guard let db else { throw StoreError.invalid("a simulated week was built outside its transaction") }
        return db
    }
}
