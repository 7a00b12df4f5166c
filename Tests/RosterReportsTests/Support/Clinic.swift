import Foundation
import RosterKit

/// Small hand-made clinics where one reason at a time is the true cause.
enum Clinic {
    static func sd(_ text: String) -> SessionDay { SessionDay(parsing: text)! }

    static func only(_ patterns: String...) -> Availability {
        Availability(patterns.map { AvailabilityPattern(parsing: $0)! })
    }

    /// Mon, Tue, Wed mornings of three hours; groups of 2 to 3; at most 2 groups of a modality a day.
    static func instance(
        clinicians: [Clinician] = [Clinician(id: "c1", modalities: ["CBT", "Mindfulness"])], rooms: [Room] = [],
        patients: [Patient], policy: Policy = Policy(minGroupSize: 2, maxGroupSize: 3, maxSameModalityPerDay: 2),
        weekOf: String? = nil
    ) -> Instance {
        Instance(
            name: "clinic", weekOf: weekOf, days: ["Mon", "Tue", "Wed"],
            sessions: [Session(id: "AM", start: "09:00", hours: 3)],
            policy: policy, clinicians: clinicians, rooms: rooms, patients: patients)
    }

    /// A whole session at `sessionDay`: CBT, CBT, Mindfulness, one group an hour.
    static func session(
        _ sessionDay: String, _ patients: [PatientID], clinician: ClinicianID = "c1", room: RoomID? = nil,
        cohort: String = Patient.defaultCohort
    ) -> [Group] {
        let modalities: [Modality] = ["CBT", "CBT", "Mindfulness"]
        return modalities.enumerated().map { offset, modality in
            Group(
                timeSlot: TimeSlot(sd(sessionDay), slot: offset + 1), modality: modality, cohort: cohort,
                clinician: clinician,
                room: room, patients: patients)
        }
    }
}
