import RosterKit

/// The objective's terms in words, with the checker's exact counts, weights and points.
public struct ObjectiveSummary: Hashable, Sendable {
    /// The objective's terms, in the spec's order.
    public enum Term: String, CaseIterable, Sendable {
        /// The counts of `ObjectiveTerms`, under the same names.
        case unmetHours, otherModalityHours, secondaryModalityHours, groups, continuityBreaks

        /// The term in a few words, for a table's first column.
        public var label: String {
            switch self {
            case .unmetHours: "unmet hours"
            case .otherModalityHours: "other-modality hours"
            case .secondaryModalityHours: "secondary hours"
            case .groups: "groups"
            case .continuityBreaks: "continuity breaks"
            }
        }
    }

    /// One term: its count, weight and points, and a sentence with the count in it.
    public struct Line: Hashable, Sendable {
        /// The term.
        public var term: Term
        /// The checker's count.
        public var count: Int
        /// The term's weight under the instance's policy.
        public var weight: Double
        /// `count` times `weight`.
        public var points: Double
        /// The count in a sentence (`2 patients short of their hours: 9 hours`).
        public var sentence: String
    }

    /// The checker's counts.
    public let terms: ObjectiveTerms
    /// The objective total.
    public let total: Double
    /// One line per term, in the spec's order.
    public let lines: [Line]
    /// Patient-hours in groups (each patient in each group for one hour).
    public let patientHours: Int
    /// Patient-hours in the patient's own track.
    public let trackHours: Int
    /// Patients with at least one unmet hour.
    public let patientsShort: Int
    /// Continuing patients (with `previous`) who attend a session-day they did not attend last week.
    public let patientsMoved: Int

    /// Summarises the checker's `report` on `roster`.
    public init(_ report: RosterChecker.Report, roster: Roster, index: InstanceIndex) {
        self.init(report, roster: roster, index: index, occupancy: RosterOccupancy(roster, index: index))
    }

    /// The same, from the roster's occupancy already built (``RosterFacts`` builds it once).
    init(_ report: RosterChecker.Report, roster: Roster, index: InstanceIndex, occupancy: RosterOccupancy) {
        let weights = index.instance.policy.weights
        terms = report.terms
        total = report.total
        patientHours = roster.groups.filter(index.canPlace).reduce(0) { total, group in
            total + group.patients.count { index.patients[$0] != nil }
        }
        trackHours = patientHours - terms.secondaryModalityHours - terms.otherModalityHours
        patientsShort = index.instance.patients.count { occupancy.scheduledHours($0.id) < $0.weeklyHours }
        patientsMoved = index.instance.patients.count { patient in
            guard let previous = patient.previous else { return false }
            return !occupancy.sessionDays(of: patient.id).isSubset(of: Set(previous))
        }
        func line(_ term: Term, _ count: Int, _ weight: Double, _ sentence: String) -> Line {
            Line(term: term, count: count, weight: weight, points: weight * Double(count), sentence: sentence)
        }
        let hours = { (count: Int) in count == 1 ? "1 hour" : "\(count) hours" }
        let patientHours = { (count: Int) in count == 1 ? "1 patient-hour" : "\(count) patient-hours" }
        lines = [
            line(
                .unmetHours, terms.unmetHours, weights.unmetHour,
                patientsShort == 0
                    ? "every patient gets all their prescribed hours"
                    : "\(TextLayout.count(patientsShort, "patient")) short of their hours: \(hours(terms.unmetHours))"),
            line(
                .otherModalityHours, terms.otherModalityHours, weights.otherModalityHour,
                "\(patientHours(terms.otherModalityHours)) outside track and second choice"),
            line(
                .secondaryModalityHours, terms.secondaryModalityHours, weights.secondaryModalityHour,
                "\(patientHours(terms.secondaryModalityHours)) in the second choice"),
            line(
                .groups, terms.groups, weights.group,
                "\(TextLayout.count(terms.groups, "group")) run (one clinician-hour each)"),
            line(
                .continuityBreaks, terms.continuityBreaks, weights.continuityBreak,
                !index.instance.patients.contains { $0.previous != nil }
                    ? "continuity not scored (no patient lists last week)"
                    : patientsMoved == 0
                        ? "no continuing patient moved to new days"
                        : "\(TextLayout.count(patientsMoved, "continuing patient")) moved to new days"
                            + " (\(TextLayout.count(terms.continuityBreaks, "new session-day")))"),
        ]
    }

    /// `92% of patient-hours in the patient's own track (331 of 360)`.
    public var trackShareSentence: String {
        guard patientHours > 0 else { return "no patient-hours are scheduled" }
        let percent = trackHours == patientHours ? 100 : trackHours * 100 / patientHours
        return "\(percent)% of patient-hours in the patient's own track (\(trackHours) of \(patientHours))"
    }

    /// `9 x 1000 = 9000` for each line, the parts aligned in columns.
    public var arithmetic: [String] {
        let counts = lines.map { String($0.count) }
        let weights = lines.map { JSONWriter.format($0.weight) }
        let points = lines.map { JSONWriter.format($0.points) }
        let widths = [counts, weights, points].map { $0.map(\.count).max() ?? 0 }
        return lines.indices.map { line in
            TextLayout.right(counts[line], widths[0]) + " x " + TextLayout.right(weights[line], widths[1]) + " = "
                + TextLayout.right(points[line], widths[2])
        }
    }
}
