/// Valid instances that are extreme in one dimension, for checking that the planner keeps its
/// time limit (issue 16): thousands of modalities, of session-days or of rooms, or one patient
/// available everywhere who must be kept apart from thousands of others.
///
/// Each family is built without randomness: the same family and size give the same instance.
///
/// ```swift
/// let instance = StressInstance.separations.instance(size: 10_000)
/// ```
public enum StressInstance: String, CaseIterable, Sendable {
    /// `size` modalities beyond CBT and DBT, every clinician trained in all of them, and each
    /// patient's second choice one of them.
    case modalities
    /// At least `size` session-days: 24 one-hour sessions a day over as many days as it takes.
    case sessions
    /// `size` rooms for a 600-patient week.
    case rooms
    /// Patient `p0`, available at every session-day, separated from `size` others (who need
    /// the clinicians and rooms of a `size`-patient week).
    case separations

    /// The size the issue measured each family at.
    public var defaultSize: Int {
        switch self {
        case .modalities: 5_000
        case .sessions: 2_400
        case .rooms: 5_000
        case .separations: 10_000
        }
    }

    /// The largest size accepted, so a typo cannot ask for a file of gigabytes.
    public static let maximumSize = 100_000

    /// The instance of this family at `size` (1 to ``maximumSize``), named `stress-<family>-<size>`.
    public func instance(size: Int) -> Instance {
        let size = min(max(size, 1), Self.maximumSize)
        var instance: Instance
        switch self {
        case .modalities:
            let extra = (1...size).map { Modality(rawValue: "X\($0)") }
            instance = Self.week(
                patients: 400, clinicians: 40, rooms: 30,
                patient: { index in
                    Patient(
                        id: Self.patient(index), track: index % 2 == 0 ? "CBT" : "DBT", secondary: extra[index % size],
                        weeklyHours: 9)
                })
            instance.modalities = ["CBT", "DBT"] + extra
            instance.clinicians = instance.clinicians.map { clinician in
                var clinician = clinician
                clinician.modalities += extra
                return clinician
            }
        case .sessions:
            let dayCount = (size + 23) / 24
            instance = Self.week(patients: 200, clinicians: 30, rooms: 30, maxHoursPerWeek: 40)
            instance.days = (1...dayCount).map { "D\($0)" }
            instance.sessions = (0..<24).map { hour in
                let start = hour < 10 ? "0\(hour):00" : "\(hour):00"
                return Session(id: "H\(start.prefix(2))", start: start, hours: 1)
            }
        case .rooms:
            instance = Self.week(patients: 600, clinicians: 60, rooms: size)
        case .separations:
            // A group-hour seats about 10; 30 slots a week (two sessions); 30% to spare.
            let concurrentGroups = (9 * (size + 1) / 10 + 29) / 30
            let resources = max(2, concurrentGroups * 13 / 10)
            instance = Self.week(
                patients: size + 1, clinicians: resources, rooms: resources, maxHoursPerWeek: 30,
                patient: { index in
                    var patient = Self.standardPatient(index)
                    if index == 0 { patient.separateFrom = (1...size).map(Self.patient) }
                    return patient
                })
            instance.sessions = [
                Session(id: "AM", start: "09:00", hours: 3), Session(id: "PM", start: "14:00", hours: 3),
            ]
        }
        instance.name = "stress-\(rawValue)-\(size)"
        return instance
    }

    private static func patient(_ index: Int) -> PatientID { PatientID("p\(index)") }

    private static func standardPatient(_ index: Int) -> Patient {
        Patient(
            id: patient(index), track: index % 2 == 0 ? "CBT" : "DBT", secondary: index % 2 == 0 ? "DBT" : "CBT",
            weeklyHours: 9)
    }

    /// Monday to Friday mornings, CBT and DBT, every clinician trained in both, rooms of 8 to 14.
    private static func week(
        patients: Int, clinicians: Int, rooms: Int, maxHoursPerWeek: Int = 15,
        patient: (Int) -> Patient = standardPatient
    ) -> Instance {
        Instance(
            weekOf: "2026-11-30", days: InstanceGenerator.days, sessions: [Session(id: "AM", start: "09:00", hours: 3)],
            modalities: ["CBT", "DBT"],
            clinicians: (1...clinicians).map {
                Clinician(id: ClinicianID("c\($0)"), modalities: ["CBT", "DBT"], maxHoursPerWeek: maxHoursPerWeek)
            },
            rooms: (1...rooms).map { Room(id: RoomID("R\($0)"), capacity: 8 + $0 % 7) },
            patients: (0..<patients).map(patient))
    }
}
