/// A patient's prescription and constraints for the week.
public struct Patient: Hashable, Sendable, Identifiable {
    /// The patient's id, unique in the instance.
    public var id: PatientID
    /// Free text and health information: only for outputs meant for people, never for logs or errors.
    public var name: String?
    /// The patient's cohort (`adult` unless given); groups never mix cohorts.
    public var cohort: String
    /// The preferred modality (treatment track).
    public var track: Modality
    /// The optional second-choice modality; its hours are scored by the secondary-hour weight.
    public var secondary: Modality?
    /// Prescribed group hours this week (0 or more); each group is one hour.
    public var weeklyHours: Int
    /// The session-days the patient can attend.
    public var availability: Availability
    /// Most days the patient may attend this week, or `nil` for no limit.
    public var maxDaysPerWeek: Int?
    /// Last week's session-days, or `nil` when unknown (then continuity is not scored).
    public var previous: [SessionDay]?
    /// Patients this one must never share a group with, as written (the relation is symmetric).
    public var separateFrom: [PatientID]

    /// The cohort of a patient (and a group) that names none.
    public static let defaultCohort = "adult"

    /// Builds a patient; everything but id, track and weekly hours has the spec's default.
    public init(
        id: PatientID, name: String? = nil, cohort: String = Patient.defaultCohort, track: Modality,
        secondary: Modality? = nil, weeklyHours: Int, availability: Availability = .always,
        maxDaysPerWeek: Int? = nil, previous: [SessionDay]? = nil, separateFrom: [PatientID] = []
    ) {
        self.id = id
        self.name = name
        self.cohort = cohort
        self.track = track
        self.secondary = secondary
        self.weeklyHours = weeklyHours
        self.availability = availability
        self.maxDaysPerWeek = maxDaysPerWeek
        self.previous = previous
        self.separateFrom = separateFrom
    }

    /// How a group of `modality` counts for this patient in the objective.
    public func preference(for modality: Modality) -> ModalityPreference {
        if modality == track { return .track }
        if modality == secondary { return .secondary }
        return .other
    }
}

/// Where a modality stands in a patient's preferences.
public enum ModalityPreference: Int, Comparable, Sendable {
    /// The patient's track, their secondary choice, or neither; only secondary and other hours are weighted.
    case track, secondary, other
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A clinician who leads groups of the modalities they are trained in.
public struct Clinician: Hashable, Sendable, Identifiable {
    /// The clinician's id, unique in the instance.
    public var id: ClinicianID
    /// Free text: only for outputs meant for people, never for logs or errors.
    public var name: String?
    /// The modalities the clinician is trained in, and so may lead.
    public var modalities: [Modality]
    /// The session-days the clinician can lead groups.
    public var availability: Availability
    /// Most groups (hours) the clinician may lead this week, or `nil` for no limit.
    public var maxHoursPerWeek: Int?
    /// Most groups (hours) the clinician may lead on one day, or `nil` for no limit.
    public var maxHoursPerDay: Int?

    /// Builds a clinician; availability and hour limits default to "always" and "no limit".
    public init(
        id: ClinicianID, name: String? = nil, modalities: [Modality], availability: Availability = .always,
        maxHoursPerWeek: Int? = nil, maxHoursPerDay: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.modalities = modalities
        self.availability = availability
        self.maxHoursPerWeek = maxHoursPerWeek
        self.maxHoursPerDay = maxHoursPerDay
    }

    /// Whether the clinician may lead groups of `modality`.
    public func isTrained(in modality: Modality) -> Bool { modalities.contains(modality) }
}

/// A group room.
public struct Room: Hashable, Sendable, Identifiable {
    /// The room's id, unique in the instance.
    public var id: RoomID
    /// Most patients the room holds (a positive whole number).
    public var capacity: Int
    /// The session-days the room can be used.
    public var availability: Availability

    /// Builds a room holding `capacity` patients.
    public init(id: RoomID, capacity: Int, availability: Availability = .always) {
        self.id = id
        self.capacity = capacity
        self.availability = availability
    }
}
