// The pieces a re-planned roster is described in: a patient's session-day and a group that changed hands.

/// One patient on one session-day.
public struct PatientSessionDay: Hashable, Sendable {
    public var patient: PatientID
    public var sessionDay: SessionDay

    public init(patient: PatientID, sessionDay: SessionDay) {
        self.patient = patient
        self.sessionDay = sessionDay
    }
}

/// A group of the previous roster that runs on under another clinician or in another room.
public struct Reassignment: Hashable, Sendable {
    public var timeSlot: TimeSlot
    public var modality: Modality
    public var previousClinician: ClinicianID
    public var clinician: ClinicianID
    public var previousRoom: RoomID?
    public var room: RoomID?

    public init(
        timeSlot: TimeSlot, modality: Modality, previousClinician: ClinicianID, clinician: ClinicianID,
        previousRoom: RoomID?, room: RoomID?
    ) {
        self.timeSlot = timeSlot
        self.modality = modality
        self.previousClinician = previousClinician
        self.clinician = clinician
        self.previousRoom = previousRoom
        self.room = room
    }
}
