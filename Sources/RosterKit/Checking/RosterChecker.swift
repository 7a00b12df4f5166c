/// Judges a roster against an instance by every hard rule and scores it by the objective,
/// exactly as `shared/tools/check_roster.py` does.
public struct RosterChecker: Sendable {
    public let index: InstanceIndex

    public init(_ instance: Instance) { index = InstanceIndex(instance) }
    public init(index: InstanceIndex) { self.index = index }

    /// The checks, one per hard rule, in the spec's order.
    static let checks: [any HardRuleCheck] = [
        GroupPlacementCheck(), GroupSizeCheck(), GroupMembersCheck(), CohortCheck(),
        ClinicianExistsCheck(), ClinicianTrainedCheck(), ClinicianAvailableCheck(), ClinicianDoubleBookedCheck(),
        ClinicianHoursCheck(), RoomAssignedCheck(), RoomAvailableCheck(), RoomCapacityCheck(), RoomDoubleBookedCheck(),
        PatientDoubleBookedCheck(), PatientOneSessionPerDayCheck(), PatientFullSessionsCheck(), PatientAvailableCheck(),
        PatientWeeklyHoursCheck(), PatientMaxDaysCheck(), PatientSameModalityPerDayCheck(), SeparationCheck(),
    ]

    /// The verdict on one roster.
    public struct Report: Sendable {
        public var violations: [Violation]
        public var terms: ObjectiveTerms
        public var total: Double
        public var isValid: Bool { violations.isEmpty }
    }

    public func check(_ roster: Roster) -> Report {
        let context = RosterCheckContext(index: index, roster: roster)
        let violations = Self.checks.flatMap { $0.violations(in: context) }
        let terms = ObjectiveTerms.evaluate(roster, index: index)
        return Report(violations: violations, terms: terms, total: terms.total(index.instance.policy.weights))
    }

    /// Only the violations of one rule, for tests and focused explanations.
    public func violations(of rule: HardRule, in roster: Roster) -> [Violation] {
        let context = RosterCheckContext(index: index, roster: roster)
        return Self.checks.first { $0.rule == rule }!.violations(in: context)
    }
}
