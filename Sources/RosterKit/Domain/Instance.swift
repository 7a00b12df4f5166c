/// One week's planning problem: calendar, policy, clinicians, rooms and patients.
///
/// An `Instance` built by ``InstanceDecoder`` is valid: ids are unique, every reference
/// resolves, sizes and hours are in range.
public struct Instance: Hashable, Sendable {
    /// The instance's name, echoed in its rosters, or `nil` when it has none.
    public var name: String?
    /// ISO date (`YYYY-MM-DD`) of the week's first day, for calendar exports.
    public var weekOf: String?
    /// The program's days, in order (`["Mon", "Tue", ...]`).
    public var days: [String]
    /// The daily sessions, in their listed order.
    public var sessions: [Session]
    /// The group types this instance runs (``Modality/defaults`` when the file lists none).
    public var modalities: [Modality]
    /// Group sizes, limits and the objective's weights.
    public var policy: Policy
    /// The clinicians who may lead groups.
    public var clinicians: [Clinician]
    /// Empty when rooms are not planned.
    public var rooms: [Room]
    /// The patients to plan this week.
    public var patients: [Patient]

    /// Builds an instance from its parts; it is not validated (``InstanceDecoder`` validates files).
    public init(
        name: String? = nil, weekOf: String? = nil, days: [String], sessions: [Session],
        modalities: [Modality] = Modality.defaults, policy: Policy = Policy(), clinicians: [Clinician],
        rooms: [Room] = [], patients: [Patient]
    ) {
        self.name = name
        self.weekOf = weekOf
        self.days = days
        self.sessions = sessions
        self.modalities = modalities
        self.policy = policy
        self.clinicians = clinicians
        self.rooms = rooms
        self.patients = patients
    }

    /// Whether groups need rooms (the instance lists at least one).
    public var plansRooms: Bool { !rooms.isEmpty }

    /// Every session-day of the week, day by day, sessions in their listed order.
    public var sessionDays: [SessionDay] {
        days.flatMap { day in sessions.map { SessionDay(day: day, session: $0.id) } }
    }

    /// Every time slot of the week, in calendar order.
    public var timeSlots: [TimeSlot] {
        days.flatMap { day in
            sessions.flatMap { session in
                session.slots.map { TimeSlot(SessionDay(day: day, session: session.id), slot: $0) }
            }
        }
    }

    /// The session with id `id` as spelled, or `nil` when there is none.
    public func session(_ id: String) -> Session? { sessions.first { Spelling($0.id) == Spelling(id) } }
    /// The patient with `id`, or `nil` when there is none (a linear search; see ``InstanceIndex``).
    public func patient(_ id: PatientID) -> Patient? { patients.first { $0.id == id } }
    /// The clinician with `id`, or `nil` when there is none (a linear search; see ``InstanceIndex``).
    public func clinician(_ id: ClinicianID) -> Clinician? { clinicians.first { $0.id == id } }
    /// The room with `id`, or `nil` when there is none (a linear search; see ``InstanceIndex``).
    public func room(_ id: RoomID) -> Room? { rooms.first { $0.id == id } }

    /// Pairs who must never share a group, symmetric: `separations[a]` contains `b` iff `b`'s contains `a`.
    public var separations: [PatientID: Set<PatientID>] {
        var result: [PatientID: Set<PatientID>] = [:]
        for patient in patients {
            for other in patient.separateFrom where other != patient.id {
                result[patient.id, default: []].insert(other)
                result[other, default: []].insert(patient.id)
            }
        }
        return result
    }
}
