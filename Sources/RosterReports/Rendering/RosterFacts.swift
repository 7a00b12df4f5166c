import RosterKit

/// Everything the renderers need about one roster, computed once: the checker's verdict and
/// objective, the reasons for unmet hours, who uses what when, names and dates.
///
/// ```swift
/// let facts = RosterFacts(instance: instance, roster: roster, outcome: outcome)
/// print(RosterReport(facts).text)
/// ```
public struct RosterFacts: Sendable {
    /// The instance the roster is for.
    public let instance: Instance
    /// The instance, indexed.
    public let index: InstanceIndex
    /// The roster, groups in calendar order.
    public let roster: Roster
    /// The checker's verdict: violations, objective terms and total.
    public let check: RosterChecker.Report
    /// How the roster was solved, when it was solved in this run.
    public let outcome: SolveOutcome?
    /// The reasons for every unmet hour, and the changes that would help.
    public let explanation: UnmetExplanation
    /// The objective in words.
    public let summary: ObjectiveSummary
    /// The names outputs may show (none when pseudonymizing).
    public let names: NameBook
    /// The choices that apply to every format.
    public let options: RenderOptions
    let calendar: WeekCalendar
    let occupancy: RosterOccupancy
    /// Placed groups (those with a listed day, session, slot and modality) by patient and by clinician.
    private let groupsByPatient: [PatientID: [Group]]
    private let groupsByClinician: [ClinicianID: [Group]]

    /// Checks, explains and summarises `roster` once, for every format to share.
    public init(
        instance: Instance, roster: Roster, outcome: SolveOutcome? = nil, options: RenderOptions = RenderOptions()
    ) {
        let index = InstanceIndex(instance)
        self.instance = instance
        self.index = index
        self.roster = roster.sorted(by: index)
        self.outcome = outcome
        self.options = options
        // A roster the solver checked (and found valid) is not checked again.
        check =
            outcome.flatMap { $0.roster == roster ? $0.check : nil } ?? RosterChecker(index: index).check(roster)
        occupancy = RosterOccupancy(roster, index: index)
        explanation = UnmetHoursExplainer(index: index).explain(
            occupancy: occupancy, status: outcome?.status,
            deadline: options.explanationSeconds.map { ContinuousClock.now.advanced(by: .seconds(max(0, $0))) })
        summary = ObjectiveSummary(check, roster: roster, index: index, occupancy: occupancy)
        names = NameBook(instance, pseudonymize: options.pseudonymize)
        calendar = WeekCalendar(instance)
        let placed = self.roster.groups.filter(index.canPlace)
        var byPatient: [PatientID: [Group]] = [:]
        for group in placed {
            for patient in group.patients { byPatient[patient, default: []].append(group) }
        }
        groupsByPatient = byPatient
        groupsByClinician = Dictionary(grouping: placed, by: \.clinician)
    }

    /// The instance's name, or the roster's, or a plain word.
    public var title: String { instance.name ?? roster.instanceName ?? "roster" }

    /// What the solver's bound proves about the roster's total, when a bound is known.
    public var gap: OptimalityGap? { outcome?.gap(total: check.total, weights: instance.policy.weights) }

    /// Groups of one session-day and slot, in roster order.
    public func groups(at slot: TimeSlot) -> [Group] { occupancy.groupsAt[slot] ?? [] }

    /// Each group a patient sits in, in calendar order.
    public func groups(of patient: PatientID) -> [Group] { groupsByPatient[patient] ?? [] }

    /// Each group a clinician leads, in calendar order.
    public func groups(ledBy clinician: ClinicianID) -> [Group] { groupsByClinician[clinician] ?? [] }

    /// `09:00-10:00`, the clock times of a slot.
    public func clockRange(_ slot: TimeSlot) -> String { calendar.rangeText(slot) }

    /// The ISO date of a day of the week, when the instance has `weekOf`.
    public func isoDate(ofDay day: String) -> String? { calendar.isoDate(ofDay: day) }

    /// Hours a room is available in the week.
    func availableHours(_ room: Room) -> Int { WeekCapacity.hostableHours(room, instance: instance) }

    /// Whether the instance has patients of more than one cohort.
    var hasCohorts: Bool { Set(instance.patients.map(\.cohort)).count > 1 }
}
