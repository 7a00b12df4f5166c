import RosterKit

/// Who and what a roster uses, hour by hour: groups per time slot, clinicians' and rooms'
/// busy hours, each patient's hours. Groups the checker cannot place are left out, as the
/// objective leaves them out.
struct RosterOccupancy: Sendable {
    /// Placed groups of each time slot, in roster order.
    let groupsAt: [TimeSlot: [Group]]
    let clinicianSlots: [ClinicianID: Set<TimeSlot>]
    let roomSlots: [RoomID: Set<TimeSlot>]
    /// The time slots each patient sits in a group.
    let patientSlots: [PatientID: Set<TimeSlot>]

    init(_ roster: Roster, index: InstanceIndex) {
        var groupsAt: [TimeSlot: [Group]] = [:]
        var clinicianSlots: [ClinicianID: Set<TimeSlot>] = [:]
        var roomSlots: [RoomID: Set<TimeSlot>] = [:]
        var patientSlots: [PatientID: Set<TimeSlot>] = [:]
        for group in roster.groups where index.canPlace(group) {
            groupsAt[group.timeSlot, default: []].append(group)
            clinicianSlots[group.clinician, default: []].insert(group.timeSlot)
            if let room = group.room { roomSlots[room, default: []].insert(group.timeSlot) }
            for patient in group.patients where index.patients[patient] != nil {
                patientSlots[patient, default: []].insert(group.timeSlot)
            }
        }
        self.groupsAt = groupsAt
        self.clinicianSlots = clinicianSlots
        self.roomSlots = roomSlots
        self.patientSlots = patientSlots
    }

    /// Hours the patient is scheduled, as the checker counts them (distinct time slots).
    func scheduledHours(_ patient: PatientID) -> Int { patientSlots[patient]?.count ?? 0 }

    /// The session-days a patient attends.
    func sessionDays(of patient: PatientID) -> Set<SessionDay> { Set((patientSlots[patient] ?? []).map(\.sessionDay)) }

    /// Hours the clinician leads this week.
    func weekHours(_ clinician: ClinicianID) -> Int { clinicianSlots[clinician]?.count ?? 0 }

    /// Hours the clinician leads on one day.
    func dayHours(_ clinician: ClinicianID, day: String) -> Int {
        clinicianSlots[clinician]?.count { $0.day == day } ?? 0
    }

    func isBusy(_ clinician: ClinicianID, at slot: TimeSlot) -> Bool {
        clinicianSlots[clinician]?.contains(slot) ?? false
    }
    func isBusy(_ room: RoomID, at slot: TimeSlot) -> Bool { roomSlots[room]?.contains(slot) ?? false }
}
