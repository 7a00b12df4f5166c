import RosterKit

/// Why some of a patient's hours are unmet: a kind tests and programs can match, and a sentence for people.
///
/// Sentences name patients by id only, never by name, so they can go into roster files and logs.
public struct UnmetReason: Hashable, Sendable, CustomStringConvertible {
    /// What stands in the way.
    public enum Kind: String, CaseIterable, Sendable {
        /// The patient's availability holds fewer hours than prescribed.
        case availability = "availability"
        /// `maxDaysPerWeek` holds fewer hours than prescribed.
        case maxDaysPerWeek = "max-days-per-week"
        /// The weekly hours cannot be made of whole sessions.
        case wholeSessions = "whole-sessions"
        /// Too few patients of the cohort can come at a session-day to fill the smallest group.
        case cohortTooSmall = "cohort-too-small"
        /// No clinician is available at a session-day.
        case noClinician = "no-clinician"
        /// The clinicians available at a session-day cover too few modalities to fill a whole
        /// session within `maxSameModalityPerDay`.
        case tooFewModalities = "too-few-modalities"
        /// Every clinician who could lead a new group is at their weekly or daily hour limit.
        case cliniciansAtLimit = "clinicians-at-limit"
        /// Every clinician available then already leads a group (full, or of another cohort).
        case cliniciansBusy = "clinicians-busy"
        /// No room is available at a session-day, or none holds the smallest group.
        case noRoom = "no-room"
        /// Every room available then already hosts a group.
        case roomsFull = "rooms-full"
        /// The only groups with a free place hold someone the patient must be kept apart from.
        case separation = "separation"
        /// A new group would need more patients of the cohort than can come.
        case tooFewToOpenGroup = "too-few-to-open-group"
        /// No single rule rules the hours out: placing them would cost more elsewhere, or the
        /// search stopped before finding them.
        case noBlockingRule = "no-blocking-rule"
    }

    /// What stands in the way, for programs and tests to match.
    public var kind: Kind
    /// The reason for people, naming patients by id only.
    public var sentence: String
    /// The session-days the reason is about (empty for reasons about the whole week).
    public var sessionDays: [SessionDay]

    /// Builds a reason.
    public init(_ kind: Kind, _ sentence: String, sessionDays: [SessionDay] = []) {
        self.kind = kind
        self.sentence = sentence
        self.sessionDays = sessionDays
    }

    public var description: String { sentence }

    /// `{"kind": ..., "sentence": ..., "sessionDays": [...]}`.
    public var json: JSONValue {
        [
            "kind": .string(kind.rawValue), "sentence": .string(sentence),
            "sessionDays": .array(sessionDays.map { .string($0.description) }),
        ]
    }
}

/// One patient's unmet hours and every reason found for them.
public struct UnmetHours: Hashable, Sendable {
    /// The patient.
    public var patient: PatientID
    /// Prescribed weekly hours minus scheduled hours (as the checker counts them).
    public var hours: Int
    /// The patient's prescription.
    public var weeklyHours: Int
    /// Every reason found: the patient's own constraints first, then what blocks each session-day.
    public var reasons: [UnmetReason]

    /// `{"patient": ..., "hours": ..., "reasons": [...]}`, as roster files embed it.
    public var json: JSONValue {
        ["patient": .string(patient.rawValue), "hours": .integer(hours), "reasons": .array(reasons.map(\.json))]
    }
}

/// One change to the instance that would let more hours be placed, with how many at most.
public struct Suggestion: Hashable, Sendable, CustomStringConvertible {
    /// What the suggestion adds.
    public enum Kind: String, CaseIterable, Sendable {
        /// Another clinician at the session-day.
        case addClinician = "add-clinician"
        /// Another room at the session-day.
        case addRoom = "add-room"
        /// Both another clinician and another room at the session-day.
        case addClinicianAndRoom = "add-clinician-and-room"
    }

    /// What the suggestion adds: a clinician, a room, or both.
    public var kind: Kind
    /// When the new clinician or room is needed.
    public var sessionDay: SessionDay
    /// The cohort of the patients it helps.
    public var cohort: String
    /// The modality the clinician should be trained in (the most common track of the patients it helps).
    public var modality: Modality?
    /// The most patient-hours the change could place.
    public var patientHours: Int
    /// The patients it could help, by id.
    public var patients: [PatientID]
    /// The suggestion for people, naming patients by id only.
    public var sentence: String

    public var description: String { sentence }

    /// The suggestion as JSON, every member above plus `sentence`.
    public var json: JSONValue {
        [
            "kind": .string(kind.rawValue), "sessionDay": .string(sessionDay.description), "cohort": .string(cohort),
            "modality": modality.map { .string($0.rawValue) } ?? .null, "patientHours": .integer(patientHours),
            "patients": .array(patients.map { .string($0.rawValue) }), "sentence": .string(sentence),
        ]
    }
}

/// Every patient's unmet hours with reasons, and changes that would help.
public struct UnmetExplanation: Hashable, Sendable {
    /// Patients with unmet hours, in the instance's order.
    public var patients: [UnmetHours]
    /// Changes that would place more hours, most hours first.
    public var suggestions: [Suggestion]

    /// Unmet hours over all patients.
    public var totalHours: Int { patients.reduce(0) { $0 + $1.hours } }

    /// The reasons for one patient's unmet hours, if they have any.
    public func reasons(for patient: PatientID) -> [UnmetReason] {
        patients.first { $0.patient == patient }?.reasons ?? []
    }
}
