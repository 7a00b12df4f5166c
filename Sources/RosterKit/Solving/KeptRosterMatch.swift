/// How much of a previous roster names this instance at all: its patients, time slots and
/// modalities. A roster of another week or program matches nothing and is refused by the
/// re-planner rather than kept silently as nothing.
///
/// ```swift
/// let match = KeptRosterMatch(previous: roster, index: InstanceIndex(instance))
/// match.description  // "212 name unknown patients, 2 unknown session-days"
/// ```
///
/// Each assignment (one patient in one group) counts once, under the first of: an unknown
/// patient, a day, session or slot the instance does not have, a modality it does not list
/// (names compare as spelled: `dbt` is not `DBT`).
public struct KeptRosterMatch: Sendable, Equatable {
    /// Assignments (patient seats) in the previous roster.
    public var assignments: Int
    /// Assignments naming a patient the instance does not have.
    public var unknownPatients: Int
    /// Where the first of them is in the roster file (`groups[3].patients[5]`); the entry itself
    /// is never quoted (it may be a name typed in place of an id).
    public var firstUnknownPatient: String?
    /// Assignments of a known patient at a day, session or slot the instance does not have.
    public var unknownSessionDays: Int
    /// Assignments of a known patient at a known slot in a modality the instance does not list.
    public var unknownModalities: Int

    /// Counts the assignments of `previous` against the instance behind `index`.
    public init(previous: Roster, index: InstanceIndex) {
        var counts = (assignments: 0, patients: 0, sessionDays: 0, modalities: 0)
        var firstUnknown: String?
        for (position, group) in previous.groups.enumerated() {
            let slot = group.timeSlot
            let knownSlot =
                index.dayOrder[slot.day] != nil && index.sessions[slot.session]?.slots.contains(slot.slot) == true
            let knownModality = index.instance.modalities.contains(group.modality)
            for (entry, patient) in group.patients.enumerated() {
                counts.assignments += 1
                if index.patients[patient] == nil {
                    counts.patients += 1
                    if firstUnknown == nil { firstUnknown = "groups[\(position)].patients[\(entry)]" }
                } else if !knownSlot {
                    counts.sessionDays += 1
                } else if !knownModality {
                    counts.modalities += 1
                }
            }
        }
        assignments = counts.assignments
        unknownPatients = counts.patients
        firstUnknownPatient = firstUnknown
        unknownSessionDays = counts.sessionDays
        unknownModalities = counts.modalities
    }

    /// Assignments that name a patient, time slot and modality of the instance.
    public var matched: Int { assignments - unknownPatients - unknownSessionDays - unknownModalities }

    /// True when the roster has assignments and not one of them names the instance: it belongs
    /// to another instance. (An empty roster matches trivially: keeping nothing is a fresh solve.)
    public var matchesNothing: Bool { assignments > 0 && matched == 0 }

    /// What did not match, e.g. "212 name unknown patients (the first at groups[0].patients[1]),
    /// 2 unknown session-days"; empty when all did.
    public var description: String {
        var parts: [String] = []
        if unknownPatients > 0 {
            let first = firstUnknownPatient.map { " (the first at \($0))" } ?? ""
            parts.append("\(unknownPatients) name unknown patients\(first)")
        }
        if unknownSessionDays > 0 { parts.append("\(unknownSessionDays) unknown session-days") }
        if unknownModalities > 0 { parts.append("\(unknownModalities) unlisted modalities") }
        return parts.joined(separator: ", ")
    }

    /// "kept 0 of 214 assignments: 212 name unknown patients, 2 unknown session-days", given how
    /// many assignments the re-planned roster kept.
    public func line(kept: Int) -> String {
        let unmatched = description
        return "kept \(kept) of \(assignments) assignments" + (unmatched.isEmpty ? "" : ": \(unmatched)")
    }

    /// The `match` member of the replanning summary.
    public var json: JSONValue {
        [
            "assignments": .integer(assignments), "matched": .integer(matched),
            "unknownPatients": .integer(unknownPatients),
            "unknownSessionDays": .integer(unknownSessionDays), "unknownModalities": .integer(unknownModalities),
        ]
    }
}
