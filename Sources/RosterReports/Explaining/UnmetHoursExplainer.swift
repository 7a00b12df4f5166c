import RosterKit

/// Explains, for every patient with unmet hours, why: reasons found in the instance and the
/// roster, in words, and the changes that would place more hours.
///
/// A patient's reasons come in two layers. First what their own constraints take away
/// (availability, `maxDaysPerWeek`, whole sessions; see `HoursCap`). Then, for the hours
/// their constraints would allow, every session-day they could still attend is examined hour
/// by hour: can they join a group there, or could a new group open (a free clinician, a free
/// room, enough patients)? What stops both is a reason. Session-days where nothing is found
/// give the honest fallback ``UnmetReason/Kind/noBlockingRule``.
///
/// ```swift
/// let explanation = UnmetHoursExplainer(instance).explain(roster, status: outcome.status)
/// for patient in explanation.patients { print(patient.patient, patient.hours, patient.reasons) }
/// ```
///
/// - Complexity: O(unmet patients x session-days x slots x groups per slot), plus, once per
///   time slot, O(clinicians + rooms) and, once per session-day and cohort, O(patients).
public struct UnmetHoursExplainer: Sendable {
    /// The instance the explainer reads, indexed.
    public let index: InstanceIndex

    /// An explainer for `instance`.
    public init(_ instance: Instance) { index = InstanceIndex(instance) }
    /// An explainer sharing an index already built.
    public init(index: InstanceIndex) { self.index = index }

    /// The reasons for every unmet hour of `roster`; `status` says how the roster was solved,
    /// which decides how the fallback reason is worded.
    ///
    /// Past `deadline` (on `ContinuousClock`), each remaining patient gets one reason saying the
    /// time limit ended the explanation (a week of thousands of unmet patients
    /// takes longer to explain than the command may run).
    public func explain(_ roster: Roster, status: SolveStatus? = nil, deadline: ContinuousClock.Instant? = nil)
        -> UnmetExplanation
    {
        explain(occupancy: RosterOccupancy(roster, index: index), status: status, deadline: deadline)
    }

    /// The same, from the roster's occupancy already built (``RosterFacts`` builds it once).
    func explain(occupancy: RosterOccupancy, status: SolveStatus?, deadline: ContinuousClock.Instant?)
        -> UnmetExplanation
    {
        var search = PlacementSearch(index: index, occupancy: occupancy)
        var patients: [UnmetHours] = []
        var blocked: [BlockedSessionDay] = []
        for patient in index.instance.patients {
            let scheduled = search.occupancy.scheduledHours(patient.id)
            let unmet = patient.weeklyHours - scheduled
            guard unmet > 0 else { continue }
            let notExamined = UnmetHours(
                patient: patient.id, hours: unmet, weeklyHours: patient.weeklyHours,
                reasons: [UnmetReason(.noBlockingRule, Self.notExamined, sessionDays: [])])
            if let deadline, ContinuousClock.now >= deadline {
                patients.append(notExamined)
                continue
            }
            let cap = HoursCap(patient, instance: index.instance)
            var reasons = cap.reasons(instance: index.instance)
            if scheduled < cap.hours {
                // One patient available at thousands of session-days takes a while: the deadline
                // is asked at each of them too.
                guard let findings = search.blockers(for: patient, cap: cap, unmet: unmet, deadline: deadline) else {
                    patients.append(notExamined)
                    continue
                }
                blocked += findings.blocked
                reasons += Self.reasons(from: findings.blocked)
                if !findings.open.isEmpty || findings.blocked.isEmpty {
                    reasons.append(Self.fallback(open: findings.open, status: status))
                }
            }
            patients.append(
                UnmetHours(patient: patient.id, hours: unmet, weeklyHours: patient.weeklyHours, reasons: reasons))
        }
        let suggestions = SuggestionFinder(index: index, occupancy: search.occupancy).suggestions(from: blocked)
        return UnmetExplanation(patients: patients, suggestions: suggestions)
    }

    /// The reason of a patient the time limit left unexamined.
    static let notExamined = "not examined: the time limit ended the explanation before this patient"

