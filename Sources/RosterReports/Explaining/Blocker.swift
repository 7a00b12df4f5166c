import RosterKit

/// One thing that stops a patient from attending one more session-day, as found in the data.
enum Blocker: Hashable, Sendable {
    case cohortTooSmall(cohort: String, count: Int, minimum: Int)
    case noClinician
    case noRoom(minimum: Int, noneAvailable: Bool)
    case tooFewModalities(modalities: [Modality], sessionHours: Int, limit: Int)
    case cliniciansAtLimit(cohort: String, weekly: Bool, daily: Bool)
    case cliniciansBusy(cohort: String, orAtLimit: Bool)
    case roomsFull(cohort: String)
    case separation(cohort: String, partners: [PatientID])
    case tooFewToOpenGroup(cohort: String, count: Int, minimum: Int, groups: Int, members: Int)

    var kind: UnmetReason.Kind {
        switch self {
        case .cohortTooSmall: .cohortTooSmall
        case .noClinician: .noClinician
        case .noRoom: .noRoom
        case .tooFewModalities: .tooFewModalities
        case .cliniciansAtLimit: .cliniciansAtLimit
        case .cliniciansBusy: .cliniciansBusy
        case .roomsFull: .roomsFull
        case .separation: .separation
        case .tooFewToOpenGroup: .tooFewToOpenGroup
        }
    }

    /// Whether one more clinician at the session-day would remove this blocker.
    var isClinicianShortage: Bool {
        switch self {
        case .noClinician, .cliniciansAtLimit, .cliniciansBusy: true
        default: false
        }
    }

    /// Whether one more room at the session-day would remove this blocker.
    var isRoomShortage: Bool {
        switch self {
        case .noRoom, .roomsFull: true
        default: false
        }
    }

    /// The blocker in words, about the given session-days.
    func sentence(at sessionDays: [SessionDay]) -> String {
        let at = TextLayout.list(sessionDays.map(\.description))
        let noPlace = { (cohort: String) in "no \(cohort) group at \(at) has a free place for this patient" }
        switch self {
        case .cohortTooSmall(let cohort, let count, let minimum):
            let who = count == 1 ? "1 \(cohort) patient" : "\(count) \(cohort) patients"
            let each = sessionDays.count > 1 ? "each of " : ""
            return "only \(who) can attend \(each)\(at), fewer than the smallest group of \(minimum)"
        case .noClinician:
            return "no clinician is available at \(at)"
        case .noRoom(let minimum, let noneAvailable):
            return noneAvailable
                ? "no room is available at \(at)" : "no room available at \(at) holds the smallest group of \(minimum)"
        case .tooFewModalities(let modalities, let sessionHours, let limit):
            let trained =
                modalities.isEmpty
                ? "trained in no modality" : "trained only in \(TextLayout.list(modalities.map(\.rawValue)))"
            return
                "the clinicians available at \(at) are \(trained); with at most \(limit) groups of one modality a day"
                + " a patient cannot fill the \(sessionHours)-hour session"
        case .cliniciansAtLimit(let cohort, let weekly, let daily):
            let limit = weekly && daily ? "weekly or daily" : weekly ? "weekly" : "daily"
            return "\(noPlace(cohort)), and every clinician available then is at their \(limit) hour limit"
        case .cliniciansBusy(let cohort, let orAtLimit):
            return "\(noPlace(cohort)), and every clinician available then already leads a group"
                + (orAtLimit ? " or is at their hour limit" : "")
        case .roomsFull(let cohort):
            return "\(noPlace(cohort)), and all rooms available then are in use"
        case .separation(let cohort, let partners):
            let names = TextLayout.list(partners.map(\.rawValue))
            let verb = partners.count == 1 ? "who is" : "who are"
            return "must be kept apart from \(names), \(verb) in every \(cohort) group with a free place at \(at)"
        case .tooFewToOpenGroup(let cohort, let count, let minimum, let groups, let members):
            let who = count == 1 ? "1 \(cohort) patient" : "\(count) \(cohort) patients"
            if groups == 0 {
                return "a new \(cohort) group at \(at) would need \(minimum) patients, but only \(who) short of "
                    + "hours can come then"
            }
            return "\(noPlace(cohort)), and one more group would need \((groups + 1) * minimum) patients there"
                + " (\(minimum) a group), but there are only \(members) in its groups and \(count) short of "
                + "hours who can come"
        }
    }
}
