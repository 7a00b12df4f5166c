/// Constant-time lookups into an ``Instance``, built once and shared by the checker and solvers.
/// Names are looked up as spelled (``Spelling``): `sessions["AM"]` takes a `String`.
public struct InstanceIndex: Sendable {
    public let instance: Instance
    public let patients: [PatientID: Patient]
    public let clinicians: [ClinicianID: Clinician]
    public let rooms: [RoomID: Room]
    public let sessions: [Spelling: Session]
    /// Position of each day in the week, for calendar order.
    public let dayOrder: [Spelling: Int]
    /// Position of each session in the day, for calendar order.
    public let sessionOrder: [Spelling: Int]
    public let separations: [PatientID: Set<PatientID>]

    public init(_ instance: Instance) {
        self.instance = instance
        patients = Dictionary(instance.patients.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        clinicians = Dictionary(instance.clinicians.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        rooms = Dictionary(instance.rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sessions = Dictionary(instance.sessions.map { (Spelling($0.id), $0) }, uniquingKeysWith: { first, _ in first })
        dayOrder = Dictionary(instance.days.enumerated().map { (Spelling($1), $0) }, uniquingKeysWith: { first, _ in first })
        sessionOrder = Dictionary(instance.sessions.enumerated().map { (Spelling($1.id), $0) }, uniquingKeysWith: { first, _ in first })
        separations = instance.separations
    }

    public func mustSeparate(_ first: PatientID, _ second: PatientID) -> Bool {
        separations[first]?.contains(second) ?? false
    }

    /// Sort key putting time slots in calendar order (day, then session, then slot).
    public func calendarKey(_ slot: TimeSlot) -> (Int, Int, Int) {
        (dayOrder[slot.day] ?? Int.max, sessionOrder[slot.session] ?? Int.max, slot.slot)
    }
}