    /// One reason per distinct blocker, listing the session-days it blocks, in kind order.
    private static func reasons(from blocked: [BlockedSessionDay]) -> [UnmetReason] {
        var order: [Blocker] = []
        var sessionDays: [Blocker: [SessionDay]] = [:]
        for entry in blocked {
            for blocker in entry.blockers {
                if sessionDays[blocker] == nil { order.append(blocker) }
                sessionDays[blocker, default: []].append(entry.sessionDay)
            }
        }
        let kinds = UnmetReason.Kind.allCases
        return order.enumerated().sorted { lhs, rhs in
            let left = kinds.firstIndex(of: lhs.element.kind)!
            let right = kinds.firstIndex(of: rhs.element.kind)!
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map { _, blocker in
            let days = sessionDays[blocker]!
            return UnmetReason(blocker.kind, blocker.sentence(at: days), sessionDays: days)
        }
    }

    /// The reason when no rule was found in the way, worded by how the roster was solved.
    static func fallback(open: [SessionDay], status: SolveStatus?) -> UnmetReason {
        let start =
            open.isEmpty
            ? "more hours would need other session-days for this patient than this roster gives them"
            : "nothing found rules out more hours at \(TextLayout.list(open.map(\.description)))"
        let tail =
            switch status {
            case .optimal:
                "the roster is optimal, so more hours for this patient cannot be had without a greater loss elsewhere"
            case .feasible:
                "the solver stopped at its gap target: placing them may cost more than it saves, or a longer "
                    + "search may find them"
            case .timeLimit:
                "the solver ran out of time before placing them, or placing them costs more than it saves"
            case .interrupted:
                "the search was interrupted before placing them, or placing them costs more than it saves"
            case .heuristic, .fallback:
                "the heuristic roster proves nothing either way: placing them may cost more than it saves, "
                    + "or a longer search may find them"
            case nil:
                "placing them may cost more than it saves, or the search stopped before finding them"
            }
        return UnmetReason(.noBlockingRule, "\(start); \(tail)", sessionDays: open)
    }
}

/// A session-day a patient could attend by their own constraints, and what stops it.
struct BlockedSessionDay: Sendable {
    var patient: PatientID
    var cohort: String
    var track: Modality
    var sessionDay: SessionDay
    var hours: Int
    var blockers: [Blocker]
}

/// Looks for a place for one more session of a patient in a roster, hour by hour.
struct PlacementSearch {
    let index: InstanceIndex
    let occupancy: RosterOccupancy
    private var staticCache: [SessionDayCohort: [Blocker]] = [:]
    private var shortCache: [SessionDayCohort: Set<PatientID>] = [:]
    private var resourceCache: [TimeSlot: SlotResources] = [:]
    /// The instance's modalities as a set (a clinician may list thousands).
    private let listedModalities: Set<Modality>
    /// The smallest group any modality allows.
    private let smallestGroup: Int
    /// Per clinician, the smallest group of a listed modality they lead (nil: none listed).
    private let smallestLedGroup: [ClinicianID: Int]

    init(index: InstanceIndex, occupancy: RosterOccupancy) {
        self.index = index
        self.occupancy = occupancy
        let listed = Set(index.instance.modalities)
        listedModalities = listed
        let policy = index.instance.policy
        smallestGroup =
            index.instance.modalities.map { policy.sizeRange(for: $0).lowerBound }.min() ?? policy.minGroupSize
        smallestLedGroup = Dictionary(
            index.instance.clinicians.compactMap { clinician in
                clinician.modalities.filter(listed.contains).map { policy.sizeRange(for: $0).lowerBound }.min().map {
                    (clinician.id, $0)
                }
            }, uniquingKeysWith: min)
    }

    private var instance: Instance { index.instance }
    private var policy: Policy { instance.policy }

    /// The session-days the patient could still attend, split into blocked ones (with blockers) and
    /// open ones; nil when `deadline` passed before every one of them was looked at.
    mutating func blockers(for patient: Patient, cap: HoursCap, unmet: Int, deadline: ContinuousClock.Instant? = nil)
        -> (blocked: [BlockedSessionDay], open: [SessionDay])?
    {
        let attended = Set(occupancy.sessionDays(of: patient.id).map(\.day))
        guard attended.count < patient.maxDaysPerWeek ?? Int.max else { return ([], []) }
        var blocked: [BlockedSessionDay] = []
        var open: [SessionDay] = []
        for sessionDay in cap.availableSessionDays where !attended.contains(sessionDay.day) {
            guard let session = index.sessions[sessionDay.session], session.hours <= unmet else { continue }
            if let deadline, ContinuousClock.now >= deadline { return nil }
            let found = blockers(for: patient, at: sessionDay, session: session)
            if found.isEmpty {
                open.append(sessionDay)
            } else {
                blocked.append(
                    BlockedSessionDay(
                        patient: patient.id, cohort: patient.cohort, track: patient.track, sessionDay: sessionDay,
                        hours: session.hours, blockers: found))
            }
        }
        return (blocked, open)
    }

