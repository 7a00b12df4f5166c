/// One hour of one patient's week: a time slot and the modality of the group they sit in.
///
/// Re-planning keeps a patient-hour when the patient sits at the same time slot in a group of
/// the same modality; a group that only changed clinician or room keeps its patients' hours.
public struct PatientHour: Hashable, Comparable, Sendable {
    /// The patient.
    public var patient: PatientID
    /// The hour.
    public var timeSlot: TimeSlot
    /// The modality of the group the patient sits in.
    public var modality: Modality

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.patient, lhs.timeSlot, lhs.modality) < (rhs.patient, rhs.timeSlot, rhs.modality)
    }
}

extension PatientHour {
    /// The hour `patient` spends in `group`: the group's time slot and modality.
    public init(_ patient: PatientID, in group: Group) {
        self.init(patient: patient, timeSlot: group.timeSlot, modality: group.modality)
    }
}

extension Roster {
    /// Every patient-hour of the roster, with the group each sits in.
    public func patientHours() -> [PatientHour: Group] {
        var result: [PatientHour: Group] = [:]
        for group in groups {
            for patient in group.patients {
                let hour = PatientHour(patient, in: group)
                if result[hour] == nil { result[hour] = group }
            }
        }
        return result
    }
}
