/// Judges a roster against an instance by every hard rule and scores it by the objective,
/// exactly as `shared/tools/check_roster.py` does.
public struct RosterChecker: Sendable {
    /// The instance the checker judges against, indexed.
    public let index: InstanceIndex

    /// A checker for `instance`; the index is built once, here.
    public init(_ instance: Instance) { index = InstanceIndex(instance) }
    /// A checker sharing an index already built.
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
        /// Every broken hard rule, rule by rule in the spec's order.
        public var violations: [Violation]
        /// The objective's counts (computed even for an invalid roster).
        public var terms: ObjectiveTerms
        /// The objective total: the counts weighted by the instance's policy.
        public var total: Double
        /// Whether the roster breaks no hard rule.
        public var isValid: Bool { violations.isEmpty }
    }

    /// Checks every hard rule and scores the roster.
    ///
    /// ```swift
    /// let report = RosterChecker(instance).check(roster)
    /// if report.isValid { print(report.total) } else { report.violations.forEach { print($0) } }
    /// ```
    public func check(_ roster: Roster) -> Report {
        let context = RosterCheckContext(index: index, roster: roster)
        let violations = Self.checks.flatMap { $0.violations(in: context) }
        let terms = ObjectiveTerms.evaluate(context)
        return Report(violations: violations, terms: terms, total: terms.total(index.instance.policy.weights))
    }

    /// Only the violations of one rule, for tests and focused explanations.
    public func violations(of rule: HardRule, in roster: Roster) -> [Violation] {
        let context = RosterCheckContext(index: index, roster: roster)
        return Self.checks.first { $0.rule == rule }!.violations(in: context)
    }
}