    /// What stops the patient from attending every hour of the session-day; empty when nothing does.
    private mutating func blockers(for patient: Patient, at sessionDay: SessionDay, session: Session) -> [Blocker] {
        let fixed = staticBlockers(cohort: patient.cohort, at: sessionDay, session: session)
        guard fixed.isEmpty else { return fixed }
        var found: [Blocker] = []
        for slot in session.slots {
            for blocker in slotBlockers(for: patient, at: TimeSlot(sessionDay, slot: slot), session: session) {
                if case .separation(let cohort, let partners) = blocker,
                    let position = found.firstIndex(where: { if case .separation = $0 { true } else { false } }),
                    case .separation(_, let earlier) = found[position]
                {
                    found[position] = .separation(cohort: cohort, partners: Array(Set(earlier + partners)).sorted())
                } else if !found.contains(blocker) {
                    found.append(blocker)
                }
            }
        }
        return found
    }

    /// Blockers that follow from the instance alone, whatever the roster.
    private mutating func staticBlockers(cohort: String, at sessionDay: SessionDay, session: Session) -> [Blocker] {
        let key = SessionDayCohort(sessionDay: sessionDay, cohort: cohort)
        if let cached = staticCache[key] { return cached }
        var found: [Blocker] = []
        let attendees = instance.patients.count {
            $0.cohort == cohort && $0.weeklyHours >= session.hours && $0.availability.allows(sessionDay)
        }
        if attendees < smallestGroup {
            found.append(.cohortTooSmall(cohort: cohort, count: attendees, minimum: smallestGroup))
        }
        let clinicians = instance.clinicians.filter { $0.availability.allows(sessionDay) }
        if clinicians.isEmpty {
            found.append(.noClinician)
        } else {
            // Enough modalities fill the session; counting stops there (clinicians may list thousands).
            let enough =
                (session.hours + max(1, policy.maxSameModalityPerDay) - 1) / max(1, policy.maxSameModalityPerDay)
            var led: Set<Modality> = []
            for modality in clinicians.lazy.flatMap(\.modalities)
            where led.count < enough && listedModalities.contains(modality) {
                led.insert(modality)
            }
            let modalities = led.sorted()
            if session.hours > modalities.count * policy.maxSameModalityPerDay {
                found.append(
                    .tooFewModalities(
                        modalities: modalities, sessionHours: session.hours, limit: policy.maxSameModalityPerDay))
            }
        }
        if instance.plansRooms {
            let available = instance.rooms.filter { $0.availability.allows(sessionDay) }
            if !available.contains(where: { $0.capacity >= smallestGroup }) {
                found.append(.noRoom(minimum: smallestGroup, noneAvailable: available.isEmpty))
            }
        }
        staticCache[key] = found
        return found
    }

    /// What stops the patient from sitting in a group at one hour: no group with a free place
    /// they may join, and no new group can open.
    private mutating func slotBlockers(for patient: Patient, at slot: TimeSlot, session: Session) -> [Blocker] {
        let cohort = patient.cohort
        let sameCohort = (occupancy.groupsAt[slot] ?? []).filter { $0.cohort == cohort }
        let withPlace = sameCohort.filter(hasFreePlace)
        let partners = Set(withPlace.flatMap(\.patients).filter { index.mustSeparate(patient.id, $0) })
        if withPlace.contains(where: { $0.patients.allSatisfy { !index.mustSeparate(patient.id, $0) } }) { return [] }

        var found: [Blocker] = []
        if !withPlace.isEmpty { found.append(.separation(cohort: cohort, partners: partners.sorted())) }
        let resources = resources(at: slot)
        switch resources.clinicians {
        case .free: break
        case .busy(let orAtLimit): found.append(.cliniciansBusy(cohort: cohort, orAtLimit: orAtLimit))
        case .atLimit(let weekly, let daily):
            found.append(.cliniciansAtLimit(cohort: cohort, weekly: weekly, daily: daily))
        }
        if !resources.roomFree { found.append(.roomsFull(cohort: cohort)) }
        let minimum = resources.minimum
        if found.allSatisfy({ $0.kind == .separation }) {
            // A clinician and a room are free: a new group needs enough patients, counting those
            // who could move over from the cohort's groups at this hour.
            let short = shortOfHours(cohort: cohort, at: slot.sessionDay, hours: session.hours)
            let apart = (index.separations[patient.id] ?? []).count { short.contains($0) }
            let others = short.count - (short.contains(patient.id) ? 1 : 0) - apart
            let members = sameCohort.reduce(0) { $0 + $1.size }
            if 1 + others + members < (sameCohort.count + 1) * minimum {
                found.append(
                    .tooFewToOpenGroup(
                        cohort: cohort, count: 1 + others, minimum: minimum, groups: sameCohort.count, members: members)
                )
            } else {
                return []  // a new group could open (without any separated patient)
            }
        }
        return found
    }

