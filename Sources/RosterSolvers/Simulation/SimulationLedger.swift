import RosterKit

/// Where a simulation builds each week's instance and keeps its roster, when not in memory: a
/// program store (RosterStore's `StoreSimulation`) plans every week through its own records.
///
/// ```swift
/// let run = try ProgramSimulator(base: week, settings: settings).run(through: ledger)
/// ```
///
/// The simulator calls ``inWeek(_:_:)`` once a week and, inside it, ``instance(week:patients:newcomers:after:)``
/// once for the week with everyone waiting, again for the week without those who did not fit
/// (when some did not), then ``keep(week:instance:roster:)`` with the roster planned for the
/// last instance built.
public protocol SimulationLedger: AnyObject {
    /// Runs one week's work; a store makes it one transaction, so a week that throws leaves
    /// nothing of itself behind.
    func inWeek(_ week: Int, _ body: () throws -> Void) throws

    /// The week's instance for `patients` (this week's prescriptions, in census order, each with
    /// the `previous` the simulation knows, nil for `newcomers`); `last` is the week before as planned.
    func instance(
        week: Int, patients: [Patient], newcomers: Set<PatientID>, after last: (instance: Instance, roster: Roster)?
    ) throws -> Instance

    /// Keeps the week's instance (the last one built) and the roster planned for it.
    func keep(week: Int, instance: Instance, roster: Roster) throws
}
