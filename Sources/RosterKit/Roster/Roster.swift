/// One group meeting: one hour, one modality, one clinician, maybe one room, its patients.
public struct Group: Hashable, Sendable {
    /// The hour the group meets.
    public var timeSlot: TimeSlot
    /// The group's modality.
    public var modality: Modality
    /// The cohort all its patients belong to (`adult` unless given).
    public var cohort: String
    /// The clinician who leads it.
    public var clinician: ClinicianID
    /// `nil` exactly when the instance plans no rooms.
    public var room: RoomID?
    /// Its patients, distinct in a valid roster.
    public var patients: [PatientID]

    /// Builds a group; its cohort defaults to ``Patient/defaultCohort``, its room to none.
    public init(
        timeSlot: TimeSlot, modality: Modality, cohort: String = Patient.defaultCohort, clinician: ClinicianID,
        room: RoomID? = nil, patients: [PatientID]
    ) {
        self.timeSlot = timeSlot
        self.modality = modality
        self.cohort = cohort
        self.clinician = clinician
        self.room = room
        self.patients = patients
    }

    /// The number of patients.
    public var size: Int { patients.count }
}

/// A week's plan: the groups. Everything else a roster file carries is informative.
public struct Roster: Hashable, Sendable {
    /// The `instance` name the file names, if any.
    public var instanceName: String?
    /// The groups, each one hour; the whole plan.
    public var groups: [Group]

    /// Builds a roster of `groups`.
    public init(instanceName: String? = nil, groups: [Group]) {
        self.instanceName = instanceName
        self.groups = groups
    }

    /// The roster with no groups, always valid (every hour unmet).
    public static let empty = Roster(groups: [])

    /// The same groups in calendar order, then by modality, cohort, clinician: a stable order for files.
    public func sorted(by index: InstanceIndex) -> Roster {
        var copy = self
        copy.groups = groups.map { group in
            var group = group
            group.patients.sort()
            return group
        }.sorted { lhs, rhs in
            let left = index.calendarKey(lhs.timeSlot)
            let right = index.calendarKey(rhs.timeSlot)
            if left != right { return left < right }
            return (lhs.modality, Spelling(lhs.cohort), lhs.clinician) < (
                rhs.modality, Spelling(rhs.cohort), rhs.clinician
            )
        }
        return copy
    }

    /// For each patient, the time slots they attend and the modality of each.
    public func schedule() -> [PatientID: [TimeSlot: Modality]] {
        var result: [PatientID: [TimeSlot: Modality]] = [:]
        for group in groups {
            for patient in group.patients { result[patient, default: [:]][group.timeSlot] = group.modality }
        }
        return result
    }
}