    /// Whether a new group could open at a time slot, as far as clinicians and rooms go.
    private struct SlotResources {
        enum Clinicians {
            case free
            /// Every available clinician leads a group then (`orAtLimit`: or is at an hour limit).
            case busy(orAtLimit: Bool)
            /// Every available clinician is idle then but at their weekly or daily limit.
            case atLimit(weekly: Bool, daily: Bool)
        }
        var clinicians: Clinicians
        /// The smallest group the free clinicians could lead.
        var minimum: Int
        /// Whether a room that holds that group is free (always, when rooms are not planned).
        var roomFree: Bool
    }

    /// The clinicians and rooms free at a time slot; the same for every patient, so kept.
    private mutating func resources(at slot: TimeSlot) -> SlotResources {
        if let cached = resourceCache[slot] { return cached }
        let available = instance.clinicians.filter { $0.availability.allows(slot.sessionDay) }
        let free = available.filter { !occupancy.isBusy($0.id, at: slot) && hasHoursLeft($0, on: slot.day) }
        let idle = available.filter { !occupancy.isBusy($0.id, at: slot) }
        let clinicians: SlotResources.Clinicians =
            if !free.isEmpty {
                .free
            } else if idle.isEmpty {
                .busy(orAtLimit: false)
            } else if idle.count == available.count {
                .atLimit(
                    weekly: idle.contains { clinician in
                        clinician.maxHoursPerWeek.map { occupancy.weekHours(clinician.id) >= $0 } ?? false
                    },
                    daily: idle.contains { clinician in
                        clinician.maxHoursPerDay.map { occupancy.dayHours(clinician.id, day: slot.day) >= $0 } ?? false
                    })
            } else {
                .busy(orAtLimit: true)
            }
        let minimum =
            free.compactMap { smallestLedGroup[$0.id] }.min() ?? smallestGroup
        let roomFree =
            !instance.plansRooms
            || instance.rooms.contains {
                $0.availability.allows(slot.sessionDay) && $0.capacity >= minimum && !occupancy.isBusy($0.id, at: slot)
            }
        let resources = SlotResources(clinicians: clinicians, minimum: minimum, roomFree: roomFree)
        resourceCache[slot] = resources
        return resources
    }

    /// Whether a group can take one more patient: below its modality's maximum and its room's capacity.
    private func hasFreePlace(_ group: Group) -> Bool {
        guard group.size < policy.sizeRange(for: group.modality).upperBound else { return false }
        guard let room = group.room.flatMap({ index.rooms[$0] }) else { return true }
        return group.size < room.capacity
    }

    private func hasHoursLeft(_ clinician: Clinician, on day: String) -> Bool {
        if let limit = clinician.maxHoursPerWeek, occupancy.weekHours(clinician.id) >= limit { return false }
        if let limit = clinician.maxHoursPerDay, occupancy.dayHours(clinician.id, day: day) >= limit { return false }
        return true
    }

    /// Patients of the cohort who could come to the session-day for a whole session more:
    /// available, not there that day yet, short of at least the session's hours, below their day limit.
    private mutating func shortOfHours(cohort: String, at sessionDay: SessionDay, hours: Int) -> Set<PatientID> {
        let key = SessionDayCohort(sessionDay: sessionDay, cohort: cohort)
        if let cached = shortCache[key] { return cached }
        let matching = instance.patients.filter { patient in
            guard patient.cohort == cohort, patient.availability.allows(sessionDay),
                patient.weeklyHours - occupancy.scheduledHours(patient.id) >= hours
            else { return false }
            let days = Set(occupancy.sessionDays(of: patient.id).map(\.day))
            return !days.contains(sessionDay.day) && days.count < patient.maxDaysPerWeek ?? Int.max
        }
        let found = Set(matching.map(\.id))
        shortCache[key] = found
        return found
    }
}

struct SessionDayCohort: Hashable {
    var sessionDay: SessionDay
    var cohort: String
}
