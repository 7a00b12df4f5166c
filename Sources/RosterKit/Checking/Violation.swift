/// The hard rules of `shared/spec/MODEL.md`, one case per thing a roster can get wrong.
public enum HardRule: String, CaseIterable, Sendable, Comparable {
    // Rule 1: groups
    /// Rule 1: A group meets at a listed day, session and slot, in a listed modality.
    case groupPlacement = "group-placement"
    /// Rule 1: A group's size is within the modality's minimum and maximum.
    case groupSize = "group-size"
    /// Rule 1: A group's patients exist and are listed once.
    case groupMembers = "group-members"
    // Rule 2
    /// Rule 2: Groups never mix cohorts.
    case cohort = "cohort"
    // Rule 3: clinicians
    /// Rule 3: A group's clinician exists.
    case clinicianExists = "clinician-exists"
    /// Rule 3: A clinician leads only modalities they are trained in.
    case clinicianTrained = "clinician-trained"
    /// Rule 3: A clinician leads only at session-days they are available.
    case clinicianAvailable = "clinician-available"
    /// Rule 3: A clinician leads at most one group per hour.
    case clinicianDoubleBooked = "clinician-double-booked"
    /// Rule 3: A clinician stays within their weekly and daily hour limits.
    case clinicianHours = "clinician-hours"
    // Rule 4: rooms
    /// Rule 4: A group has a listed room exactly when the instance lists rooms.
    case roomAssigned = "room-assigned"
    /// Rule 4: A room is used only when it is available.
    case roomAvailable = "room-available"
    /// Rule 4: A room holds the whole group.
    case roomCapacity = "room-capacity"
    /// Rule 4: A room hosts at most one group per hour.
    case roomDoubleBooked = "room-double-booked"
    // Rule 5: patients
    /// Rule 5: A patient sits in at most one group per hour.
    case patientDoubleBooked = "patient-double-booked"
    /// Rule 5: A patient attends at most one session a day.
    case patientOneSessionPerDay = "patient-one-session-per-day"
    /// Rule 5: A patient attends every hour of a session they come to.
    case patientFullSessions = "patient-full-sessions"
    /// Rule 5: A patient is scheduled only when available.
    case patientAvailable = "patient-available"
    /// Rule 5: A patient gets no more than their weekly hours.
    case patientWeeklyHours = "patient-weekly-hours"
    /// Rule 5: A patient comes on no more days than their maximum.
    case patientMaxDays = "patient-max-days"
    /// Rule 5: A patient attends a modality at most the allowed number of times a day.
    case patientSameModalityPerDay = "patient-same-modality-per-day"
    // Rule 6
    /// Rule 6: Patients who must be separated never share a group.
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
