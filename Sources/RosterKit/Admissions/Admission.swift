/// One way to place a new patient into a week's roster.
public struct AdmissionOption: Hashable, Sendable {
    /// How the option changes the roster.
    public enum Kind: String, Sendable {
        /// The patient joins groups with a free seat; nobody else moves.
        case addOnly = "add-only"
        /// Other patients' hours move so that the patient fits (a re-planning around the roster).
        case reseat = "reseat"
    }

    /// Whether other patients move.
    public var kind: Kind
    /// The session-days the new patient attends, in calendar order.
    public var sessionDays: [SessionDay]
    /// The groups the new patient sits in, in calendar order.
    public var seats: [AdmissionSeat]
    /// The whole roster with the option applied; it passes every hard rule.
    public var roster: Roster
    /// The objective's counts before (the roster as it was, the patient on the books but seated
    /// nowhere) and after the option.
    public var before: ObjectiveTerms
    /// The counts with the option applied.
    public var after: ObjectiveTerms
    /// Other patients whose groups change (ids only), sorted.
    public var moved: [PatientID]

    /// Builds an option.
    public init(
        kind: Kind, sessionDays: [SessionDay], seats: [AdmissionSeat], roster: Roster, before: ObjectiveTerms,
        after: ObjectiveTerms, moved: [PatientID]
    ) {
        self.kind = kind
        self.sessionDays = sessionDays
        self.seats = seats
        self.roster = roster
        self.before = before
        self.after = after
        self.moved = moved
    }

    /// Hours of the new patient's prescription the option places.
    public var placedHours: Int { seats.count }

    /// The change of the objective's total under `weights` (negative is better).
    public func totalChange(_ weights: Weights) -> Double { after.total(weights) - before.total(weights) }
}

/// A group the new patient joins.
public struct AdmissionSeat: Hashable, Sendable {
    /// The group's hour.
    public var timeSlot: TimeSlot
    /// The group's modality.
    public var modality: Modality
    /// The group's clinician.
    public var clinician: ClinicianID
    /// The group's room, or `nil` when rooms are not planned.
    public var room: RoomID?
    /// The group's size once the patient has joined.
    public var size: Int

    /// Builds a seat.
    public init(timeSlot: TimeSlot, modality: Modality, clinician: ClinicianID, room: RoomID?, size: Int) {
        self.timeSlot = timeSlot
        self.modality = modality
        self.clinician = clinician
        self.room = room
        self.size = size
    }
}

/// The options found for one admission, best first: add-only options, then options that move others.
public struct AdmissionSearch: Sendable {
    /// The patient to admit (already in the instance, seated nowhere).
    public var patient: PatientID
    /// The prescription to place.
    public var weeklyHours: Int
    /// The options, best first (at most as many as asked for); empty when none was found.
    public var options: [AdmissionOption]
    /// Wall-clock seconds the search took.
    public var elapsed: Double
    /// Whether the time limit stopped the search of options that move others before it had
    /// tried them all (the options found are still valid; more may exist).
    public var cutShort: Bool

    /// Builds a search result.
    public init(
        patient: PatientID, weeklyHours: Int, options: [AdmissionOption], elapsed: Double, cutShort: Bool = false
    ) {
        self.patient = patient
        self.weeklyHours = weeklyHours
        self.options = options
        self.elapsed = elapsed
        self.cutShort = cutShort
    }

    /// Whether some option places every prescribed hour.
    public var fitsFully: Bool { options.contains { $0.placedHours >= weeklyHours } }
}
