/// A patient's prescription and constraints for the week.
public struct Patient: Hashable, Sendable, Identifiable {
    public var id: PatientID
    /// Free text and health information: only for outputs meant for people, never for logs or errors.
    public var name: String?
    public var cohort: String
    /// The preferred modality (treatment track).
    public var track: Modality
    public var secondary: Modality?
    public var weeklyHours: Int
    public var availability: Availability
    public var maxDaysPerWeek: Int?
    /// Last week's session-days, or `nil` when unknown (then continuity is not scored).
    public var previous: [SessionDay]?
    /// Patients this one must never share a group with, as written (the relation is symmetric).
    public var separateFrom: [PatientID]

    public static let defaultCohort = "adult"

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
    case track, secondary, other
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A clinician who leads groups of the modalities they are trained in.
public struct Clinician: Hashable, Sendable, Identifiable {
    public var id: ClinicianID
    public var name: String?
    public var modalities: [Modality]
    public var availability: Availability
    public var maxHoursPerWeek: Int?
    public var maxHoursPerDay: Int?

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

    public func isTrained(in modality: Modality) -> Bool { modalities.contains(modality) }
}

/// A group room.
public struct Room: Hashable, Sendable, Identifiable {
    public var id: RoomID
    public var capacity: Int
    public var availability: Availability

    public init(id: RoomID, capacity: Int, availability: Availability = .always) {
        self.id = id
        self.capacity = capacity
        self.availability = availability
    }
}
