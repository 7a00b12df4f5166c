import Foundation
import GRDB
import RosterKit

/// One simulated week to keep in the program database: its first day, the instance planned and
/// the roster planned for it.
public struct SimulatedWeek: Sendable {
    /// The ISO date (`YYYY-MM-DD`) of the week's first day.
    public var weekStart: String
    /// The instance the week was planned against.
    public var instance: Instance
    /// The week's roster and how it was made (solver `simulate` from ``weeks(of:from:seed:)``).
    public var outcome: SolveOutcome

    /// A week from its parts.
    public init(weekStart: String, instance: Instance, outcome: SolveOutcome) {
        self.weekStart = weekStart
        self.instance = instance
        self.outcome = outcome
    }
}

extension SimulatedWeek {
    /// A simulation's weeks dated from `firstWeek` (each instance's `weekOf` set to its week's
    /// first day), each roster as a `simulate` outcome.
    public static func weeks(of run: SimulationRun, from firstWeek: String, seed: UInt64) -> [SimulatedWeek] {
        run.plans.enumerated().map { number, plan in
            let weekStart = ISODate.adding(days: 7 * number, to: firstWeek) ?? firstWeek
            var instance = plan.instance
            instance.weekOf = weekStart
            let outcome = SolveOutcome(
                roster: plan.roster, solver: "simulate", status: .heuristic,
                detail: "simulated week \(number + 1) (seed \(seed))", elapsed: 0)
            return SimulatedWeek(weekStart: weekStart, instance: instance, outcome: outcome)
        }
    }
}

extension ProgramStore {
    /// Keeps simulated weeks as if the program had run them, so the web page and `history` show
    /// them: for each week in order, its records are imported effective on its first day (new
    /// patients admitted, those no longer in the week discharged, changed prescriptions as new
    /// steps), and its roster is stored as a new revision and published.
    ///
    /// Everything is one transaction: a week that is already published or a roster that breaks a
    /// hard rule refuses the whole simulation and leaves the database as it was.
    @discardableResult
    public func recordSimulatedWeeks(_ weeks: [SimulatedWeek], actor: String, source: String) throws -> [StoredRoster] {
        let rows = try weeks.map { try RosterRowText($0.outcome, instance: $0.instance, weekStart: $0.weekStart) }
        return try write { db in
            try zip(weeks, rows).map { week, row in
                _ = try Self.apply(
                    ProgramImport(instance: week.instance, admittedOn: week.weekStart), effectiveDate: week.weekStart,
                    dischargeMissing: true, actor: actor, source: source, db: db)
                let stored = try Self.insertRoster(
                    row, outcome: week.outcome, weekStart: week.weekStart, timeLimit: nil, keptFrom: nil, actor: actor,
                    db: db)
                return try Self.publish(week.weekStart, revision: stored.revision, actor: actor, db: db)
            }
        }
    }
}
