import RosterKit

/// The difference between two rosters (two revisions of a week, or two weeks): the objective's
/// total and terms before and after, how many groups stayed, came and went, and each patient whose
/// session-days or groups changed. What `week diff` prints and the History page shows.
///
/// ```swift
/// let diff = WeekDiff(from: .init(instance: old, roster: oldRoster), to: .init(instance: new, roster: newRoster))
/// for term in diff.changedTerms { print("\(term.key): \(term.before) -> \(term.after)") }
/// ```
///
/// Patients appear by id only.
public struct WeekDiff: Sendable {
    /// One side of the comparison: a roster and the instance it was planned against.
    public struct Side: Sendable {
        /// The instance the roster was planned against.
        public var instance: Instance
        /// The roster.
        public var roster: Roster

        /// A side from its parts.
        public init(instance: Instance, roster: Roster) {
            self.instance = instance
            self.roster = roster
        }
    }

    /// One objective term before and after.
    public struct Term: Sendable, Equatable {
        /// The term's key as roster files write it (`unmetHours`, `groups`...).
        public var key: String
        /// Its value in the first roster.
        public var before: Int
        /// Its value in the second roster.
        public var after: Int
    }

    /// One patient whose schedule differs.
    public struct PatientChange: Sendable, Equatable {
        /// The patient.
        public var patient: PatientID
        /// The session-days attended in the first roster (empty when not in it), in week order.
        public var daysBefore: [SessionDay]
        /// The session-days attended in the second roster.
        public var daysAfter: [SessionDay]
        /// How many of the patient's groups (time slot, modality, clinician) are new in the second.
        public var groupsNew: Int
        /// How many of the patient's groups of the first are gone in the second.
        public var groupsGone: Int
        /// Whether the patient is in only one of the two instances.
        public var presence: Presence
    }

    /// Whether a patient is on both sides.
    public enum Presence: String, Sendable, Equatable {
        case both
        case onlyBefore = "only before"
        case onlyAfter = "only after"
    }

    /// The objective totals before and after.
    public let totals: (before: Double, after: Double)
    /// Every term, in roster files' order.
    public let terms: [Term]
    /// Groups in both rosters, only in the second, only in the first.
    public let groups: (unchanged: Int, new: Int, gone: Int)
    /// The patients whose days or groups changed, by id.
    public let patients: [PatientChange]

    /// The terms whose value changed.
    public var changedTerms: [Term] { terms.filter { $0.before != $0.after } }

    /// Compares `from` with `to`, each checked against its own instance.
    public init(from: Side, to: Side) {
        let before = RosterChecker(from.instance).check(from.roster)
        let after = RosterChecker(to.instance).check(to.roster)
        totals = (before.total, after.total)
        let keys = ["unmetHours", "otherModalityHours", "secondaryModalityHours", "groups", "continuityBreaks"]
        let old = before.terms.json(from.instance.policy.weights).objectValue ?? JSONObject()
        let new = after.terms.json(to.instance.policy.weights).objectValue ?? JSONObject()
        terms = keys.map { Term(key: $0, before: old[$0]?.integerValue ?? 0, after: new[$0]?.integerValue ?? 0) }
        let oldGroups = Set(from.roster.groups)
        let newGroups = Set(to.roster.groups)
        groups = (
            oldGroups.intersection(newGroups).count, newGroups.subtracting(oldGroups).count,
            oldGroups.subtracting(newGroups).count
        )
        let index = InstanceIndex(to.instance)
        func order(_ days: Set<SessionDay>) -> [SessionDay] {
            days.sorted {
                (index.dayOrder[$0.day] ?? .max, index.sessionOrder[$0.session] ?? .max, $0.description)
                    < (index.dayOrder[$1.day] ?? .max, index.sessionOrder[$1.session] ?? .max, $1.description)
            }
        }
        let first = Self.schedules(from.roster)
        let second = Self.schedules(to.roster)
        let inFirst = Set(from.instance.patients.map(\.id))
        let inSecond = Set(to.instance.patients.map(\.id))
        patients = inFirst.union(inSecond).sorted().compactMap { id in
            let old = first[id] ?? Schedule()
            let new = second[id] ?? Schedule()
            let presence: Presence = inFirst.contains(id) ? (inSecond.contains(id) ? .both : .onlyBefore) : .onlyAfter
            guard old != new || presence != .both else { return nil }
            return PatientChange(
                patient: id, daysBefore: order(old.days), daysAfter: order(new.days),
                groupsNew: new.groups.subtracting(old.groups).count,
                groupsGone: old.groups.subtracting(new.groups).count, presence: presence)
        }
    }

    private struct Schedule: Equatable {
        var days: Set<SessionDay> = []
        var groups: Set<[String]> = []
    }

    private static func schedules(_ roster: Roster) -> [PatientID: Schedule] {
        var result: [PatientID: Schedule] = [:]
        for group in roster.groups {
            let key = [group.timeSlot.description, group.modality.rawValue, group.clinician.rawValue]
            for patient in group.patients {
                result[patient, default: Schedule()].days.insert(group.timeSlot.sessionDay)
                result[patient, default: Schedule()].groups.insert(key)
            }
        }
        return result
    }
}
