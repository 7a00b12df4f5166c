// The pieces a re-planned roster is described in: a patient's session-day and a group that changed hands.

/// One patient on one session-day.
public struct PatientSessionDay: Hashable, Sendable {
    /// The patient.
    public var patient: PatientID
    /// The session-day.
    public var sessionDay: SessionDay

    /// Builds the pair.
    public init(patient: PatientID, sessionDay: SessionDay) {
        self.patient = patient
        self.sessionDay = sessionDay
    }
}

/// A group of the previous roster that runs on under another clinician or in another room.
public struct Reassignment: Hashable, Sendable {
    /// The group's hour.
    public var timeSlot: TimeSlot
    /// The group's modality.
    public var modality: Modality
    /// Who led the group in the previous roster.
    public var previousClinician: ClinicianID
    /// Who leads it in the re-planned roster (may equal ``previousClinician`` when only the room changed).
    public var clinician: ClinicianID
    /// The room in the previous roster, or `nil` when rooms were not planned.
    public var previousRoom: RoomID?
    /// The room in the re-planned roster, or `nil` when rooms are not planned.
    public var room: RoomID?

    /// Builds a reassignment of the group at `timeSlot`.
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
