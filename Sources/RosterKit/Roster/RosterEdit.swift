/// One change a person makes to a roster by hand: move a patient to another group, swap two
/// patients, or give a group another clinician or room. Groups are named by their position in
/// the roster's `groups`.
///
/// Applying an edit only checks that it can be made (the groups exist, the patient is where the
/// edit says); whether the result keeps the hard rules is the ``RosterChecker``'s to say.
///
/// ```swift
/// let edited = try RosterEdit.move(patient: "p017", from: 3, to: 12).applied(to: roster)
/// let report = RosterChecker(instance).check(edited)
/// ```
public enum RosterEdit: Hashable, Sendable, CustomStringConvertible {
    /// Moves `patient` from group `from` to group `to`.
    case move(patient: PatientID, from: Int, to: Int)
    /// Swaps the first patient, in `group`, with the second, in `otherGroup`.
    case swap(PatientID, group: Int, with: PatientID, otherGroup: Int)
    /// Gives group `group` another clinician.
    case clinician(group: Int, ClinicianID)
    /// Gives group `group` another room.
    case room(group: Int, RoomID)

    /// The roster with the edit made; throws when it cannot be made as asked.
    public func applied(to roster: Roster) throws(RosterEditError) -> Roster {
        var roster = roster
        switch self {
        case .move(let patient, let from, let to):
            try Self.check(from, in: roster, field: "from")
            try Self.check(to, in: roster, field: "to")
            guard from != to else {
                throw RosterEditError(field: "to", message: "the group to move to is the group the patient is in")
            }
            try Self.remove(patient, from: from, in: &roster, field: "patient")
            guard !roster.groups[to].patients.contains(patient) else {
                throw RosterEditError(field: "to", message: "\(patient) is already in group \(to)")
            }
            roster.groups[to].patients.append(patient)
        case .swap(let first, let firstGroup, let second, let secondGroup):
            try Self.check(firstGroup, in: roster, field: "group")
            try Self.check(secondGroup, in: roster, field: "otherGroup")
            guard first != second else {
                throw RosterEditError(field: "other", message: "a swap needs two different patients")
            }
            guard firstGroup != secondGroup else {
                throw RosterEditError(field: "otherGroup", message: "the two patients are in the same group")
            }
            try Self.remove(first, from: firstGroup, in: &roster, field: "patient")
            try Self.remove(second, from: secondGroup, in: &roster, field: "other")
            guard !roster.groups[firstGroup].patients.contains(second),
                !roster.groups[secondGroup].patients.contains(first)
            else {
                throw RosterEditError(
                    field: "other", message: "one of the two patients is already in the other's group")
            }
            roster.groups[firstGroup].patients.append(second)
            roster.groups[secondGroup].patients.append(first)
        case .clinician(let group, let clinician):
            try Self.check(group, in: roster, field: "group")
            guard roster.groups[group].clinician != clinician else {
                throw RosterEditError(field: "clinician", message: "\(clinician) already leads group \(group)")
            }
            roster.groups[group].clinician = clinician
        case .room(let group, let room):
            try Self.check(group, in: roster, field: "group")
            guard roster.groups[group].room != room else {
                throw RosterEditError(field: "room", message: "group \(group) already meets in \(room)")
            }
            roster.groups[group].room = room
        }
        return roster
    }

    /// The edit in words, by ids (no patient names): `move p017 from group 3 to group 12`.
    public var description: String {
        switch self {
        case .move(let patient, let from, let to): "move \(patient) from group \(from) to group \(to)"
        case .swap(let first, let firstGroup, let second, let secondGroup):
            "swap \(first) (group \(firstGroup)) with \(second) (group \(secondGroup))"
        case .clinician(let group, let clinician): "give group \(group) to clinician \(clinician)"
        case .room(let group, let room): "move group \(group) to room \(room)"
        }
    }

    private static func check(_ group: Int, in roster: Roster, field: String) throws(RosterEditError) {
        guard roster.groups.indices.contains(group) else {
            throw RosterEditError(field: field, message: "expected a group number from 0 to \(roster.groups.count - 1)")
        }
    }

    private static func remove(_ patient: PatientID, from group: Int, in roster: inout Roster, field: String)
        throws(RosterEditError)
    {
        guard let position = roster.groups[group].patients.firstIndex(of: patient) else {
            throw RosterEditError(field: field, message: "\(patient) is not in group \(group)")
        }
        roster.groups[group].patients.remove(at: position)
    }
}

/// Why an edit cannot be made: the form field at fault and what was wrong, by ids only.
public struct RosterEditError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The form field at fault (`patient`, `to`).
    public var field: String
    /// What was expected there.
    public var message: String

    public var description: String { "\(field): \(message)" }
}
