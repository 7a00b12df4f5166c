import RosterKit

/// Makes a roster valid by taking things out of it: the last line of defence against a bug in
/// the greedy solver, which should never need it.
///
/// Each round removes the groups the checker blames, takes every patient it blames out of the
/// session-days at fault, and takes members of those groups out of the whole session-day (full
/// sessions only), until the checker is satisfied. The empty roster is always valid, so it ends.
enum RosterRepair {
    /// A valid roster made from `roster` by removals, and how many rounds it took (0: it was valid).
    static func repair(_ roster: Roster, checker: RosterChecker) -> (roster: Roster, rounds: Int) {
        var roster = roster
        for round in 0..<50 {
            let report = checker.check(roster)
            if report.isValid { return (roster, round) }
            roster = removeBlamed(report.violations, from: roster, index: checker.index)
        }
        return (Roster(instanceName: roster.instanceName, groups: []), 50)
    }

    private static func removeBlamed(_ violations: [Violation], from roster: Roster, index: InstanceIndex) -> Roster {
        var blamedGroups = Set(violations.compactMap(\.groupIndex))
        // Patients blamed without a group: every session-day they attend goes.
        var blamedPatients: Set<PatientID> = []
        var blamedClinicians: Set<ClinicianID> = []
        for violation in violations where violation.groupIndex == nil {
            switch violation.rule {
            case .clinicianHours:
                if let id = index.instance.clinicians.first(where: { violation.message.contains("clinician \($0.id) ") }
                )?.id {
                    blamedClinicians.insert(id)
                }
            default:
                if let id = index.instance.patients.first(where: { violation.message.contains("patient \($0.id) ") })?
                    .id
                {
                    blamedPatients.insert(id)
                }
            }
        }
        if !blamedClinicians.isEmpty {
            // Drop the clinician's last group in calendar order.
            for clinician in blamedClinicians.sorted() {
                if let last = roster.groups.indices.filter({ roster.groups[$0].clinician == clinician })
                    .max(by: {
                        index.calendarKey(roster.groups[$0].timeSlot) < index.calendarKey(roster.groups[$1].timeSlot)
                    })
                {
                    blamedGroups.insert(last)
                }
            }
        }
        if blamedGroups.isEmpty && blamedPatients.isEmpty {
            // Nothing to point at: drop the last group, so every round makes progress.
            if !roster.groups.isEmpty { blamedGroups.insert(roster.groups.count - 1) }
        }
        var absent: Set<[String]> = []
        for position in blamedGroups.sorted() {
            let group = roster.groups[position]
            for patient in group.patients { absent.insert([patient.rawValue, group.timeSlot.sessionDay.description]) }
        }
        var groups: [Group] = []
        for (position, group) in roster.groups.enumerated() where !blamedGroups.contains(position) {
            var group = group
            group.patients.removeAll { patient in
                blamedPatients.contains(patient)
                    || absent.contains([patient.rawValue, group.timeSlot.sessionDay.description])
            }
            if !group.patients.isEmpty { groups.append(group) }
        }
        return Roster(instanceName: roster.instanceName, groups: groups)
    }
}
