import RosterKit

/// Small clinics where one hard rule decides the optimum, computed by hand.
///
/// The base: one day, one one-hour session, groups of 8 to 12, clinician c1 trained in CBT,
/// patients on the CBT track with one weekly hour. Ten such patients make one group: total 2.
struct BindingCase: Sendable, CustomStringConvertible {
    var description: String
    var instance: Instance
    /// The optimal objective total under the default weights.
    var optimum: Double

    static func clinic(
        patients count: Int = 10, days: [String] = ["Mon"],
        sessions: [Session] = [Session(id: "AM", start: "09:00", hours: 1)],
        clinicians: [Clinician] = [Clinician(id: "c1", modalities: ["CBT"])], rooms: [Room] = [],
        policy: Policy = Policy(),
        patient: (Int) -> Patient = { Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 1) }
    ) -> Instance {
        Instance(
            name: "binding", days: days, sessions: sessions, policy: policy, clinicians: clinicians, rooms: rooms,
            patients: (1...max(count, 1)).prefix(count).map(patient))
    }

    static let all: [BindingCase] = [
        BindingCase(description: "base: one group of ten", instance: clinic(), optimum: 2),
        BindingCase(
            description: "group minimum: seven patients form no group", instance: clinic(patients: 7), optimum: 7000),
        BindingCase(
            description: "group maximum: thirteen patients, one clinician", instance: clinic(patients: 13),
            optimum: 1002),
        BindingCase(
            description: "per-modality size: DBT groups of 6 to 7",
            instance: clinic(
                patients: 8, clinicians: [Clinician(id: "c1", modalities: ["DBT"])],
                policy: Policy(groupSize: ["DBT": GroupSizeOverride(min: 6, max: 7)])
            ) {
                Patient(id: PatientID("p\($0)"), track: "DBT", weeklyHours: 1)
            }, optimum: 1002),
        BindingCase(
            description: "cohorts: six adults and six adolescents never mix",
            instance: clinic(
                patients: 12,
                clinicians: [Clinician(id: "c1", modalities: ["CBT"]), Clinician(id: "c2", modalities: ["CBT"])]
            ) {
                Patient(id: PatientID("p\($0)"), cohort: $0 <= 6 ? "adult" : "adolescent", track: "CBT", weeklyHours: 1)
            }, optimum: 12_000),
        BindingCase(
            description: "training: DBT patients, only a CBT clinician",
            instance: clinic { Patient(id: PatientID("p\($0)"), track: "DBT", weeklyHours: 1) }, optimum: 102),
        BindingCase(
            description: "training: the secondary choice is cheaper than another modality",
            instance: clinic { Patient(id: PatientID("p\($0)"), track: "DBT", secondary: "CBT", weeklyHours: 1) },
            optimum: 32),
        BindingCase(
            description: "clinician availability: only on Tuesday, patients only on Monday",
            instance: clinic(
                days: ["Mon", "Tue"],
                clinicians: [
                    Clinician(
                        id: "c1", modalities: ["CBT"],
                        availability: Availability([AvailabilityPattern(day: "Tue", session: nil)]))
                ]
            ) {
                Patient(
                    id: PatientID("p\($0)"), track: "CBT", weeklyHours: 1,
                    availability: Availability([AvailabilityPattern(day: "Mon", session: nil)]))
            }, optimum: 10_000),
        BindingCase(
            description: "one group per clinician per hour: twenty patients", instance: clinic(patients: 20),
            optimum: 8002),
        BindingCase(
            description: "clinician weekly limit: one hour over two days",
            instance: clinic(
                days: ["Mon", "Tue"], clinicians: [Clinician(id: "c1", modalities: ["CBT"], maxHoursPerWeek: 1)]
            ) {
                Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 2)
            }, optimum: 10_002),
        BindingCase(
            description: "clinician daily limit: one hour of a two-hour session",
            instance: clinic(
                sessions: [Session(id: "AM", start: "09:00", hours: 2)],
                clinicians: [Clinician(id: "c1", modalities: ["CBT"], maxHoursPerDay: 1)]
            ) {
                Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 2)
            }, optimum: 20_000),
        BindingCase(
            description: "room capacity: nine seats for ten", instance: clinic(rooms: [Room(id: "R1", capacity: 9)]),
            optimum: 1002),
        BindingCase(
            description: "room availability: the only room is free on Tuesday",
            instance: clinic(
                days: ["Mon", "Tue"],
                rooms: [
                    Room(
                        id: "R1", capacity: 12,
                        availability: Availability([AvailabilityPattern(day: "Tue", session: nil)]))
                ]
            ) {
                Patient(
                    id: PatientID("p\($0)"), track: "CBT", weeklyHours: 1,
                    availability: Availability([AvailabilityPattern(day: "Mon", session: nil)]))
            }, optimum: 10_000),
        BindingCase(
            description: "one group per room per hour: two clinicians, one room",
            instance: clinic(
                patients: 20,
                clinicians: [Clinician(id: "c1", modalities: ["CBT"]), Clinician(id: "c2", modalities: ["CBT"])],
                rooms: [Room(id: "R1", capacity: 12)]),
            optimum: 8002),
        BindingCase(
            description: "patient availability: never",
            instance: clinic {
                Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 1, availability: Availability([]))
            }, optimum: 10_000),
        BindingCase(
            description: "weekly hours: zero",
            instance: clinic { Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 0) }, optimum: 0),
        BindingCase(
            description: "days a week: two hours, at most one day",
            instance: clinic(days: ["Mon", "Tue"]) {
                Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 2, maxDaysPerWeek: 1)
            },
            optimum: 10_002),
        BindingCase(
            description: "one session a day: two sessions, one day",
            instance: clinic(sessions: [
                Session(id: "AM", start: "09:00", hours: 1), Session(id: "PM", start: "13:00", hours: 1),
            ]) {
                Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 2)
            }, optimum: 10_002),
        BindingCase(
            description: "full sessions: three weekly hours, two-hour sessions",
            instance: clinic(sessions: [Session(id: "AM", start: "09:00", hours: 2)]) {
                Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 3)
            },
            optimum: 10_004),
        BindingCase(
            description: "same modality a day: at most two CBT hours of three",
            instance: clinic(
                sessions: [Session(id: "AM", start: "09:00", hours: 3)],
                clinicians: [Clinician(id: "c1", modalities: ["CBT", "Mindfulness"])]
            ) {
                Patient(id: PatientID("p\($0)"), track: "CBT", secondary: "Mindfulness", weeklyHours: 3)
            }, optimum: 36),
        BindingCase(
            description: "separation: nine patients, two kept apart, one clinician",
            instance: clinic(patients: 9) {
                Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 1, separateFrom: $0 == 1 ? ["p2"] : [])
            },
            optimum: 1002),
        BindingCase(
            description: "continuity: last week on Tuesday",
            instance: clinic(days: ["Mon", "Tue"]) {
                Patient(
                    id: PatientID("p\($0)"), track: "CBT", weeklyHours: 1,
                    previous: [SessionDay(day: "Tue", session: "AM")])
            }, optimum: 2),
    ]
}
