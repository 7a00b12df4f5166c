/// Constant-time lookups into an ``Instance``, built once and shared by the checker and solvers.
/// Names are looked up as spelled (``Spelling``): `sessions["AM"]` takes a `String`.
public struct InstanceIndex: Sendable {
    /// The instance the index was built from.
    public let instance: Instance
    /// Patients by id (the first one when an id repeats).
    public let patients: [PatientID: Patient]
    /// Clinicians by id (the first one when an id repeats).
    public let clinicians: [ClinicianID: Clinician]
    /// Rooms by id; empty when rooms are not planned.
    public let rooms: [RoomID: Room]
    /// Sessions by their id as spelled.
    public let sessions: [Spelling: Session]
    /// Position of each day in the week, for calendar order.
    public let dayOrder: [Spelling: Int]
    /// Position of each session in the day, for calendar order.
    public let sessionOrder: [Spelling: Int]
    /// Who must never share a group with whom, symmetric (``Instance/separations``).
    public let separations: [PatientID: Set<PatientID>]
    /// The modalities each clinician leads, as a set: clinicians may list thousands.
    public let trainedModalities: [ClinicianID: Set<Modality>]
    /// The instance's modalities, as a set.
    public let modalities: Set<Modality>
    /// Position in ``Instance/patients`` of the patient each id names (the first one when an id
    /// repeats), so a pass over a roster can look each seat up once and then count by position.
    public let patientPositions: [PatientID: Int]
    /// One more than the longest session's slot count: the stride of ``slotNumber(_:)``, so that
    /// `number / sessionDayStride` is the number of the slot's session-day.
    public let sessionDayStride: Int

    /// Builds the lookups of `instance` in one pass over each list.
    public init(_ instance: Instance) {
        self.instance = instance
        patients = Dictionary(instance.patients.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        patientPositions = Dictionary(
            instance.patients.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        sessionDayStride = (instance.sessions.map(\.hours).max() ?? 0) + 1
        clinicians = Dictionary(instance.clinicians.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        rooms = Dictionary(instance.rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sessions = Dictionary(instance.sessions.map { (Spelling($0.id), $0) }, uniquingKeysWith: { first, _ in first })
        dayOrder = Dictionary(
            instance.days.enumerated().map { (Spelling($1), $0) }, uniquingKeysWith: { first, _ in first })
        sessionOrder = Dictionary(
            instance.sessions.enumerated().map { (Spelling($1.id), $0) }, uniquingKeysWith: { first, _ in first })
        separations = instance.separations
        modalities = Set(instance.modalities)
        trainedModalities = Dictionary(
            instance.clinicians.map { ($0.id, Set($0.modalities)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the clinician is trained in the modality, in constant time (`Clinician.isTrained(in:)` is linear).
    public func isTrained(_ clinician: ClinicianID, in modality: Modality) -> Bool {
        trainedModalities[clinician]?.contains(modality) ?? false
    }

    /// Whether `first` and `second` must never sit in the same group (either side may have named the other).
    public func mustSeparate(_ first: PatientID, _ second: PatientID) -> Bool {
        separations[first]?.contains(second) ?? false
    }

    /// A number for a time slot of a listed day and session, equal for equal slots and distinct
    /// for distinct ones (nil for an unlisted day or session): cheaper to compare and count than
    /// the slot's names. Slots of one session-day share `number / sessionDayStride`.
    public func slotNumber(_ slot: TimeSlot) -> Int? {
        guard let day = dayOrder[slot.day], let session = sessionOrder[slot.session], slot.slot >= 0,
            slot.slot < sessionDayStride
        else { return nil }
        return (day * instance.sessions.count + session) * sessionDayStride + slot.slot
    }

    /// Sort key putting time slots in calendar order (day, then session, then slot).
    public func calendarKey(_ slot: TimeSlot) -> (Int, Int, Int) {
        (dayOrder[slot.day] ?? Int.max, sessionOrder[slot.session] ?? Int.max, slot.slot)
    }
}
