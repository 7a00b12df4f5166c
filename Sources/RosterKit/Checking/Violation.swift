/// The hard rules of `shared/spec/MODEL.md`, one case per thing a roster can get wrong.
public enum HardRule: String, CaseIterable, Sendable, Comparable {
    // Rule 1: groups
    case groupPlacement = "group-placement"
    case groupSize = "group-size"
    case groupMembers = "group-members"
    // Rule 2
    case cohort = "cohort"
    // Rule 3: clinicians
    case clinicianExists = "clinician-exists"
    case clinicianTrained = "clinician-trained"
    case clinicianAvailable = "clinician-available"
    case clinicianDoubleBooked = "clinician-double-booked"
    case clinicianHours = "clinician-hours"
    // Rule 4: rooms
    case roomAssigned = "room-assigned"
    case roomAvailable = "room-available"
    case roomCapacity = "room-capacity"
    case roomDoubleBooked = "room-double-booked"
    // Rule 5: patients
    case patientDoubleBooked = "patient-double-booked"
    case patientOneSessionPerDay = "patient-one-session-per-day"
    case patientFullSessions = "patient-full-sessions"
    case patientAvailable = "patient-available"
    case patientWeeklyHours = "patient-weekly-hours"
    case patientMaxDays = "patient-max-days"
    case patientSameModalityPerDay = "patient-same-modality-per-day"
    // Rule 6
    case separation = "separation"

    /// The rule as the director would say it.
    public var summary: String {
        switch self {
        case .groupPlacement: "a group meets at a listed day, session and slot, in a listed modality"
        case .groupSize: "a group's size is within the modality's minimum and maximum"
        case .groupMembers: "a group's patients exist and are listed once"
        case .cohort: "groups never mix cohorts"
        case .clinicianExists: "a group's clinician exists"
        case .clinicianTrained: "a clinician leads only modalities they are trained in"
        case .clinicianAvailable: "a clinician leads only at session-days they are available"
        case .clinicianDoubleBooked: "a clinician leads at most one group per hour"
        case .clinicianHours: "a clinician stays within their weekly and daily hour limits"
        case .roomAssigned: "a group has a listed room exactly when the instance lists rooms"
        case .roomAvailable: "a room is used only when it is available"
        case .roomCapacity: "a room holds the whole group"
        case .roomDoubleBooked: "a room hosts at most one group per hour"
        case .patientDoubleBooked: "a patient sits in at most one group per hour"
        case .patientOneSessionPerDay: "a patient attends at most one session a day"
        case .patientFullSessions: "a patient attends every hour of a session they come to"
        case .patientAvailable: "a patient is scheduled only when available"
        case .patientWeeklyHours: "a patient gets no more than their weekly hours"
        case .patientMaxDays: "a patient comes on no more days than their maximum"
        case .patientSameModalityPerDay: "a patient attends a modality at most the allowed number of times a day"
        case .separation: "patients who must be separated never share a group"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One broken hard rule, in words, with the group at fault when there is one.
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    /// The rule broken.
    public var rule: HardRule
    /// Position of the group in the roster's `groups`, when one group is at fault.
    public var groupIndex: Int?
    /// What is wrong, naming ids and times, never a patient's name.
    public var message: String

    /// Builds a violation; `groupIndex` is the position in the roster's `groups`, when one group is at fault.
    public init(_ rule: HardRule, group groupIndex: Int? = nil, _ message: String) {
        self.rule = rule
        self.groupIndex = groupIndex
        self.message = message
    }

    public var description: String {
        groupIndex.map { "groups[\($0)]: \(message)" } ?? message
    }
}
