import RosterKit
import RosterSolvers

/// Everything the renderers need about one roster, computed once: the checker's verdict and
/// objective, the reasons for unmet hours, who uses what when, names and dates.
///
/// ```swift
/// let facts = RosterFacts(instance: instance, roster: roster, outcome: outcome)
/// print(RosterReport(facts).text)
/// ```
public struct RosterFacts: Sendable {
    public let instance: Instance
    public let index: InstanceIndex
    /// The roster, groups in calendar order.
    public let roster: Roster
    /// The checker's verdict: violations, objective terms and total.
    public let check: RosterChecker.Report
    /// How the roster was solved, when it was solved in this run.
    public let outcome: SolveOutcome?
    public let explanation: UnmetExplanation
    public let summary: ObjectiveSummary
    public let names: NameBook
    public let options: RenderOptions
    let calendar: WeekCalendar
    let occupancy: RosterOccupancy

    public init(instance: Instance, roster: Roster, outcome: SolveOutcome? = nil, options: RenderOptions = RenderOptions()) {
        let index = InstanceIndex(instance)
        self.instance = instance
        self.index = index
        self.roster = roster.sorted(by: index)
        self.outcome = outcome
        self.options = options
        check = RosterChecker(index: index).check(roster)
        occupancy = RosterOccupancy(roster, index: index)
        explanation = UnmetHoursExplainer(index: index).explain(roster, status: outcome?.status)
        summary = ObjectiveSummary(check, roster: roster, index: index)
        names = NameBook(instance, pseudonymize: options.pseudonymize)
        calendar = WeekCalendar(instance)
    }

    /// The instance's name, or the roster's, or a plain word.
    public var title: String { instance.name ?? roster.instanceName ?? "roster" }

    /// Relative gap between the roster's total and the solver's bound, when a bound is known.
    public var gap: Double? { outcome?.bound.map { RelativeGap.between(check.total, $0) } }

    /// Groups of one session-day and slot, in roster order.
    func groups(at slot: TimeSlot) -> [Group] { occupancy.groupsAt[slot] ?? [] }

    /// Each group a patient sits in, in calendar order.
    func groups(of patient: PatientID) -> [Group] { roster.groups.filter { $0.patients.contains(patient) } }

    func groups(ledBy clinician: ClinicianID) -> [Group] { roster.groups.filter { $0.clinician == clinician } }
    func groups(in room: RoomID) -> [Group] { roster.groups.filter { $0.room == room } }

    /// Hours a room is available in the week.
    func availableHours(_ room: Room) -> Int { instance.timeSlots.count { room.availability.allows($0.sessionDay) } }

    /// Whether the instance has patients of more than one cohort.
    var hasCohorts: Bool { Set(instance.patients.map(\.cohort)).count > 1 }
}
