import RosterKit

/// A clinic whose people have names that need escaping in every format, with a calendar week.
enum NamedClinic {
    static let patientNames: [PatientID: String] = [
        "p1": "Zelda \"Zee\" Quartermaine",
        "p2": "Yorick, Pemberton; Jr.",
        "p3": "<script>alert('x')</script> & Co",
        "p4": "Wilhelmina Back\\slash\nNewline",
    ]
    static let clinicianNames: [ClinicianID: String] = [
        "c1": "Dr. Ophelia Rainsworth-Vantongeren, LCSW; PhD, Department of Behavioural Health Services",
        "c2": "Tomas Reyes, LMFT",
    ]

    /// Distinctive words of every name, none of which may appear when pseudonymizing.
    static let nameWords = [
        "Zelda", "Quartermaine", "Yorick", "Pemberton", "alert", "Wilhelmina", "Ophelia", "Rainsworth", "Tomas",
        "Reyes",
    ]

    static let instance = Instance(
        name: "named clinic, week 48", weekOf: "2026-11-30", days: ["Mon", "Tue", "Wed"],
        sessions: [Session(id: "AM", start: "09:00", hours: 3), Session(id: "EVE", start: "22:30", hours: 2)],
        policy: Policy(minGroupSize: 2, maxGroupSize: 3, maxSameModalityPerDay: 2),
        clinicians: [
            Clinician(id: "c1", name: clinicianNames["c1"], modalities: ["CBT", "Mindfulness"]),
            Clinician(id: "c2", name: clinicianNames["c2"], modalities: ["DBT", "Mindfulness"]),
        ],
        rooms: [Room(id: "R1", capacity: 3), Room(id: "R,2", capacity: 3)],
        patients: [
            Patient(id: "p1", name: patientNames["p1"], track: "CBT", weeklyHours: 6),
            Patient(id: "p2", name: patientNames["p2"], track: "CBT", weeklyHours: 5),
            Patient(id: "p3", name: patientNames["p3"], track: "DBT", weeklyHours: 3),
            Patient(id: "p4", name: patientNames["p4"], track: "DBT", weeklyHours: 2),
            Patient(id: "p5", track: "DBT", weeklyHours: 6),
        ])

    /// Mon-AM: a CBT session (c1, R1) for p1 and p2 beside a DBT one (c2, R,2) for p3 and p5;
    /// Tue-EVE (22:30, past midnight): p4 and p5 with c2.
    static let roster: Roster = {
        func group(
            _ sessionDay: String, _ slot: Int, _ modality: Modality, _ clinician: ClinicianID, _ room: RoomID,
            _ patients: [PatientID]
        ) -> Group {
            Group(
                timeSlot: TimeSlot(SessionDay(parsing: sessionDay)!, slot: slot), modality: modality,
                clinician: clinician, room: room, patients: patients)
        }
        return Roster(groups: [
            group("Mon-AM", 1, "CBT", "c1", "R1", ["p1", "p2"]),
            group("Mon-AM", 2, "CBT", "c1", "R1", ["p1", "p2"]),
            group("Mon-AM", 3, "Mindfulness", "c1", "R1", ["p1", "p2"]),
            group("Mon-AM", 1, "DBT", "c2", "R,2", ["p3", "p5"]),
            group("Mon-AM", 2, "DBT", "c2", "R,2", ["p3", "p5"]),
            group("Mon-AM", 3, "Mindfulness", "c2", "R,2", ["p3", "p5"]),
            group("Tue-EVE", 1, "DBT", "c2", "R1", ["p4", "p5"]),
            group("Tue-EVE", 2, "Mindfulness", "c2", "R1", ["p4", "p5"]),
        ])
    }()

    /// Every patient-hour of the roster as (day, session, slot, modality, clinician, room, patient).
    static var patientHours: [[String]] {
        roster.groups.flatMap { group in
            group.patients.map { patient in
                [
                    group.timeSlot.day, group.timeSlot.session, String(group.timeSlot.slot), group.modality.rawValue,
                    group.clinician.rawValue, group.room?.rawValue ?? "", patient.rawValue,
                ]
            }
        }
    }
}
